package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.concurrent.CompletableFuture;
import jdk.internal.vm.Continuation;

/**
 * One Erlang process of this node, run as a continuation by the {@link Scheduler}. The process model
 * knows nothing of the code a process runs: a host (the Lua runtime) subclasses it to keep its own
 * per-process state and to switch that state in and out ({@link #resuming}, {@link #suspending}).
 * Fields that other processes and the network touch (state, mailbox, relations, pending exit) are
 * guarded by the scheduler lock.
 */
public class ErlangProcess {
    enum State {
        RUNNABLE,
        RUNNING,
        WAITING,
        DEAD
    }

    /** What a waiting process waits for, which decides what wakes it. */
    enum Waiting {
        MESSAGE,
        LOOP,
        SLEEP,
        OUTSIDE
    }

    final int number;
    private final LocalNode node;
    private OtpErlangPid pid;

    // Guarded by the scheduler lock.
    State state = State.RUNNABLE;
    Waiting waiting;
    final Mailbox mailbox = new Mailbox();
    /** Links and monitors, created when first needed: most processes never link or monitor. */
    Relations relations;

    String registeredName;
    /** An exit signal that will end this process the next time it runs. */
    volatile Object pendingExit;
    /** Whether exit signals arrive as {@link Signal.Exit} messages (Erlang's trap_exit flag). */
    private volatile boolean trapExit;

    /** The scheduler of the state the process runs in; set when it is spawned. */
    Scheduler scheduler;

    /** The process's code and, while it waits, its suspended stack; run by the {@link Scheduler}. */
    Continuation continuation;
    /** The deadline of a wait with a timeout; guarded by the scheduler lock. */
    Scheduler.Timeout timeout;

    /** Completes with the exit reason when the process has ended. */
    final CompletableFuture<Object> exit = new CompletableFuture<>();

    // max_heap_size ({@link HeapLimit}): touched only by the process itself, on the scheduler's thread.
    long maxHeapSize;
    long allocationMark;
    long allocatedSinceMeasure;

    // The instruction budget (jnode --restrict ticks=N): touched only by the process itself, or before it runs.
    /** Time slices the process may use in all (0: no budget). */
    long sliceBudget;
    /** Time slices it has used up. */
    long slicesUsed;

    protected ErlangProcess(LocalNode node) {
        this.node = node;
        this.number = node.newProcessNumber();
        this.pid = node.pid(number);
    }

    /** The Erlang pid, named after the node's current name. */
    public final OtpErlangPid pid() {
        OtpErlangPid p = pid;
        if (!p.node().equals(node.name()) || p.creation() != node.creation()) pid = p = node.pid(number);
        return p;
    }

    /** Completes with the exit reason when the process has ended. */
    public final CompletableFuture<Object> exitFuture() {
        return exit;
    }

    /**
     * Whether this is one of the node's own service processes (a pg scope): it does not count as one of
     * the processes whose end ConcurrentLua's loop() waits for.
     */
    public boolean isSystem() {
        return false;
    }

    /** What process_info reports as its initial call, {Module, Function, Arity}: the host says. */
    public OtpErlangTuple initialCall() {
        return new OtpErlangTuple(
                new OtpErlangObject[] {new OtpErlangAtom("luanode"), new OtpErlangAtom("process"), new OtpErlangLong(0)
                });
    }

    public final boolean trapsExits() {
        return trapExit;
    }

    /** Sets the trap_exit flag; only the process itself does. */
    public final void trapExits(boolean trap) {
        trapExit = trap;
    }

    public final boolean isAlive() {
        return state != State.DEAD;
    }

    public final String registeredName() {
        return registeredName;
    }

    Relations rel() {
        Relations r = relations;
        if (r == null) relations = r = new Relations();
        return r;
    }

    /**
     * Erlang's max_heap_size, in bytes (0: none): over it the process is killed ({@link HeapLimit}). Only
     * the running process sets its own.
     */
    public final void maxHeapSize(long bytes) {
        HeapLimit.set(this, bytes);
    }

    public final long maxHeapSize() {
        return maxHeapSize;
    }

    /**
     * How many ticks (compiled Lua: calls and loop iterations; interpreted: instructions) the process may
     * run in all before it is ended with reason {@code instruction_budget}; counted in whole time slices.
     * Set before the process runs.
     */
    public final void tickBudget(long ticks) {
        sliceBudget = ticks <= 0 ? 0 : Math.max(1, (ticks + SchedulerThread.SLICE - 1) / SchedulerThread.SLICE);
    }

    /**
     * The bytes this process holds, for its max_heap_size: what its code can reach and the messages it
     * has not received yet. The host knows; by default nothing is counted.
     */
    protected long heapBytes(Object[] mailbox) {
        return 0;
    }

    /** Called on the scheduler's thread just before the process stops running (it waits or yields). */
    protected void suspending() {}

    /** Called on the scheduler's thread when the process starts or runs again. */
    protected void resuming() {}

    @Override
    public String toString() {
        OtpErlangPid p = pid();
        return "<" + (node.isDistributed() ? node.name() : "0") + "." + p.id() + "." + p.serial() + ">";
    }
}
