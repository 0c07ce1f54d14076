package org.luanode.jnode.runtime;

import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.DebugLib;
import org.luanode.jnode.process.ErlangProcess;

/**
 * LuaJ's debug library, which LuaJ calls before every instruction, doubling as the preemption clock:
 * after a time slice of instructions the running process lets the others run (and applies exit signals
 * sent to it), so a busy loop that never calls receive cannot freeze the node. The role of Erlang's
 * reductions.
 *
 * <p>The per-instruction bookkeeping of LuaJ's own hook (a synchronized program-counter update, a
 * fifth of all time in message-heavy code) is skipped: calls and returns are still tracked, so an
 * error's traceback lists its functions, and the error message itself carries the exact line.
 */
final class PreemptingDebugLib extends DebugLib {
    static final int SLICE = Integer.getInteger("luanode.slice", 20_000);
    /** -Dluanode.exactTracebacks=true: LuaJ's full per-instruction bookkeeping, for exact traceback lines. */
    static final boolean EXACT_TRACEBACKS = Boolean.getBoolean("luanode.exactTracebacks");

    private final NodeRuntime runtime;
    /** Instructions left in the running process's slice; only the baton holder touches it. */
    private int budget = SLICE;

    PreemptingDebugLib(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void onInstruction(int pc, Varargs v, int top) {
        if (EXACT_TRACEBACKS) super.onInstruction(pc, v, top);
        if (--budget <= 0) {
            budget = SLICE;
            ErlangProcess p = runtime.processes.current();
            if (p != null) runtime.processes.preempt(p);
        }
    }
}
