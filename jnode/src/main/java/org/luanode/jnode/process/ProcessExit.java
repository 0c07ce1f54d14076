package org.luanode.jnode.process;

/**
 * Unwinds a process's stack when it exits or is killed by an exit signal. An {@link Error}, not an
 * exception, because a host language's error handlers (LuaJ's {@code pcall}, its interpreter) catch
 * every {@link Exception}: an exit must not be swallowed by the code it ends.
 */
public final class ProcessExit extends Error {
    /** The exit reason (see {@link ExitReason}). */
    public final transient Object reason;
    /** An exit signal from another process (or a link), not the process's own exit. */
    public final boolean bySignal;

    public ProcessExit(Object reason, boolean bySignal) {
        super(null, null, false, false);
        this.reason = reason;
        this.bySignal = bySignal;
    }
}
