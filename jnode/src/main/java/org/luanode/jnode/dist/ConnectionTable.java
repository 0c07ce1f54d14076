package org.luanode.jnode.dist;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.luanode.jnode.process.IoLoop;

/**
 * The node's one connection per peer, whichever side opened it, and the arbitration of dist_util when
 * both sides connect at once. Reads are lock-free; every change of the table (and each decision that
 * depends on it) happens under the table's own monitor, {@code this}; a connection is closed (which
 * tells the process model, and so takes the scheduler lock) only outside it.
 */
final class ConnectionTable {
    private final String ourName;
    private final IoLoop io;
    private final Connection.Listener listener;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Peers whose own attempt our acceptor admitted and is still completing (until established or failed). */
    private final Set<String> accepting = ConcurrentHashMap.newKeySet();

    ConnectionTable(String ourName, IoLoop io, Connection.Listener listener) {
        this.ourName = ourName;
        this.io = io;
        this.listener = listener;
    }

    /** The live connection to a node, or null. */
    Connection get(String node) {
        Connection c = connections.get(node);
        return c == null || c.isClosed() ? null : c;
    }

    /**
     * The connection to a node; a new one, opened by {@code connect} in the background, when there is
     * none. Messages queue on it meanwhile.
     */
    Connection getOrConnect(String node, Consumer<Connection> connect) {
        Connection c = get(node);
        if (c != null) return c;
        synchronized (this) {
            c = get(node);
            if (c != null) return c;
            Connection fresh = new Connection(node, listener, io);
            connections.put(node, fresh);
            connect.accept(fresh);
            return fresh;
        }
    }

    /**
     * The acceptor's answer to a node that wants to connect (the handshake's status): ok; alive when we
     * believe it connected (it will confirm its old connection is gone); when both sides connect at once,
     * the greater name's attempt wins, as in dist_util.
     */
    synchronized String admit(String peer) {
        Connection existing = get(peer);
        String status = existing == null
                ? "ok"
                : existing.isUp() ? "alive" : ourName.compareTo(peer) > 0 ? "nok" : "ok_simultaneous";
        if (!status.equals("nok")) accepting.add(peer);
        return status;
    }

    /** The acceptor is done with a peer's attempt (established, or failed). */
    void acceptEnded(String peer) {
        accepting.remove(peer);
    }

    /**
     * Our attempt {@code ours} met "alive": the peer believes it is connected to us. That connection is
     * real when it is the peer's own attempt, which our acceptor is completing or has made ours up
     * with; only otherwise is it a dead one to replace (answering true would make the peer drop a good
     * connection: a nodedown for nothing, which global takes for a lost connection).
     */
    synchronized boolean peersConnectionIsGone(Connection ours) {
        return !ours.isUp() && !accepting.contains(ours.peer);
    }

    /**
     * The connection a completed accepted handshake belongs to: our own pending attempt, which lost to
     * this one (what was queued on it goes out here), or a new one replacing any old one.
     */
    Connection accepted(String peer) {
        Connection c;
        Connection replaced;
        synchronized (this) {
            Connection existing = connections.get(peer);
            if (existing != null && !existing.isClosed() && !existing.wasUp()) return existing;
            c = new Connection(peer, listener, io);
            replaced = existing;
            connections.put(peer, c);
        }
        // Outside the table's monitor: closing tells the process model, which takes the scheduler lock.
        if (replaced != null) replaced.close("replaced by a new connection from " + peer);
        return c;
    }

    /** A connection closed: forgets it; returns whether it had been up. */
    synchronized boolean remove(Connection c) {
        connections.remove(c.peer, c);
        return c.wasUp();
    }

    List<Connection> all() {
        return new ArrayList<>(connections.values());
    }

    List<String> upNodes() {
        List<String> up = new ArrayList<>();
        for (Connection c : connections.values()) if (c.isUp()) up.add(c.peer);
        return up;
    }
}
