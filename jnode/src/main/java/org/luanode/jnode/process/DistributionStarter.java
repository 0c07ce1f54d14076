package org.luanode.jnode.process;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * What the process model needs from the distribution layer to become a node: starting it, and the
 * naming and cookie conventions of erl. Implemented in org.luanode.jnode.dist, given to the runtime by
 * whoever assembles the node (org.luanode.jnode.Node), so the process model does not depend on the wire.
 */
public interface DistributionStarter {
    /**
     * Starts distribution as {@code nodeName} (a full name, see {@link #fullName}): renames {@code node}
     * and delivers what arrives to {@code signals}, polling sockets on {@code io}. The cookie is asked for
     * at every handshake (it may change while the node runs).
     */
    RemoteNodes start(NodeSignals signals, LocalNode node, IoLoop io, String nodeName, Supplier<String> cookie)
            throws IOException;

    /** The full node name for a name given with or without a host, as -sname (short) or -name does. */
    String fullName(String name, boolean shortNames);

    /** The cookie erl would use: ~/.erlang.cookie, created when missing. */
    String defaultCookie() throws IOException;
}
