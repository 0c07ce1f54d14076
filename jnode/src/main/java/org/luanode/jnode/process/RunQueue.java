package org.luanode.jnode.process;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Runnable processes, in the order ConcurrentLua's scheduler runs them (thesis 4.2.2; the reference's
 * {@code scheduler.step}): sweeps over the processes in the order they were created, each runnable
 * process running once per sweep. A process made runnable during a sweep runs in that sweep when the
 * sweep has not passed it yet, else in the next; a process that ran and is still runnable (it yielded or
 * was preempted) runs again in the next sweep. The main process, created first, leads every sweep, as
 * ConcurrentLua's root process checks its own mailbox before each step. Guarded by the scheduler lock.
 */
final class RunQueue {
    private Sweep thisSweep = new Sweep();
    private Sweep nextSweep = new Sweep();
    /** The number of the process taken last in this sweep: processes up to it wait for the next sweep. */
    private int cursor = -1;

    void add(ErlangProcess p) {
        (p.number > cursor ? thisSweep : nextSweep).add(p);
    }

    /** The next process to run, or null when none is runnable. */
    ErlangProcess poll() {
        if (thisSweep.isEmpty()) {
            Sweep done = thisSweep;
            thisSweep = nextSweep;
            nextSweep = done;
            cursor = -1;
        }
        ErlangProcess p = thisSweep.poll();
        if (p != null) cursor = p.number;
        return p;
    }

    boolean isEmpty() {
        return thisSweep.isEmpty() && nextSweep.isEmpty();
    }

    void clear() {
        thisSweep = new Sweep();
        nextSweep = new Sweep();
        cursor = -1;
    }

    void remove(ErlangProcess p) {
        if (!thisSweep.remove(p)) nextSweep.remove(p);
    }

    /**
     * The processes of one sweep, in creation order. Most arrive in that order already (new processes,
     * a ping-pong's turns): those join a plain queue; only the others pay for a heap.
     */
    private static final class Sweep {
        private static final Comparator<ErlangProcess> CREATION_ORDER = Comparator.comparingInt(p -> p.number);

        private final ArrayDeque<ErlangProcess> inOrder = new ArrayDeque<>();
        private final PriorityQueue<ErlangProcess> outOfOrder = new PriorityQueue<>(CREATION_ORDER);

        void add(ErlangProcess p) {
            ErlangProcess last = inOrder.peekLast();
            if (last == null || last.number < p.number) inOrder.addLast(p);
            else outOfOrder.add(p);
        }

        ErlangProcess poll() {
            ErlangProcess first = inOrder.peekFirst();
            ErlangProcess other = outOfOrder.peek();
            if (other == null || (first != null && first.number < other.number)) return inOrder.pollFirst();
            return outOfOrder.poll();
        }

        boolean isEmpty() {
            return inOrder.isEmpty() && outOfOrder.isEmpty();
        }

        boolean remove(ErlangProcess p) {
            return inOrder.remove(p) || outOfOrder.remove(p);
        }
    }
}
