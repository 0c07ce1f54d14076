package org.luanode.jnode.process;

import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the processes of one Lua state, one at a time, on one thread: the state's Lua thread. The
 * processes of a state share its LuaJ state, which is not thread-safe, so only one may run Lua at any
 * moment; each is a continuation that runs until it waits (receive, sleep, loop), dies, or uses up its
 * time slice, and then returns control to this scheduler's loop, which runs the next runnable process. A
 * switch between processes is a continuation yield and resume on the same thread (~0.1 us), not a
 * hand-off between threads. Runnable processes run in ConcurrentLua's order ({@link RunQueue}); a send
 * never passes control: the receiver runs in its turn. A node has one scheduler per Lua state; they run
 * side by side, on as many cores.
 *
 * <p>The Lua threads also do the node's network I/O ({@link IoLoop}): one that runs out of work polls
 * the sockets when no other does, else it parks until work comes; busy ones poll every so often. Other
 * threads (the I/O relief thread, blocking work done for a process, the launcher, the other states'
 * Lua threads) deliver messages and exit signals too. State changes of processes (runnable, waiting,
 * dead) therefore all happen under the node's process lock ({@link #lock}, one for all schedulers);
 * the run queues and the timers too. Only its own Lua thread runs a process, so a process that is made
 * runnable by another thread while it is still on its way out cannot run twice.
 */
final class Scheduler {
    static {
        Continuations.checkAccess(); // before the first use of jdk.internal.vm below
    }

    private static final Logger log = LoggerFactory.getLogger("luanode.scheduler");

    /** The continuation scope of processes; a Lua process yields it to stop running. */
    static final ContinuationScope PROCESSES = new ContinuationScope("luanode-process");

    /** The node's process lock, shared by the schedulers of all its states. */
    final ReentrantLock lock;
    /** Which of the node's Lua states this scheduler runs (0 for the first). */
    final int index;

    private final RunQueue runQueue = new RunQueue();
    /** Deadlines of processes waiting with a timeout, soonest first. */
    private final TreeSet<Timeout> timeouts = new TreeSet<>();

    /** Live processes of this state (its load); guarded by the lock. */
    int processes;

    private long timeoutSerial;
    /** The process whose continuation is mounted; only the Lua thread reads or writes it. */
    private ErlangProcess running;
    /** Processes run so far (the Lua thread's count). */
    private int runs;
    /** How the Lua thread sleeps for lack of work, if it does; {@link #ready} must wake it. Guarded by the lock. */
    private Idle idle = Idle.NO;

    private enum Idle {
        NO,
        /** In the node's socket poll: woken through the selector. */
        POLLING,
        /** Parked (another thread polls): woken by unpark. */
        PARKED
    }

    /** Set by {@link #ready} when it wakes this thread from PARKED: the parked thread looks at it while it spins. */
    private volatile boolean wokenFromPark;
    /** Whether the Lua thread, idle, has taken the poll; only the Lua thread reads or writes it. */
    private boolean polling;
    /** Set when the node closes: the Lua thread ends. */
    private volatile boolean closed;

    final SchedulerThread luaThread;
    /** The node's sockets, which the Lua threads poll when they have nothing to run and now and then when busy. */
    final IoLoop io;

    /**
     * The Lua thread is a platform thread that sleeps in the node's socket poll ({@link IoLoop}) when no
     * other Lua thread does: a message from another node wakes it directly, as a BEAM scheduler is woken
     * by its poll set.
     */
    Scheduler(int index, ReentrantLock lock, IoLoop io, Runnable threadStart) {
        this.index = index;
        this.lock = lock;
        this.io = io;
        luaThread = new SchedulerThread(this, index, () -> {
            try {
                threadStart.run();
                loop();
            } catch (Throwable t) { // no process runs any more: the node is dead, and must not look alive
                FatalErrors.fatal(FatalErrors.Place.LUA_THREAD_DIED, t);
            }
        });
        luaThread.start();
    }

    /**
     * Stops the Lua thread once it has finished the process it runs (processes that still wait stay
     * suspended and are dropped with the node); the caller closes the node's poll after.
     */
    void close() {
        closed = true;
        io.wakeup();
        LockSupport.unpark(luaThread);
        if (Thread.currentThread() != luaThread) {
            try {
                luaThread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The running process when called from Lua code (on the Lua thread); null elsewhere. */
    ErlangProcess running() {
        return Thread.currentThread() == luaThread ? running : null;
    }

    /** Makes a waiting or new process runnable. Lock held. */
    void ready(ErlangProcess p) {
        if (p.state == ErlangProcess.State.DEAD) return; // dropped with its state (blocking work may end later)
        p.state = ErlangProcess.State.RUNNABLE;
        cancelTimeout(p);
        runQueue.add(p);
        if (idle != Idle.NO) {
            Idle how = idle;
            idle = Idle.NO;
            // On the Lua thread itself (a message read while polling) nobody is asleep to wake.
            if (Thread.currentThread() == luaThread) return;
            if (how == Idle.POLLING) {
                io.wakeup();
            } else {
                wokenFromPark = true;
                LockSupport.unpark(luaThread);
            }
        }
    }

    /** The running process will wait, until {@code deadline} (System.nanoTime, 0: none) at most. Lock held. */
    void waitLocked(ErlangProcess p, long deadline) {
        p.state = ErlangProcess.State.WAITING;
        if (deadline != 0) {
            p.timeout = new Timeout(deadline, ++timeoutSerial, p);
            timeouts.add(p.timeout);
        }
    }

    /**
     * The running process stops running: it was marked waiting or runnable. Returns when it runs again.
     * Must be called without the lock (other threads may need it to make the process runnable again).
     */
    void switchOut(ErlangProcess p) {
        boolean suspended;
        try {
            suspended = Continuation.yield(PROCESSES);
        } catch (IllegalStateException pinned) { // how the JDK reports a pinned continuation
            suspended = false;
        }
        if (!suspended) {
            // Pinned (a native frame on the stack; a held monitor before JDK 24): undo, keep running, and
            // tell the caller.
            lock.lock();
            try {
                runQueue.remove(p);
                cancelTimeout(p);
                p.state = ErlangProcess.State.RUNNING;
            } finally {
                lock.unlock();
            }
            throw new PinnedProcessException();
        }
    }

    /** Lets every other runnable process run once; returns when it is the caller's turn again. */
    void yield(ErlangProcess p) {
        lock.lock();
        try {
            if (runQueue.isEmpty()) return;
            requeueLocked(p);
        } finally {
            lock.unlock();
        }
        switchOut(p);
    }

    /** The running process will run again in the next sweep; it then calls {@link #switchOut}. Lock held. */
    void requeueLocked(ErlangProcess p) {
        p.state = ErlangProcess.State.RUNNABLE;
        runQueue.add(p);
    }

    /** True when another process is waiting to run (its timeout may just have passed): the running process should yield. */
    boolean othersWaiting() {
        lock.lock();
        try {
            fireTimeouts();
            return !runQueue.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** The Lua thread: runs runnable processes, fires timeouts, polls the network, sleeps when there is nothing to do. */
    private void loop() {
        while (!closed) {
            ErlangProcess next = nextToRun();
            if (next == null) continue;
            running = next;
            try {
                next.continuation.run();
            } catch (Throwable t) {
                if (FatalErrors.isFatal(t)) throw t;
                // A process's own errors end the process inside its continuation; this is a runtime bug.
                log.error("Process {} escaped its continuation", next, t);
            }
            running = null;
            if ((++runs & 31) == 0)
                io.pollIfDue(); // not after every run: reading the clock that often shows in message-heavy code
        }
    }

    /** The next process to run, or null after waiting a while for one. */
    private ErlangProcess nextToRun() {
        long sleepNanos;
        lock.lock();
        try {
            if (closed) return null;
            idle = Idle.NO;
            fireTimeouts();
            ErlangProcess p = runQueue.poll();
            if (p != null) {
                p.state = ErlangProcess.State.RUNNING;
                return p;
            }
            sleepNanos = timeouts.isEmpty() ? 0 : Math.max(1, timeouts.first().deadline - System.nanoTime());
            // Decided under the lock, so that ready() knows how to wake this thread: in the poll when no
            // other thread has it, else parked (tried, never waited for: see the lock order).
            idle = io.tryTakePoll() ? Idle.POLLING : Idle.PARKED;
            polling = idle == Idle.POLLING;
            wokenFromPark = false;
        } finally {
            lock.unlock();
        }
        if (polling) io.awaitTaken(sleepNanos);
        else io.parkUntilWoken(sleepNanos, () -> wokenFromPark);
        return null;
    }

    /** Forgets every runnable process and timeout: the state restarts. Lock held. */
    void dropAllLocked() {
        runQueue.clear();
        for (Timeout t : timeouts) t.process().timeout = null;
        timeouts.clear();
    }

    private void cancelTimeout(ErlangProcess p) {
        if (p.timeout != null) {
            timeouts.remove(p.timeout);
            p.timeout = null;
        }
    }

    /** Makes processes whose timeout has passed runnable. Lock held. */
    private void fireTimeouts() {
        if (timeouts.isEmpty()) return;
        long now = System.nanoTime();
        while (!timeouts.isEmpty() && timeouts.first().deadline - now <= 0) {
            ErlangProcess p = timeouts.pollFirst().process;
            p.timeout = null;
            if (p.state == ErlangProcess.State.WAITING) {
                ready(p);
            }
        }
    }

    static long deadlineAfter(long millis) {
        return millis < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(millis, 0)) | 1;
    }

    /** A waiting process's deadline; the serial number keeps equal deadlines apart. */
    record Timeout(long deadline, long serial, ErlangProcess process) implements Comparable<Timeout> {
        @Override
        public int compareTo(Timeout o) {
            int c = Long.compare(deadline - o.deadline, 0);
            return c != 0 ? c : Long.compare(serial, o.serial);
        }
    }
}
