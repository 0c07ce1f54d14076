package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.function.Consumer;

/**
 * What the network delivers to the process model: the signals other nodes send to this node's
 * processes, and connections coming and going. The counterpart of {@link RemoteNodes}. Called by the
 * distribution layer on the thread that reads the peer's socket, in the order the peer sent them; no
 * call blocks. A {@link org.luanode.bridge.TermConversionException} means the peer sent malformed
 * bytes; any other exception is this node's own fault, not the peer's.
 */
public interface NodeSignals {
    /** A message to a pid; the message is the external-format term at {@code offset} in {@code packet}. */
    void send(OtpErlangPid to, byte[] packet, int offset);

    /** A message to a registered name; false when no process has that name (the message is not read). */
    boolean sendByName(String name, byte[] packet, int offset);

    /** A message to an alias of this node (ALIAS_SEND); dropped when the alias is not active. */
    void sendToAlias(OtpErlangRef alias, byte[] packet, int offset);

    /** A remote process links to a local one; false when that one does not exist (the link fires noproc). */
    boolean link(OtpErlangPid from, OtpErlangPid to);

    void unlink(OtpErlangPid from, OtpErlangPid to);

    /** An exit signal: through a link ({@code viaLink}), or erlang:exit/2. */
    void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink);

    /** A remote process monitors a local one (by pid or registered name); false when there is no such process. */
    boolean monitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref);

    void demonitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref);

    /** A remote process a local one monitors has ended. */
    void down(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason);

    /**
     * Another node asks for a process running {@code module:function(args)}. {@code reply} gets the new
     * pid (or an error term) before the process first runs, and before any signal from it goes out.
     */
    void spawnRequest(SpawnRequest request, Consumer<OtpErlangObject> reply);

    /**
     * A node connected; {@code visible} unless it is a hidden node (one that does not publish itself,
     * such as a JInterface or C node), which Erlang's nodes() and the kernel's services leave out.
     */
    void nodeUp(String node, boolean visible);

    /** The connection to a node is gone: links and monitors across it fire noconnection. */
    void nodeDown(String node, boolean visible);

    /** A spawn request from another node (SPAWN_REQUEST), with the options the model acts on. */
    record SpawnRequest(
            OtpErlangRef id,
            OtpErlangPid requester,
            String module,
            String function,
            OtpErlangList args,
            boolean link,
            boolean monitor) {}
}
