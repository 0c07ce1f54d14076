package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The Erlang process model of this node: spawning, message passing, links, monitors, exit signals and
 * the registry, for Lua processes that share one Lua state. Each operation takes the scheduler lock
 * for the state it changes; only the process holding the baton runs Lua.
 */
public final class NodeRuntime {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");

    static final LuaValue NORMAL = LuaValue.valueOf("normal");
    static final LuaValue KILL = LuaValue.valueOf("kill");
    static final LuaValue KILLED = LuaValue.valueOf("killed");
    static final LuaValue NOPROC = LuaValue.valueOf("noproc");
    private static final LuaValue SIGNAL = LuaValue.valueOf("signal");
    private static final LuaValue FROM = LuaValue.valueOf("from");
    private static final LuaValue REASON = LuaValue.valueOf("reason");
    private static final LuaValue REF = LuaValue.valueOf("ref");

    public final LocalNode node = new LocalNode();
    final Scheduler scheduler = new Scheduler();
    final ProcessTable table = new ProcessTable(node);
    final Globals globals;
    private final ThreadFactory threads = Thread.ofVirtual().name("lua-process-", 1).factory();

    // Guarded by the scheduler lock.
    private final Set<LuaProcess> loopers = new HashSet<>();
    private boolean interrupted;

    public NodeRuntime(Globals globals) {
        this.globals = globals;
    }

    public Globals globals() {
        return globals;
    }

    /** The process running Lua now: the caller of any Lua library function. */
    public LuaProcess current() {
        LuaProcess p = scheduler.running();
        if (p == null) throw new LuaError("not called from a Lua process");
        return p;
    }

    // ------------------------------------------------------------------ processes

    /**
     * Starts a process running {@code body(args...)} on a fresh virtual thread. The arguments are copied
     * like a message. It runs once the caller gives the baton away; {@code parent} may be null (the main
     * process). Returns the process, and the monitor reference when {@code monitor} is set.
     */
    public LuaProcess spawn(LuaProcess parent, LuaValue body, Varargs args, boolean link, OtpErlangRef[] monitor) {
        return spawn(parent, body, args, link, monitor, false);
    }

    private LuaProcess spawn(LuaProcess parent, LuaValue body, Varargs args, boolean link, OtpErlangRef[] monitor, boolean isMain) {
        LuaValue[] copied = Messages.copyAll(args);
        LuaTable options = new LuaTable();
        if (parent == null) {
            ConcurrentLib.defaultOptions(options);
        } else {
            for (Varargs kv = parent.options.next(LuaValue.NIL); !kv.arg1().isnil(); kv = parent.options.next(kv.arg1())) {
                options.rawset(kv.arg1(), kv.arg(2));
            }
        }
        LuaProcess child = new LuaProcess(node.newProcessNumber(), node, options, new LuaThread(globals));
        scheduler.lock.lock();
        try {
            table.add(child);
            if (link && parent != null) {
                child.links.add(parent);
                parent.links.add(child);
            }
            if (monitor != null && parent != null) {
                OtpErlangRef ref = node.newRef();
                child.monitoredBy.put(ref, parent);
                parent.monitoring.put(ref, child);
                monitor[0] = ref;
            }
            scheduler.ready(child, false);
        } finally {
            scheduler.lock.unlock();
        }
        if (isMain) main = child;
        threads.newThread(() -> run(child, body, LuaValue.varargsOf(copied))).start();
        return child;
    }

    /** Completes with the exit reason when the process has ended. */
    public CompletableFuture<LuaValue> exitOf(LuaProcess p) {
        return p.exit;
    }

    private void run(LuaProcess p, LuaValue body, Varargs args) {
        scheduler.awaitTurn(p, 0);
        enter(p);
        LuaValue reason = NORMAL;
        try {
            checkExit(p);
            body.invoke(args);
        } catch (ProcessExit e) {
            reason = e.reason;
        } catch (LuaError e) {
            reason = errorReason(e);
            if (p != main) log.error("Error in process {} with exit value: {}", p, reason.tojstring());
        } catch (StackOverflowError e) {
            reason = LuaValue.valueOf("stack overflow");
            log.error("Error in process {}: stack overflow", p);
        } catch (Throwable t) {
            reason = LuaValue.valueOf("internal error: " + t);
            log.error("Internal error in process {}", p, t);
        }
        try {
            terminate(p, reason);
        } catch (Throwable t) {
            log.error("Internal error ending process {}", p, t);
            p.exit.complete(reason);
        }
    }

    /** A Lua error as an exit reason: the message with its traceback, or the value given to error(). */
    static LuaValue errorReason(LuaError e) {
        LuaValue object = e.getMessageObject();
        if (object != null && !object.isstring()) return object;
        return LuaValue.valueOf(e.getMessage() == null ? "error" : e.getMessage());
    }

    /** Ends a process that holds the baton: tells links and monitors, frees its name, passes the baton on. */
    private void terminate(LuaProcess p, LuaValue reason) {
        LuaValue from = pidValue(p);
        scheduler.lock.lock();
        try {
            table.remove(p);
            for (LuaProcess linked : p.links) {
                linked.links.remove(p);
                exitSignalLocked(linked, from, reason, true);
            }
            p.links.clear();
            for (Map.Entry<OtpErlangRef, LuaProcess> m : p.monitoredBy.entrySet()) {
                m.getValue().monitoring.remove(m.getKey());
                deliverLocked(m.getValue(), downMessage(m.getKey(), from, reason), false);
            }
            p.monitoredBy.clear();
            for (Map.Entry<OtpErlangRef, LuaProcess> m : p.monitoring.entrySet()) {
                m.getValue().monitoredBy.remove(m.getKey());
            }
            p.monitoring.clear();
            p.mailbox.clear();
            wakeLoopersIfDone();
            scheduler.release(p);
            p.state = LuaProcess.State.DEAD;
        } finally {
            scheduler.lock.unlock();
        }
        p.exit.complete(reason);
    }

    /** The main chunk's process: its errors are reported by the launcher, like lua's, not logged. */
    private volatile LuaProcess main;

    /**
     * Starts the main process (the script, or the prompt) running {@code body}. Completes with its exit
     * reason; the node lives as long as the caller wants after that (jnode exits, as lua does).
     */
    public CompletableFuture<LuaValue> startMain(LuaValue body, Varargs args) {
        return spawn(null, body, args, false, null, true).exit;
    }

    public LuaValue pidValue(LuaProcess p) {
        return ErlangTypes.wrap(p.pid());
    }

    public LuaProcess process(OtpErlangPid pid) {
        return table.get(pid);
    }

    public int processCount() {
        return table.size();
    }

    // ------------------------------------------------------------------ messages

    /**
     * Sends a message (copied) to a local process. Returns false when it is not alive. When the receiver
     * was waiting for a message it runs next and the sender continues after it.
     */
    public boolean send(LuaProcess from, LuaProcess to, LuaValue message) {
        Object copy = Messages.copy(message);
        boolean handoff;
        scheduler.lock.lock();
        try {
            if (!to.isAlive()) return false;
            handoff = deliverLocked(to, copy, from != null);
        } finally {
            scheduler.lock.unlock();
        }
        if (handoff && from != null && from != to) yieldTurn(from);
        return true;
    }

    /** Delivers a term from outside the Lua world (another node); it becomes a Lua value on receipt. */
    public boolean deliver(LuaProcess to, OtpErlangObject term) {
        scheduler.lock.lock();
        try {
            if (!to.isAlive()) return false;
            deliverLocked(to, term, false);
            return true;
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** Adds to the mailbox; returns true when that woke the receiver. Lock held. */
    private boolean deliverLocked(LuaProcess to, Object message, boolean runNext) {
        if (!to.isAlive()) return false;
        to.mailbox.add(message);
        if (to.state == LuaProcess.State.WAITING && to.waiting == LuaProcess.Waiting.MESSAGE) {
            scheduler.ready(to, runNext);
            return true;
        }
        return false;
    }

    /** The oldest message, waiting for one up to {@code timeoutMs} (forever when negative); null on timeout. */
    public LuaValue receive(LuaProcess p, long timeoutMs) {
        long deadline = Scheduler.deadlineAfter(timeoutMs);
        scheduler.lock.lock();
        try {
            Object m = p.mailbox.poll();
            if (m != null) return asLua(m);
            if (timeoutMs == 0) return LuaValue.NIL;
            suspendLocked(p, LuaProcess.Waiting.MESSAGE);
        } finally {
            scheduler.lock.unlock();
        }
        resume(p, deadline);
        scheduler.lock.lock();
        try {
            Object m = p.mailbox.poll();
            return m == null ? LuaValue.NIL : asLua(m);
        } finally {
            scheduler.lock.unlock();
        }
    }

    private static LuaValue asLua(Object m) {
        return m instanceof OtpErlangObject term ? TermBridge.toLua(term) : (LuaValue) m;
    }

    // ------------------------------------------------------------------ scheduling

    /** Suspends the process for {@code millis} ms; messages do not wake it, exit signals do. */
    public void sleep(LuaProcess p, long millis) {
        if (millis <= 0) {
            yieldTurn(p);
            return;
        }
        scheduler.lock.lock();
        try {
            suspendLocked(p, LuaProcess.Waiting.SLEEP);
        } finally {
            scheduler.lock.unlock();
        }
        resume(p, Scheduler.deadlineAfter(millis));
    }

    /** Lets the other runnable processes run, then continues. */
    public void yieldTurn(LuaProcess p) {
        p.suspendedLuaThread = globals.running;
        scheduler.yield(p);
        enter(p);
        checkExit(p);
    }

    /** Called from the instruction hook: gives the baton away when others wait, applies exit signals. */
    void preempt(LuaProcess p) {
        checkExit(p);
        if (scheduler.othersWaiting()) yieldTurn(p);
    }

    /**
     * Waits until every other process has ended (or {@code timeoutMs} passed, or {@link #interrupt}).
     * Returns true when the others have all ended.
     */
    public boolean loop(LuaProcess p, long timeoutMs) {
        long deadline = Scheduler.deadlineAfter(timeoutMs);
        scheduler.lock.lock();
        try {
            if (interrupted) {
                interrupted = false;
                return false;
            }
            if (table.size() <= 1) return true;
            if (timeoutMs == 0) return false;
            loopers.add(p);
            suspendLocked(p, LuaProcess.Waiting.LOOP);
        } finally {
            scheduler.lock.unlock();
        }
        try {
            resume(p, deadline);
        } finally {
            scheduler.lock.lock();
            try {
                loopers.remove(p);
                interrupted = false;
            } finally {
                scheduler.lock.unlock();
            }
        }
        return table.size() <= 1;
    }

    /** Makes every loop() return. */
    public void interrupt() {
        scheduler.lock.lock();
        try {
            interrupted = true;
            for (LuaProcess l : loopers) wakeLocked(l, LuaProcess.Waiting.LOOP);
        } finally {
            scheduler.lock.unlock();
        }
    }

    private void wakeLoopersIfDone() {
        if (!loopers.isEmpty() && table.size() <= loopers.size()) {
            for (LuaProcess l : loopers) wakeLocked(l, LuaProcess.Waiting.LOOP);
        }
    }

    private void wakeLocked(LuaProcess p, LuaProcess.Waiting why) {
        if (p.state == LuaProcess.State.WAITING && p.waiting == why) scheduler.ready(p, false);
    }

    /**
     * Runs blocking work (terminal input, for example) without holding the baton, so the other processes
     * keep running meanwhile.
     */
    public <T> T outside(LuaProcess p, Supplier<T> work) {
        scheduler.lock.lock();
        try {
            suspendLocked(p, LuaProcess.Waiting.OUTSIDE);
        } finally {
            scheduler.lock.unlock();
        }
        try {
            return work.get();
        } finally {
            scheduler.lock.lock();
            try {
                scheduler.ready(p, false);
            } finally {
                scheduler.lock.unlock();
            }
            resume(p, 0);
        }
    }

    /** Gives the baton away to wait; the lock is held. */
    private void suspendLocked(LuaProcess p, LuaProcess.Waiting why) {
        p.suspendedLuaThread = globals.running;
        p.state = LuaProcess.State.WAITING;
        p.waiting = why;
        p.timedOut = false;
        scheduler.release(p);
    }

    /** Waits for the baton again after {@link #suspendLocked}, then applies any exit signal. */
    private void resume(LuaProcess p, long deadline) {
        scheduler.awaitTurn(p, deadline);
        enter(p);
        checkExit(p);
    }

    /** Makes the process's LuaJ thread state current: only the baton holder calls this. */
    private void enter(LuaProcess p) {
        globals.running = p.suspendedLuaThread;
    }

    private static void checkExit(LuaProcess p) {
        LuaValue reason = p.pendingExit;
        if (reason != null) throw new ProcessExit(reason);
    }

    // ------------------------------------------------------------------ exits, links, monitors

    /** The calling process exits with this reason. */
    public void exit(LuaValue reason) {
        throw new ProcessExit(reason);
    }

    /** Sends an exit signal from {@code from} to a process, as erlang:exit/2 does. */
    public void exit(LuaProcess from, LuaProcess target, LuaValue reason) {
        scheduler.lock.lock();
        try {
            exitSignalLocked(target, pidValue(from), reason, false);
        } finally {
            scheduler.lock.unlock();
        }
        if (target == from) checkExit(from);
    }

    /**
     * Erlang's exit signal semantics: 'kill' sent directly cannot be trapped; a trapping process gets an
     * EXIT message; otherwise any reason but 'normal' ends the target with the same reason.
     */
    private void exitSignalLocked(LuaProcess target, LuaValue from, LuaValue reason, boolean viaLink) {
        if (!target.isAlive()) return;
        if (!viaLink && reason.raweq(KILL)) {
            killLocked(target, KILLED);
        } else if (target.trapsExits()) {
            deliverLocked(target, exitMessage(from, reason), false);
        } else if (!reason.raweq(NORMAL)) {
            killLocked(target, reason);
        }
    }

    private void killLocked(LuaProcess target, LuaValue reason) {
        if (target.pendingExit == null) target.pendingExit = reason;
        if (target.state == LuaProcess.State.WAITING && target.waiting != LuaProcess.Waiting.OUTSIDE) {
            scheduler.ready(target, false);
        }
    }

    /** Links the caller with a process; linking to a dead process is an exit signal 'noproc', as in Erlang. */
    public void link(LuaProcess p, LuaProcess other, LuaValue otherPid) {
        scheduler.lock.lock();
        try {
            if (other != null && other.isAlive()) {
                if (other != p) {
                    p.links.add(other);
                    other.links.add(p);
                }
            } else {
                exitSignalLocked(p, otherPid, NOPROC, true);
            }
        } finally {
            scheduler.lock.unlock();
        }
        checkExit(p);
    }

    public void unlink(LuaProcess p, LuaProcess other) {
        if (other == null) return;
        scheduler.lock.lock();
        try {
            p.links.remove(other);
            other.links.remove(p);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** Monitors a process; a dead one gives an immediate DOWN with reason 'noproc'. Returns the reference. */
    public OtpErlangRef monitor(LuaProcess p, LuaProcess target, LuaValue targetPid) {
        OtpErlangRef ref = node.newRef();
        scheduler.lock.lock();
        try {
            if (target != null && target.isAlive()) {
                target.monitoredBy.put(ref, p);
                p.monitoring.put(ref, target);
            } else {
                deliverLocked(p, downMessage(ref, targetPid, NOPROC), false);
            }
        } finally {
            scheduler.lock.unlock();
        }
        return ref;
    }

    /** Removes the caller's monitor with this reference; true when there was one. */
    public boolean demonitor(LuaProcess p, OtpErlangRef ref) {
        scheduler.lock.lock();
        try {
            LuaProcess target = p.monitoring.remove(ref);
            if (target == null) return false;
            target.monitoredBy.remove(ref);
            return true;
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** Removes every monitor the caller holds on this process. */
    public boolean demonitor(LuaProcess p, LuaProcess target) {
        if (target == null) return false;
        scheduler.lock.lock();
        try {
            List<OtpErlangRef> refs = new ArrayList<>();
            p.monitoring.forEach((ref, t) -> { if (t == target) refs.add(ref); });
            for (OtpErlangRef ref : refs) {
                p.monitoring.remove(ref);
                target.monitoredBy.remove(ref);
            }
            return !refs.isEmpty();
        } finally {
            scheduler.lock.unlock();
        }
    }

    private static LuaTable downMessage(OtpErlangRef ref, LuaValue from, LuaValue reason) {
        LuaTable m = new LuaTable(0, 4);
        m.rawset(SIGNAL, LuaValue.valueOf("DOWN"));
        m.rawset(FROM, from);
        m.rawset(REASON, reason);
        m.rawset(REF, ErlangTypes.wrap(ref));
        return m;
    }

    private static LuaTable exitMessage(LuaValue from, LuaValue reason) {
        LuaTable m = new LuaTable(0, 3);
        m.rawset(SIGNAL, LuaValue.valueOf("EXIT"));
        m.rawset(FROM, from);
        m.rawset(REASON, reason);
        return m;
    }

    // ------------------------------------------------------------------ registry

    public boolean register(String name, LuaProcess p) {
        scheduler.lock.lock();
        try {
            return p.isAlive() && table.register(name, p);
        } finally {
            scheduler.lock.unlock();
        }
    }

    public boolean unregister(String name) {
        scheduler.lock.lock();
        try {
            return table.unregister(name);
        } finally {
            scheduler.lock.unlock();
        }
    }

    public LuaProcess whereis(String name) {
        return table.whereis(name);
    }

    public List<String> registered() {
        return table.names();
    }
}
