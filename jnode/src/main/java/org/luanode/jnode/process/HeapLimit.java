package org.luanode.jnode.process;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erlang's {@code max_heap_size} for a process: a process whose data outgrows its limit is killed
 * (reason {@code killed}, which it cannot trap; an error is logged), and only it: the node and the other
 * processes go on.
 *
 * <p>The JVM has no heap per process, so a process's size is what its host measures of what it can
 * reach ({@link ErlangProcess#heapBytes}: for Lua, its call stacks, what they reach, and its mailbox).
 * That walk costs as much as the data, so it runs only after the process has allocated a quarter of its
 * limit since it was last measured: for a process with a limit, the thread's allocation counter is read
 * whenever it starts or stops running and at each time slice, and what was allocated in between is
 * charged to it. Garbage counts for the trigger only, never for the verdict. One Java call that
 * allocates more than the heap can hold (a 10 GB string.rep) is beyond this check: the node's full-heap
 * guard ({@link FatalErrors}) ends the node then.
 *
 * <p>The fields it keeps in {@link ErlangProcess} are touched only by the process itself, on the
 * scheduler's thread.
 */
final class HeapLimit {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private HeapLimit() {}

    private static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** The process starts running (again): what the thread allocates from now on is its own. */
    static void resumed(ErlangProcess p) {
        if (p.maxHeapSize > 0) p.allocationMark = allocated();
    }

    /** Sets (0: removes) the running process's limit; it is measured at its next time slice. */
    static void set(ErlangProcess p, long bytes) {
        p.maxHeapSize = Math.max(0, bytes);
        p.allocationMark = allocated();
        p.allocatedSinceMeasure = p.maxHeapSize / 4;
    }

    /**
     * The running process stops or reaches the end of a time slice: charges what it allocated, measures
     * it when due, and marks it to be killed when it is over its limit (the caller then applies pending
     * exits). {@code lock}: the scheduler lock, held or not, which guards the mailbox.
     */
    static void charge(ErlangProcess p, ReentrantLock lock) {
        long limit = p.maxHeapSize;
        if (limit <= 0) return;
        long now = allocated();
        p.allocatedSinceMeasure += now - p.allocationMark;
        p.allocationMark = now;
        if (p.allocatedSinceMeasure < limit / 4) return;
        p.allocatedSinceMeasure = 0;
        Object[] messages;
        boolean held = lock.isHeldByCurrentThread();
        if (!held) lock.lock();
        try {
            messages = p.mailbox.from(0);
        } finally {
            if (!held) lock.unlock();
        }
        long size = p.heapBytes(messages);
        p.allocationMark = allocated(); // the walk's own allocations are not the process's
        if (size <= limit) return;
        log.error(
                "Process {} killed: maximum heap size reached (about {} bytes reachable, max_heap_size {} bytes,"
                        + " {} messages queued)",
                p,
                size,
                limit,
                messages.length);
        if (p.pendingExit == null) p.pendingExit = ExitReason.KILLED;
    }
}
