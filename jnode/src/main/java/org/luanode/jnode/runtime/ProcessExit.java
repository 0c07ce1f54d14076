package org.luanode.jnode.runtime;

import org.luaj.vm2.LuaValue;

/**
 * Unwinds a process's Lua stack when it exits ({@code concurrent.exit}) or is killed by an exit signal.
 * An {@link Error}, not an exception, because LuaJ's {@code pcall} and interpreter catch every
 * {@link Exception}: an exit must not be swallowed by the script it ends.
 */
final class ProcessExit extends Error {
    final LuaValue reason;
    /** An exit signal from another process (or a link), not the process's own {@code concurrent.exit}. */
    final boolean bySignal;

    ProcessExit(LuaValue reason, boolean bySignal) {
        super(null, null, false, false);
        this.reason = reason;
        this.bySignal = bySignal;
    }
}
