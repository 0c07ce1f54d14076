package org.luanode.jnode.process;

/**
 * Erlang's exit-signal rules for a local target: {@code kill} sent directly cannot be trapped and ends
 * the target with {@code killed}; a process that traps exits gets a {@link Signal.Exit} message;
 * otherwise any reason but {@code normal} ends the target with the same reason. A process ends the
 * next time it runs (it is woken if it waits), at the first point where it checks for a pending exit.
 */
final class ExitSignals {
    private final Deliveries deliveries;

    /** Where trapped exits go: the mailbox, waking the process (the runtime's delivery). */
    interface Deliveries {
        void deliverLocked(ErlangProcess to, Object message);
    }

    ExitSignals(Deliveries deliveries) {
        this.deliveries = deliveries;
    }

    /** Applies an exit signal from {@code from} to {@code target}. Scheduler lock held. */
    void signalLocked(ErlangProcess target, Object from, Object reason, boolean viaLink) {
        if (!target.isAlive()) return;
        if (!viaLink && ExitReason.isKill(reason)) {
            killLocked(target, ExitReason.KILLED);
        } else if (target.trapsExits()) {
            deliveries.deliverLocked(target, new Signal.Exit(from, reason));
        } else if (!ExitReason.isNormal(reason)) {
            killLocked(target, reason);
        }
    }

    private void killLocked(ErlangProcess target, Object reason) {
        if (target.pendingExit == null) target.pendingExit = reason;
        if (target.state == ErlangProcess.State.WAITING && target.waiting != ErlangProcess.Waiting.OUTSIDE) {
            target.scheduler.ready(target);
        }
    }

    /** Ends the running process if an exit signal is pending for it. */
    static void check(ErlangProcess p) {
        Object reason = p.pendingExit;
        if (reason != null) throw new ProcessExit(reason, true);
    }
}
