/**
 * Services of OTP's kernel that the node runs as system processes written in Java, on the process model
 * ({@link org.luanode.jnode.process}) and speaking the same protocol as their OTP counterparts on other
 * nodes: the scopes of {@code pg} ({@link org.luanode.jnode.kernel.PgScope}) and {@code global}'s name
 * server ({@link org.luanode.jnode.kernel.GlobalNameServer}).
 *
 * <h2>Locks</h2>
 *
 * A service's state belongs to its process and is touched only by its own code, one message at a time.
 * What other processes read without asking it ({@link org.luanode.jnode.kernel.PgGroups}, the
 * members of a scope's groups; {@link org.luanode.jnode.kernel.GlobalNames}) is guarded by that object's own
 * monitor, never held while taking the
 * scheduler lock. {@link org.luanode.jnode.kernel.PgScopes} guards its map of scopes with its monitor,
 * which it holds while starting a scope (so before the scheduler lock, never after it).
 */
package org.luanode.jnode.kernel;
