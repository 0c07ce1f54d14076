/**
 * The Lua host of the process model: one shared LuaJ state whose processes are
 * {@link org.luanode.jnode.runtime.LuaProcess}es, ConcurrentLua's {@code concurrent} module
 * ({@code ConcurrentLib}), coroutines as nested continuations, preemption by instruction count, the
 * prompt, and Lua functions that other nodes spawn or call (rpc, erpc). Everything here runs on the
 * node's Lua thread, in the running process; it has no locks of its own.
 */
package org.luanode.jnode.runtime;
