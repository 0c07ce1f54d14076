package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import jdk.internal.vm.Continuation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Erlang process model of one node: spawning, message passing and waiting for processes that run
 * on the node's {@link Scheduler}s, one per host state (a Lua state), side by side; within a state one
 * at a time. A message or signal between processes of different states is handed over as an Erlang
 * term ({@link Terms#toTerm}), as to another node; within a state it is copied in the host's form. Links, monitors and exit signals are in
 * {@link Relationships}, the registry in {@link Registry}, what crosses to other nodes in
 * {@link Distributed}. Independent of the language processes run: a host (the Lua runtime) supplies
 * process bodies, subclasses of {@link ErlangProcess}, and its {@link Terms}.
 */
public final class ProcessRuntime {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");

    final LocalNode node = new LocalNode();
    /**
     * The process lock: guards every process's state, mailbox and relations, the run queues and
     * timeouts of all schedulers, and changes to the process table and the registry (see the package
     * documentation). One for all states, so that links, monitors and names work across states exactly
     * as within one.
     */
    final ReentrantLock lock = new ReentrantLock();
    /** The node's sockets, polled by the Lua threads. */
    final IoLoop io;
    /** One per host state. */
    final Scheduler[] schedulers;

    final ProcessTable table = new ProcessTable(node);
    final Registry registry = new Registry();
    final Aliases aliases = new Aliases(this);
    final Terms terms;
    final Relationships relationships;
    final Distributed distributed;
    final Loops loops = new Loops(this);
    final NodeWatchers nodeWatchers = new NodeWatchers(this);

    private final CompletableFuture<Integer> stopRequested = new CompletableFuture<>();

    /**
     * A node with one state and no processes yet. {@code threadStart} runs first on the node's Lua thread
     * (a host binds its per-thread state there).
     */
    public ProcessRuntime(Terms terms, Runnable threadStart) {
        this(terms, 1, state -> threadStart.run());
    }

    /**
     * A node with {@code states} host states, each run by a Lua thread of its own, and no processes yet;
     * {@code threadStart} runs first on each, with its state's number (from 0).
     */
    public ProcessRuntime(Terms terms, int states, IntConsumer threadStart) {
        if (states < 1) throw new IllegalArgumentException("a node needs at least one state, not " + states);
        this.terms = terms;
        this.relationships = new Relationships(this);
        this.distributed = new Distributed(this);
        this.io = new IoLoop(states);
        this.schedulers = new Scheduler[states];
        for (int i = 0; i < states; i++) {
            int state = i;
            schedulers[i] = new Scheduler(i, lock, io, () -> threadStart.accept(state));
            schedulers[i].luaThread.preempter = this::preempt;
        }
    }

    /** How many host states (Lua states, each with its own thread) the node runs. */
    public int stateCount() {
        return schedulers.length;
    }

    /**
     * The state with the fewest live processes (the first among equals): where a process that may run in
     * any state goes.
     */
    public int leastLoadedState() {
        if (schedulers.length == 1) return 0;
        lock.lock();
        try {
            Scheduler least = schedulers[0];
            for (Scheduler s : schedulers) if (s.processes < least.processes) least = s;
            return least.index;
        } finally {
            lock.unlock();
        }
    }

    /** The state a process runs in (0 for the first). */
    public static int stateOf(ErlangProcess p) {
        return p.scheduler.index;
    }

    /** The state of the calling Lua thread, or -1 on any other thread. */
    public int currentState() {
        return Thread.currentThread() instanceof SchedulerThread t && t.io() == io ? t.scheduler().index : -1;
    }

    public LocalNode node() {
        return node;
    }

    /** The node's sockets, polled by the Lua thread: the distribution layer registers its connections here. */
    public IoLoop io() {
        return io;
    }

    public Terms terms() {
        return terms;
    }

    /** Process aliases (erlang:alias/0): make, deactivate, send to. */
    public Aliases aliases() {
        return aliases;
    }

    public Relationships relationships() {
        return relationships;
    }

    public Distributed distributed() {
        return distributed;
    }

    /** The process running now when called from process code (on the Lua thread); null elsewhere. */
    public ErlangProcess current() {
        return Thread.currentThread() instanceof SchedulerThread t && t.io() == io
                ? t.scheduler().running()
                : null;
    }

    /**
     * Completes when someone asked the node to stop (init:stop or erlang:halt from another node, the
     * launcher's parent going away), with the exit status asked for (0 for init:stop).
     */
    public CompletableFuture<Integer> stopRequested() {
        return stopRequested;
    }

    public void requestStop(int exitStatus) {
        stopRequested.complete(exitStatus);
    }

    /** Stops distribution and the Lua threads; processes still waiting are dropped with the node. */
    public void close() {
        distributed.stop();
        for (Scheduler s : schedulers) s.close();
        io.close();
    }

    // ------------------------------------------------------------------ processes

    /**
     * Starts {@code child} running {@code body}, in the parent's state (the first when there is no
     * parent); it runs once the caller stops running. A body ends its process by returning (reason
     * {@code normal}) or by throwing {@link ProcessExit}. When {@code parent} is set, {@code link} links
     * the two and {@code monitor} (when not null) receives the reference of a monitor the parent holds on
     * the child. {@code beforeStart} runs under the lock, before any other process can see the child.
     */
    public <P extends ErlangProcess> P spawn(
            P child,
            Runnable body,
            ErlangProcess parent,
            boolean link,
            OtpErlangRef[] monitor,
            Consumer<ErlangProcess> beforeStart) {
        return spawnIn(parent == null ? 0 : stateOf(parent), child, body, parent, link, monitor, beforeStart);
    }

    /** As {@link #spawn}, in the given state. */
    public <P extends ErlangProcess> P spawnIn(
            int state,
            P child,
            Runnable body,
            ErlangProcess parent,
            boolean link,
            OtpErlangRef[] monitor,
            Consumer<ErlangProcess> beforeStart) {
        child.scheduler = schedulers[state];
        child.continuation = new Continuation(Scheduler.PROCESSES, () -> run(child, body));
        lock.lock();
        try {
            table.add(child);
            child.scheduler.processes++;
            if (parent != null && link) relationships.linkLocked(parent, child.pid());
            if (parent != null && monitor != null)
                monitor[0] = relationships.monitorLocked(parent, child.pid(), child.pid());
            if (beforeStart != null) beforeStart.accept(child);
            child.scheduler.ready(child);
        } finally {
            lock.unlock();
        }
        return child;
    }

    private void run(ErlangProcess p, Runnable body) {
        p.resuming();
        HeapLimit.resumed(p);
        Object reason = ExitReason.NORMAL;
        Throwable fatal = null;
        try {
            ExitSignals.check(p);
            body.run();
        } catch (ProcessExit e) {
            reason = e.reason;
        } catch (Throwable t) {
            if (FatalErrors.isFatal(t)) {
                if (!restartable(p)) {
                    FatalErrors.fatal(FatalErrors.Place.IN_A_PROCESS, t);
                    throw t; // the Lua thread stops: the node is halting
                }
                fatal = t;
                reason = ExitReason.STATE_RESTARTED;
            } else {
                reason = ExitReason.text("internal error: " + t);
                log.error("Internal error in process {}", p, t);
            }
        }
        try {
            terminate(p, reason);
        } catch (Throwable t) {
            log.error("Internal error ending process {}", p, t);
            p.exit.complete(reason);
        }
        if (fatal != null) restartState(p.scheduler, fatal);
    }

    // ------------------------------------------------------------------ restarting a state

    /** Rebuilds a host state after a fatal error (the Lua host: fresh globals); null: none can be rebuilt. */
    private volatile IntConsumer stateRebuilder;

    /**
     * Lets a fatal error in a process of any state but the first restart that state instead of halting
     * the node: {@code rebuild} makes the state anew (on its thread, with its number from 0).
     */
    public void restartStatesWith(IntConsumer rebuild) {
        stateRebuilder = rebuild;
    }

    private boolean restartable(ErlangProcess p) {
        return stateRebuilder != null && p.scheduler != null && p.scheduler.index > 0;
    }

    /**
     * A fatal error (the JVM out of memory, an internal error) in a process of state {@code s}, not the
     * first: every other process of the state ends too, with reason {@code state_restarted} (links and
     * monitors fire as for any end; their suspended stacks are dropped, never run again), and the host
     * builds the state anew, so what the error left behind in it goes. The node and the other states go on.
     */
    private void restartState(Scheduler s, Throwable cause) {
        log.error("Lua state {} restarts after a fatal error in one of its processes", s.index + 1, cause);
        List<ErlangProcess> dropped = new java.util.ArrayList<>();
        lock.lock();
        try {
            for (ErlangProcess q : table.all()) if (q.scheduler == s && q.isAlive()) dropped.add(q);
            s.dropAllLocked();
        } finally {
            lock.unlock();
        }
        for (ErlangProcess q : dropped) {
            try {
                terminate(q, ExitReason.STATE_RESTARTED);
            } catch (Throwable t) {
                log.error("Internal error ending process {}", q, t);
                q.exit.complete(ExitReason.STATE_RESTARTED);
            }
        }
        stateRebuilder.accept(s.index);
    }

    /** Ends the running process: tells links and monitors, frees its name; its continuation then ends. */
    private void terminate(ErlangProcess p, Object reason) {
        Runnable toOtherNodes;
        lock.lock();
        try {
            table.remove(p);
            p.scheduler.processes--;
            String name = p.registeredName;
            registry.remove(p);
            aliases.processEnded(p);
            toOtherNodes = relationships.processEndedLocked(p, reason);
            p.mailbox.clear();
            loops.processEndedLocked();
            nodeWatchers.processEndedLocked(p);
            p.state = ErlangProcess.State.DEAD;
        } finally {
            lock.unlock();
        }
        toOtherNodes.run();
        p.exit.complete(reason);
    }

    /** What process_info tells of a live local process, or null. */
    public ProcessInfo info(OtpErlangPid pid) {
        ErlangProcess p = table.get(pid);
        if (p == null) return null;
        lock.lock();
        try {
            return p.isAlive() ? ProcessInfo.ofLocked(p) : null;
        } finally {
            lock.unlock();
        }
    }

    /** Every live local process, system ones included, in creation order. */
    public List<ErlangProcess> processes() {
        return table.all();
    }

    /** The live local process with this pid, or null. */
    public ErlangProcess process(OtpErlangPid pid) {
        return table.get(pid);
    }

    /** The processes the node's programs run (system processes such as pg scopes left out). */
    public int processCount() {
        return table.size();
    }

    // ------------------------------------------------------------------ messages

    /**
     * Sends a message to a process here or on another node; false when a local receiver is not alive
     * (or the node is not distributed). A local receiver gets a copy ({@link Terms#copy}), or the message
     * as an Erlang term when it runs in another state than the sender. The sender runs on: a send never
     * passes control (ConcurrentLua's rule); a receiver it woke runs in its turn.
     */
    public boolean send(ErlangProcess from, OtpErlangPid to, Object message) {
        if (node.isRemote(to)) return distributed.send(from, to, message);
        ErlangProcess receiver = table.get(to);
        return receiver != null && send(from, receiver, message);
    }

    /** As {@link #send(ErlangProcess, OtpErlangPid, Object)} to a local process. */
    public boolean send(ErlangProcess from, ErlangProcess to, Object message) {
        Object copy = from == null || from.scheduler == to.scheduler ? terms.copy(message) : terms.toTerm(message);
        lock.lock();
        try {
            if (!to.isAlive()) return false;
            deliverLocked(to, copy);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Delivers a message from outside the node's processes (another node, Java code); false when dead. */
    public boolean deliver(ErlangProcess to, Object message) {
        lock.lock();
        try {
            if (!to.isAlive()) return false;
            deliverLocked(to, message);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds to the mailbox, waking the receiver when it waits for a message. Lock held. */
    void deliverLocked(ErlangProcess to, Object message) {
        if (!to.isAlive()) return;
        to.mailbox.add(message);
        if (to.state == ErlangProcess.State.WAITING && to.waiting == ErlangProcess.Waiting.MESSAGE) {
            to.scheduler.ready(to);
        }
    }

    /** The oldest message, waiting for one up to {@code timeoutMs} (forever when negative); null on timeout. */
    public Object receive(ErlangProcess p, long timeoutMs) {
        long deadline = Scheduler.deadlineAfter(timeoutMs);
        lock.lock();
        try {
            Object m = p.mailbox.poll();
            if (m != null) return m;
            if (timeoutMs == 0) return null;
            suspendLocked(p, ErlangProcess.Waiting.MESSAGE, deadline);
        } finally {
            lock.unlock();
        }
        // resume(p), written out: a waiting process keeps one frame less
        p.scheduler.switchOut(p);
        p.resuming();
        HeapLimit.resumed(p);
        ExitSignals.check(p);
        lock.lock();
        try {
            return p.mailbox.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Erlang's selective receive: the first message, from position {@code start} on, for which
     * {@code match} holds; the others stay, in order. Waits up to {@code timeoutMs} (forever when
     * negative); null on timeout. {@code match} runs in the calling process, without the scheduler lock,
     * once per message (only new arrivals are looked at after a wait). A caller that waits for the
     * answer to a request it made gives as {@code start} the mailbox's size before the request
     * ({@link #mailboxSize}): older messages cannot be the answer, so a long mailbox costs nothing, as
     * BEAM's receive marker does for a new reference.
     */
    public Object receive(ErlangProcess p, long timeoutMs, Predicate<Object> match, int start) {
        long deadline = Scheduler.deadlineAfter(timeoutMs);
        int scanned = start;
        while (true) {
            Object[] fresh;
            lock.lock();
            try {
                fresh = p.mailbox.from(scanned);
            } finally {
                lock.unlock();
            }
            for (int i = 0; i < fresh.length; i++) {
                if (match.test(fresh[i])) {
                    lock.lock();
                    try {
                        p.mailbox.removeAt(scanned + i); // only the process itself removes: positions hold
                    } finally {
                        lock.unlock();
                    }
                    return fresh[i];
                }
            }
            scanned += fresh.length;
            lock.lock();
            try {
                if (p.mailbox.size() > scanned) continue; // more came while looking
                if (timeoutMs == 0 || (deadline != 0 && System.nanoTime() - deadline >= 0)) return null;
                suspendLocked(p, ErlangProcess.Waiting.MESSAGE, deadline);
            } finally {
                lock.unlock();
            }
            resume(p);
        }
    }

    /** How many messages wait in a process's mailbox (where a selective receive for a new answer starts). */
    public int mailboxSize(ErlangProcess p) {
        lock.lock();
        try {
            return p.mailbox.size();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ waiting and scheduling

    /** Suspends the process for {@code millis} ms; messages do not wake it, exit signals do. */
    public void sleep(ErlangProcess p, long millis) {
        if (millis <= 0) {
            yieldTurn(p);
            return;
        }
        lock.lock();
        try {
            suspendLocked(p, ErlangProcess.Waiting.SLEEP, Scheduler.deadlineAfter(millis));
        } finally {
            lock.unlock();
        }
        resume(p);
    }

    /** Lets the other runnable processes run, then continues. */
    public void yieldTurn(ErlangProcess p) {
        p.suspending();
        p.scheduler.yield(p);
        p.resuming();
        HeapLimit.resumed(p);
        ExitSignals.check(p);
    }

    /**
     * Called by the running process once per time slice: applies exit signals, lets the other runnable
     * processes run, and looks at the network, so a long computation delays neither the other processes
     * nor the node's connections (ticks).
     */
    public void preempt(ErlangProcess p) {
        if (p.sliceBudget > 0 && ++p.slicesUsed >= p.sliceBudget)
            throw new ProcessExit(ExitReason.INSTRUCTION_BUDGET, false);
        HeapLimit.charge(p, lock);
        ExitSignals.check(p);
        if (p.scheduler.othersWaiting()) {
            try {
                yieldTurn(p);
            } catch (PinnedProcessException pinned) {
                // Java code below this process cannot be suspended: run on; the next slice tries again.
            }
        } else {
            io.pollIfDue();
        }
    }

    /**
     * ConcurrentLua's loop: until every other process has ended (no timeout), or for {@code timeoutMs}
     * whatever happens ({@link Loops}). Returns true when the other processes have all ended.
     */
    public boolean loop(ErlangProcess p, long timeoutMs) {
        return loops.loop(p, timeoutMs);
    }

    /** Makes every loop() return. */
    public void interrupt() {
        loops.interrupt();
    }

    void wakeLocked(ErlangProcess p, ErlangProcess.Waiting why) {
        if (p.state == ErlangProcess.State.WAITING && p.waiting == why) p.scheduler.ready(p);
    }

    /**
     * Runs blocking work (terminal input, waiting for another node's reply) on a thread of its own while
     * the process waits for it, so the other processes keep running meanwhile.
     */
    public <T> T outside(ErlangProcess p, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        lock.lock();
        try {
            suspendLocked(p, ErlangProcess.Waiting.OUTSIDE, 0);
        } finally {
            lock.unlock();
        }
        Thread.startVirtualThread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                lock.lock();
                try {
                    p.scheduler.ready(p);
                } finally {
                    lock.unlock();
                }
            }
        });
        resume(p);
        try {
            return result.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Marks the running process as waiting; the lock is held. An exit signal that arrived while the
     * process was still running is applied here: under the same lock a signal either sees the process
     * waiting (and wakes it) or is seen now, so none is lost.
     */
    void suspendLocked(ErlangProcess p, ErlangProcess.Waiting why, long deadline) {
        HeapLimit.charge(p, lock);
        ExitSignals.check(p);
        p.suspending();
        p.waiting = why;
        p.scheduler.waitLocked(p, deadline);
    }

    /** Stops running after {@link #suspendLocked} until woken, then applies any exit signal. */
    void resume(ErlangProcess p) {
        p.scheduler.switchOut(p);
        p.resuming();
        HeapLimit.resumed(p);
        ExitSignals.check(p);
    }

    // ------------------------------------------------------------------ registry

    /** Tells {@code p} of every node that connects or goes away ({nodeup, Node}, {nodedown, Node}). */
    public void watchNodes(ErlangProcess p, boolean on) {
        nodeWatchers.watch(p, on);
    }

    public boolean register(String name, ErlangProcess p) {
        lock.lock();
        try {
            return registry.register(name, p);
        } finally {
            lock.unlock();
        }
    }

    public boolean unregister(String name) {
        lock.lock();
        try {
            return registry.unregister(name);
        } finally {
            lock.unlock();
        }
    }

    public ErlangProcess whereis(String name) {
        return registry.whereis(name);
    }

    public List<String> registered() {
        return registry.names();
    }
}
