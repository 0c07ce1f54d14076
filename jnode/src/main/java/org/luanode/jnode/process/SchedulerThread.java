package org.luanode.jnode.process;

import java.util.function.Consumer;

/**
 * A Lua thread of the node: the one thread that runs the processes of one Lua state. It carries the running process's time slice for compiled Lua code, which
 * counts it down at every function entry and loop back-edge ({@link Preemption#tick}): a field of the
 * current thread is the cheapest place the JVM offers for a counter that only this thread touches.
 */
public final class SchedulerThread extends Thread {
    /** Ticks in a time slice: calls and loop iterations, the compiled counterpart of interpreted instructions. */
    static final int SLICE = Integer.getInteger("luanode.ticks", 20_000);

    /** Ticks left in the slice; only this thread reads or writes it. */
    int ticksLeft = SLICE;

    private final Scheduler scheduler;
    /** What a process whose slice is used up does (ProcessRuntime.preempt); set before processes run. */
    volatile Consumer<ErlangProcess> preempter;

    /**
     * The thread's stack, where the running process's frames are: 16 MB, as bin/jnode gives its main
     * thread, lets Lua code recurse about as deep as C Lua 5.1 does (10,000 calls and more) whatever the
     * JVM's default; a runaway recursion still ends soon, in a "stack overflow" error.
     */
    static final long STACK_BYTES = Long.getLong("luanode.stack", 16L << 20);

    SchedulerThread(Scheduler scheduler, int state, Runnable body) {
        super(null, body, state == 0 ? "lua" : "lua-" + (state + 1), STACK_BYTES); // states count from 1 in Lua
        this.scheduler = scheduler;
        setDaemon(true);
    }

    Scheduler scheduler() {
        return scheduler;
    }

    IoLoop io() {
        return scheduler.io;
    }

    /** The running process used up its slice: let the others run (and apply exit signals sent to it). */
    void sliceUsed() {
        ticksLeft = SLICE;
        ErlangProcess p = scheduler.running();
        Consumer<ErlangProcess> preempt = preempter;
        if (p != null && preempt != null) preempt.accept(p);
    }
}
