package org.luanode.jnode.process;

import java.util.HashMap;
import java.util.Map;

/**
 * ConcurrentLua's {@code loop}: without a timeout a process waits until every other process has ended;
 * with one it lets the node run for that long whatever happens meanwhile (a node that serves spawns and
 * messages from other nodes), as the reference's scheduler loop does. {@link #interrupt} ends either
 * early. Guarded by the scheduler lock.
 */
final class Loops {
    private final ProcessRuntime runtime;
    /** Processes in loop(): true for those that wait until every other process has ended. */
    private final Map<ErlangProcess, Boolean> loopers = new HashMap<>();
    /** How many of the loopers wait until every other process has ended. */
    private int untilAllEnded;

    private boolean interrupted;

    Loops(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /** Returns true when the other processes have all ended. */
    boolean loop(ErlangProcess p, long timeoutMs) {
        boolean waitForAll = timeoutMs < 0;
        ProcessTable table = runtime.table;
        runtime.lock.lock();
        try {
            if (interrupted) {
                interrupted = false;
                return false;
            }
            if (timeoutMs == 0 || (waitForAll && table.size() <= 1)) return table.size() <= 1;
            ExitSignals.check(p); // before joining the loopers: a dead process must not count as one
            loopers.put(p, waitForAll);
            if (waitForAll) untilAllEnded++;
            runtime.suspendLocked(p, ErlangProcess.Waiting.LOOP, Scheduler.deadlineAfter(timeoutMs));
        } finally {
            runtime.lock.unlock();
        }
        try {
            runtime.resume(p);
        } finally {
            runtime.lock.lock();
            try {
                if (Boolean.TRUE.equals(loopers.remove(p))) untilAllEnded--;
                interrupted = false;
            } finally {
                runtime.lock.unlock();
            }
        }
        return table.size() <= 1;
    }

    /** Makes every loop() return. */
    void interrupt() {
        runtime.lock.lock();
        try {
            interrupted = true;
            for (ErlangProcess l : loopers.keySet()) runtime.wakeLocked(l, ErlangProcess.Waiting.LOOP);
        } finally {
            runtime.lock.unlock();
        }
    }

    /** A process ended: loopers that wait for all others wake when only they are left. Lock held. */
    void processEndedLocked() {
        if (untilAllEnded > 0 && runtime.table.size() <= untilAllEnded) {
            loopers.forEach((l, waitForAll) -> {
                if (waitForAll) runtime.wakeLocked(l, ErlangProcess.Waiting.LOOP);
            });
        }
    }
}
