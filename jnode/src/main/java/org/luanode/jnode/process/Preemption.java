package org.luanode.jnode.process;

/**
 * The preemption clock of compiled Lua code: the compiler puts a call to {@link #tick} at the entry of
 * every compiled function and before every backward jump, so a process that never waits (a busy loop,
 * a deep recursion) still gives the others their turn, as the interpreter's instruction count does.
 */
public final class Preemption {
    private Preemption() {}

    /** One unit of work done by compiled Lua; on the node's Lua thread, ends the slice when it is used up. */
    public static void tick() {
        if (Thread.currentThread() instanceof SchedulerThread t && --t.ticksLeft <= 0) t.sliceUsed();
    }
}
