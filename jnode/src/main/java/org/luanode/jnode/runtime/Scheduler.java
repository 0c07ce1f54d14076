package org.luanode.jnode.runtime;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides which process runs Lua. All processes share one LuaJ state, which is not thread-safe, so
 * exactly one process holds the baton at a time; every other process is parked (a virtual thread
 * parked holds no OS thread). A process gives the baton away when it blocks (receive, sleep, loop),
 * when it dies, when its time slice runs out, and when it sends to a process that was waiting for that
 * message; the receiver then runs next, as in ConcurrentLua's examples.
 *
 * <p>State changes of processes (runnable, waiting, dead) all happen under {@link #lock}; the baton
 * itself is the volatile {@link #running} field, so a parked process needs no lock to see its turn.
 */
final class Scheduler {
    final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<LuaProcess> runQueue = new ArrayDeque<>();
    private volatile LuaProcess running;

    LuaProcess running() {
        return running;
    }

    /** Makes a waiting or new process runnable; {@code next} puts it ahead of all others. Lock held. */
    void ready(LuaProcess p, boolean next) {
        p.state = LuaProcess.State.RUNNABLE;
        if (running == null) {
            grant(p);
        } else if (next) {
            runQueue.addFirst(p);
        } else {
            runQueue.addLast(p);
        }
    }

    /** The running process stops running (it waits or it is dead). Lock held. */
    void release(LuaProcess p) {
        if (running != p) throw new IllegalStateException(p + " releases a baton it does not hold");
        running = null;
        LuaProcess next = runQueue.poll();
        if (next != null) grant(next);
    }

    private void grant(LuaProcess p) {
        p.state = LuaProcess.State.RUNNING;
        running = p;
        Thread waiter = p.waiter;
        if (waiter != null) LockSupport.unpark(waiter);
    }

    /** Lets every other runnable process run once; returns when it is the caller's turn again. */
    void yield(LuaProcess p) {
        lock.lock();
        try {
            if (runQueue.isEmpty()) return;
            runQueue.addLast(p);
            p.state = LuaProcess.State.RUNNABLE;
            running = null;
            grant(runQueue.poll());
        } finally {
            lock.unlock();
        }
        awaitTurn(p, 0);
    }

    /** True when another process is waiting for the baton: the running process should yield soon. */
    boolean othersWaiting() {
        return !runQueue.isEmpty();
    }

    /**
     * Parks the calling thread until {@code p} holds the baton. With a deadline (System.nanoTime), a
     * process still waiting at that time is made runnable again and told so by {@link LuaProcess#timedOut}.
     */
    void awaitTurn(LuaProcess p, long deadline) {
        p.waiter = Thread.currentThread();
        while (running != p) {
            if (deadline == 0) {
                LockSupport.park(this);
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                LockSupport.parkNanos(this, left);
                continue;
            }
            lock.lock();
            try {
                if (p.state == LuaProcess.State.WAITING) {
                    p.timedOut = true;
                    ready(p, false);
                }
            } finally {
                lock.unlock();
            }
            deadline = 0;
        }
    }

    static long deadlineAfter(long millis) {
        return millis < 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(millis, 0)) | 1;
    }
}
