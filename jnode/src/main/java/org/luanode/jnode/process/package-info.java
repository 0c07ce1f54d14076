/**
 * The Erlang process model of one node, independent of the language processes run: processes
 * ({@link org.luanode.jnode.process.ErlangProcess}) with their mailboxes, run as continuations by one
 * {@link org.luanode.jnode.process.Scheduler} per host state (a Lua state), each on its own Lua thread,
 * one process at a time per state and the states side by side; links,
 * monitors and exit signals ({@link org.luanode.jnode.process.Relationships}); the registry; and the
 * node's two boundaries with the network: {@link org.luanode.jnode.process.RemoteNodes} (what the model
 * asks of the network) and {@link org.luanode.jnode.process.NodeSignals} (what the network delivers).
 * A host (the Lua runtime) supplies process bodies and its {@link org.luanode.jnode.process.Terms}.
 *
 * <h2>Locks</h2>
 *
 * <ul>
 *   <li>The scheduler lock ({@code Scheduler.lock}) guards every process's state, mailbox and relations,
 *       the run queue and timeouts, the per-node index of relations, changes to the process table and
 *       the registry, and the loopers of {@code loop()}. Lookups in the process table and the registry
 *       need no lock.
 *   <li>The poll lock ({@code IoLoop.pollLock}) guards the node's sockets: one thread at a time reads and
 *       writes them. A poll delivers what it reads under the scheduler lock, so the order is poll lock,
 *       then scheduler lock; code holding the scheduler lock only ever tries the poll lock.
 *   <li>{@link org.luanode.jnode.process.Distributed}'s monitor guards starting and stopping
 *       distribution; it is never held while taking either lock above.
 * </ul>
 *
 * Signals to other nodes are queued after the scheduler lock is released.
 */
package org.luanode.jnode.process;
