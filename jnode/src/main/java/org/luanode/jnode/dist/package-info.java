/**
 * Erlang distribution over TCP: the handshake ({@link org.luanode.jnode.dist.Handshake}), one
 * connection per peer ({@link org.luanode.jnode.dist.ConnectionTable}, opened by the
 * {@link org.luanode.jnode.dist.Connector} or the {@link org.luanode.jnode.dist.Acceptor}), framing and
 * queued writes ({@link org.luanode.jnode.dist.Connection}, {@link org.luanode.jnode.dist.Outbox}), ticks,
 * and the control messages: typed ({@link org.luanode.jnode.dist.ControlMessage}), read and written by
 * {@link org.luanode.jnode.dist.ControlCodec}, acted on by {@link org.luanode.jnode.dist.ControlHandler}.
 * Knows the process model only through {@link org.luanode.jnode.process.NodeSignals} and implements
 * {@link org.luanode.jnode.process.RemoteNodes}.
 *
 * <h2>Locks and threads</h2>
 *
 * <ul>
 *   <li>Sockets are read and written under the node's poll lock (normally by the Lua thread), never
 *       elsewhere; a connection's read state needs no lock of its own.
 *   <li>The {@code ConnectionTable}'s monitor guards the table and the simultaneous-connect decisions;
 *       a connection is closed only outside it (closing tells the process model).
 *   <li>A {@code Connection}'s monitor guards attaching its socket; its outbox is lock-free.
 *   <li>Order: poll lock, then the table's monitor, then the scheduler lock.
 * </ul>
 *
 * Handshakes run on virtual threads (one per attempt), ticks on one timer thread.
 */
package org.luanode.jnode.dist;
