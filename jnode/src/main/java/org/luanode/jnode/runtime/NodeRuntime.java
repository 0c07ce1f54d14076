package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import jdk.internal.vm.Continuation;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.ExitReasons;
import org.luanode.bridge.TermBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.HashMap;
import java.util.function.Consumer;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.bridge.TermConversionException;

/**
 * The Erlang process model of this node: spawning, message passing, links, monitors, exit signals and
 * the registry, for Lua processes that share one Lua state. Each operation takes the scheduler lock
 * for the state it changes; the {@link Scheduler} runs one process at a time.
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
     * Starts a process running {@code body(args...)}. The arguments are copied like a message. It runs
     * once the caller stops running (it waits, or its time slice ends); {@code parent} may be null (the main
     * process). Returns the process, and the monitor reference when {@code monitor} is set.
     */
    public LuaProcess spawn(LuaProcess parent, LuaValue body, Varargs args, boolean link, OtpErlangRef[] monitor) {
        return spawn(parent, body, args, link, monitor, false, null);
    }

    private LuaProcess spawn(LuaProcess parent, LuaValue body, Varargs args, boolean link, OtpErlangRef[] monitor,
                             boolean isMain, Consumer<LuaProcess> beforeStart) {
        LuaValue[] copied = Messages.copyAll(args);
        LuaTable options;
        if (parent == null) {
            options = new LuaTable();
            ConcurrentLib.defaultOptions(options);
        } else {
            options = parent.inheritedOptions();
        }
        LuaProcess child = new LuaProcess(node.newProcessNumber(), node, options, new LuaThread(globals));
        Varargs childArgs = LuaValue.varargsOf(copied);
        child.continuation = new Continuation(Scheduler.PROCESSES, () -> run(child, body, childArgs));
        if (isMain) main = child;
        scheduler.lock.lock();
        try {
            table.add(child);
            if (link && parent != null) {
                child.rel().links.add(parent);
                parent.rel().links.add(child);
            }
            if (monitor != null && parent != null) {
                OtpErlangRef ref = node.newRef();
                child.rel().monitoredBy.put(ref, parent);
                parent.rel().monitoring.put(ref, child);
                monitor[0] = ref;
            }
            if (beforeStart != null) beforeStart.accept(child);
            scheduler.ready(child, false);
        } finally {
            scheduler.lock.unlock();
        }
        return child;
    }

    private void run(LuaProcess p, LuaValue body, Varargs args) {
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

    /** Ends the running process: tells links and monitors, frees its name; its continuation then ends. */
    private void terminate(LuaProcess p, LuaValue reason) {
        LuaValue from = pidValue(p);
        List<OtpErlangPid> remoteLinks = List.of();
        Map<OtpErlangRef, LuaProcess.RemoteWatcher> remoteWatchers = Map.of();
        Map<OtpErlangRef, LuaProcess.RemoteMonitor> remoteMonitors = Map.of();
        scheduler.lock.lock();
        try {
            table.remove(p);
            LuaProcess.Relations rel = p.relations; // null for a process that never linked or monitored
            if (rel != null) {
                remoteLinks = new ArrayList<>(rel.remoteLinks);
                remoteWatchers = new HashMap<>(rel.remoteMonitoredBy);
                remoteMonitors = new HashMap<>(rel.remoteMonitoring);
                for (LuaProcess linked : rel.links) {
                    linked.rel().links.remove(p);
                    exitSignalLocked(linked, from, reason, true);
                }
                for (Map.Entry<OtpErlangRef, LuaProcess> m : rel.monitoredBy.entrySet()) {
                    m.getValue().rel().monitoring.remove(m.getKey());
                    deliverLocked(m.getValue(), downMessage(m.getKey(), from, reason), false);
                }
                for (Map.Entry<OtpErlangRef, LuaProcess> m : rel.monitoring.entrySet()) {
                    m.getValue().rel().monitoredBy.remove(m.getKey());
                }
                p.relations = null;
            }
            p.mailbox.clear();
            wakeLoopersIfDone();
            p.state = LuaProcess.State.DEAD;
        } finally {
            scheduler.lock.unlock();
        }
        RemoteNodes r = remote;
        if (r != null && !(remoteLinks.isEmpty() && remoteWatchers.isEmpty() && remoteMonitors.isEmpty())) {
            OtpErlangPid pid = p.pid();
            OtpErlangObject erlangReason = ExitReasons.toErlang(reason);
            for (OtpErlangPid linked : remoteLinks) r.exit(pid, linked, erlangReason, true);
            remoteWatchers.forEach((ref, w) -> r.monitorExit(w.namedAs(), w.watcher(), ref, erlangReason));
            remoteMonitors.forEach((ref, m) -> r.demonitor(pid, m.node(), m.target(), ref));
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
        return spawn(null, body, args, false, null, true, null).exit;
    }

    /** The node's sockets, polled by the Lua thread: the distribution layer registers its connections here. */
    public IoLoop io() {
        return scheduler.io;
    }

    public LuaValue pidValue(LuaProcess p) {
        return p.pidValue();
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
            handoff = deliverLocked(to, copy, from != null) && from != null && from != to;
            if (handoff) { // the receiver runs next, the sender after the others: in one locked section
                from.suspendedLuaThread = globals.running;
                scheduler.requeueLocked(from);
            }
        } finally {
            scheduler.lock.unlock();
        }
        if (handoff) resume(from);
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
            suspendLocked(p, LuaProcess.Waiting.MESSAGE, deadline);
        } finally {
            scheduler.lock.unlock();
        }
        resume(p);
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
            suspendLocked(p, LuaProcess.Waiting.SLEEP, Scheduler.deadlineAfter(millis));
        } finally {
            scheduler.lock.unlock();
        }
        resume(p);
    }

    /** Lets the other runnable processes run, then continues. */
    public void yieldTurn(LuaProcess p) {
        p.suspendedLuaThread = globals.running;
        scheduler.yield(p);
        enter(p);
        checkExit(p);
    }

    /**
     * Called from the instruction hook once per time slice: applies exit signals, lets the other
     * runnable processes run, and looks at the network, so a long computation delays neither the other
     * processes nor the node's connections (ticks).
     */
    void preempt(LuaProcess p) {
        checkExit(p);
        if (scheduler.othersWaiting()) {
            try {
                yieldTurn(p);
            } catch (LuaError pinned) {
                // Java code below this Lua cannot be suspended: run on; the next slice tries again.
            }
        } else {
            scheduler.io.pollIfDue();
        }
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
            checkExit(p); // before joining the loopers: a dead process must not count as one
            loopers.add(p);
            suspendLocked(p, LuaProcess.Waiting.LOOP, deadline);
        } finally {
            scheduler.lock.unlock();
        }
        try {
            resume(p);
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
     * Runs blocking work (terminal input, for example) on a thread of its own while the process waits
     * for it, so the other processes keep running meanwhile.
     */
    public <T> T outside(LuaProcess p, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.lock.lock();
        try {
            suspendLocked(p, LuaProcess.Waiting.OUTSIDE, 0);
        } finally {
            scheduler.lock.unlock();
        }
        Thread.startVirtualThread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                scheduler.lock.lock();
                try {
                    scheduler.ready(p, false);
                } finally {
                    scheduler.lock.unlock();
                }
            }
        });
        resume(p);
        try {
            return result.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /**
     * Marks the running process as waiting; the lock is held. An exit signal that arrived while the process was
     * still running is applied here: under the same lock a signal either sees the process waiting (and
     * wakes it) or is seen now, so none is lost.
     */
    private void suspendLocked(LuaProcess p, LuaProcess.Waiting why, long deadline) {
        checkExit(p);
        p.suspendedLuaThread = globals.running;
        p.waiting = why;
        scheduler.waitLocked(p, deadline);
    }

    /** Stops running after {@link #suspendLocked} until woken, then applies any exit signal. */
    private void resume(LuaProcess p) {
        scheduler.switchOut(p);
        enter(p);
        checkExit(p);
    }

    /** Makes the process's LuaJ thread state current: only the running process calls this. */
    private void enter(LuaProcess p) {
        globals.running = p.suspendedLuaThread;
    }

    private static void checkExit(LuaProcess p) {
        LuaValue reason = p.pendingExit;
        if (reason != null) throw new ProcessExit(reason, true);
    }

    // ------------------------------------------------------------------ exits, links, monitors

    /** The calling process exits with this reason. */
    public void exit(LuaValue reason) {
        throw new ProcessExit(reason, false);
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
                    p.rel().links.add(other);
                    other.rel().links.add(p);
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
            p.rel().links.remove(other);
            other.rel().links.remove(p);
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
                target.rel().monitoredBy.put(ref, p);
                p.rel().monitoring.put(ref, target);
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
            LuaProcess target = p.rel().monitoring.remove(ref);
            if (target == null) return false;
            target.rel().monitoredBy.remove(ref);
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
            p.rel().monitoring.forEach((ref, t) -> { if (t == target) refs.add(ref); });
            for (OtpErlangRef ref : refs) {
                p.rel().monitoring.remove(ref);
                target.rel().monitoredBy.remove(ref);
            }
            return !refs.isEmpty();
        } finally {
            scheduler.lock.unlock();
        }
    }

    static LuaTable downMessage(OtpErlangRef ref, LuaValue from, LuaValue reason) {
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

    // ------------------------------------------------------------------ other nodes

    static final LuaValue NOCONNECTION = LuaValue.valueOf("noconnection");

    private volatile RemoteNodes remote;
    private volatile DistributionStarter distributionStarter;
    private volatile String cookie;

    public void setDistributionStarter(DistributionStarter starter) {
        distributionStarter = starter;
    }

    /** Makes this node distributed (concurrent.init, --sname/--name); the name may lack its host. */
    public RemoteNodes startDistribution(String name, boolean shortNames) throws IOException {
        DistributionStarter starter = distributionStarter;
        if (starter == null) throw new IOException("this runtime has no distribution");
        String nodeName = starter.fullName(name, shortNames);
        if (remote != null) {
            if (nodeName.equals(node.name())) return remote; // --sname given, and the script calls init too
            throw new IOException("this node is distributed already, as " + node.name());
        }
        if (cookie == null) cookie = starter.defaultCookie();
        return starter.start(this, nodeName, cookie);
    }

    /** Stops distribution (concurrent.shutdown): links and monitors across nodes fire noconnection. */
    public void stopDistribution() {
        RemoteNodes r = remote;
        if (r instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("error while shutting down distribution", e);
            }
        }
    }

    public void attach(RemoteNodes r) {
        remote = r;
    }

    public void detach(RemoteNodes r) {
        if (remote == r) {
            remote = null;
            node.rename(LocalNode.UNDISTRIBUTED, 0);
        }
    }

    public RemoteNodes remote() {
        return remote;
    }

    public String cookie() {
        if (cookie == null && distributionStarter != null) {
            try {
                cookie = distributionStarter.defaultCookie();
            } catch (IOException e) {
                throw new LuaError("cannot read the cookie: " + e.getMessage());
            }
        }
        return cookie;
    }

    public void setCookie(String c) {
        cookie = c;
    }

    /** Whether a pid belongs to another node. */
    public boolean isRemote(OtpErlangPid pid) {
        return node.numberOf(pid) < 0;
    }

    private static OtpErlangObject asTerm(LuaValue message) {
        try {
            return TermBridge.toErlang(message, "message");
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
    }

    /** Sends to a process of another node; false when this node is not distributed. */
    public boolean sendRemote(LuaProcess from, OtpErlangPid to, LuaValue message) {
        RemoteNodes r = remote;
        if (r == null) return false;
        r.send(from.pid(), to, asTerm(message));
        return true;
    }

    public boolean sendRemoteByName(LuaProcess from, String nodeName, String name, LuaValue message) {
        RemoteNodes r = remote;
        if (r == null) return false;
        r.sendByName(from.pid(), nodeName, name, asTerm(message));
        return true;
    }

    public void linkRemote(LuaProcess p, OtpErlangPid to) {
        RemoteNodes r = remote;
        scheduler.lock.lock();
        try {
            if (r == null) {
                exitSignalLocked(p, ErlangTypes.wrap(to), NOCONNECTION, true);
            } else {
                p.rel().remoteLinks.add(to);
            }
        } finally {
            scheduler.lock.unlock();
        }
        if (r != null) r.link(p.pid(), to);
        checkExit(p);
    }

    public void unlinkRemote(LuaProcess p, OtpErlangPid to) {
        RemoteNodes r = remote;
        boolean linked;
        scheduler.lock.lock();
        try {
            linked = p.rel().remoteLinks.remove(to);
        } finally {
            scheduler.lock.unlock();
        }
        if (linked && r != null) r.unlink(p.pid(), to);
    }

    /** Monitors a process of another node, by pid or by registered name (an atom). */
    public OtpErlangRef monitorRemote(LuaProcess p, String nodeName, OtpErlangObject target, LuaValue targetLua) {
        RemoteNodes r = remote;
        OtpErlangRef ref = node.newRef();
        scheduler.lock.lock();
        try {
            if (r == null) {
                deliverLocked(p, downMessage(ref, targetLua, NOCONNECTION), false);
                return ref;
            }
            p.rel().remoteMonitoring.put(ref, new LuaProcess.RemoteMonitor(nodeName, target, targetLua));
        } finally {
            scheduler.lock.unlock();
        }
        r.monitor(p.pid(), nodeName, target, ref);
        return ref;
    }

    /** Removes a monitor on a remote process by reference, or all of them on that pid; true when one existed. */
    public boolean demonitorRemote(LuaProcess p, OtpErlangRef ref, OtpErlangObject target) {
        RemoteNodes r = remote;
        Map<OtpErlangRef, LuaProcess.RemoteMonitor> removed = new HashMap<>();
        scheduler.lock.lock();
        try {
            p.rel().remoteMonitoring.entrySet().removeIf(e -> {
                boolean match = ref != null ? e.getKey().equals(ref) : e.getValue().target().equals(target);
                if (match) removed.put(e.getKey(), e.getValue());
                return match;
            });
        } finally {
            scheduler.lock.unlock();
        }
        if (r != null) removed.forEach((k, m) -> r.demonitor(p.pid(), m.node(), m.target(), k));
        return !removed.isEmpty();
    }

    /** Records the link a spawn request with the link option set up on the other node. */
    public void adoptRemoteLink(LuaProcess p, OtpErlangPid remotePid) {
        scheduler.lock.lock();
        try {
            p.rel().remoteLinks.add(remotePid);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** Records the monitor a spawn request with the monitor option set up (its reference is the request id). */
    public void adoptRemoteMonitor(LuaProcess p, String nodeName, OtpErlangPid remotePid, LuaValue pidValue, OtpErlangRef ref) {
        scheduler.lock.lock();
        try {
            p.rel().remoteMonitoring.put(ref, new LuaProcess.RemoteMonitor(nodeName, remotePid, pidValue));
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** erlang:exit/2 towards a process of another node. */
    public void exitRemote(LuaProcess from, OtpErlangPid to, LuaValue reason) {
        RemoteNodes r = remote;
        if (r != null) r.exit(from.pid(), to, ExitReasons.toErlang(reason), false);
    }

    /** monitornode: a NODEDOWN message when the connection to that node is lost (or cannot be made). */
    public void monitorNode(LuaProcess p, String nodeName) {
        RemoteNodes r = remote;
        scheduler.lock.lock();
        try {
            if (r == null) {
                deliverLocked(p, nodeDownMessage(nodeName), false);
                return;
            }
            p.rel().nodeMonitors.merge(nodeName, 1, Integer::sum);
        } finally {
            scheduler.lock.unlock();
        }
        if (!r.isConnected(nodeName)) r.ping(nodeName);
    }

    public void demonitorNode(LuaProcess p, String nodeName) {
        scheduler.lock.lock();
        try {
            p.rel().nodeMonitors.computeIfPresent(nodeName, (k, n) -> n > 1 ? n - 1 : null);
        } finally {
            scheduler.lock.unlock();
        }
    }

    private static LuaTable nodeDownMessage(String nodeName) {
        LuaTable m = new LuaTable(0, 3);
        m.rawset(SIGNAL, LuaValue.valueOf("NODEDOWN"));
        m.rawset("node", LuaValue.valueOf(nodeName));
        m.rawset(REASON, NOCONNECTION);
        return m;
    }

    // Signals from other nodes; called by the distribution layer, on the thread polling the sockets.

    /** A message from another node, already a Lua value (decoded as it was read). */
    public void incomingSend(OtpErlangPid to, LuaValue message) {
        LuaProcess p = table.get(to);
        if (p != null) deliverValue(p, message);
    }

    /** A message to a registered name; false when no process has that name. */
    public boolean incomingSendByName(String name, LuaValue message) {
        LuaProcess p = table.whereis(name);
        if (p == null) return false;
        deliverValue(p, message);
        return true;
    }

    private void deliverValue(LuaProcess to, LuaValue message) {
        scheduler.lock.lock();
        try {
            deliverLocked(to, message, false);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** A remote process links to a local one; false when that one does not exist (answered with noproc). */
    public boolean incomingLink(OtpErlangPid from, OtpErlangPid to) {
        LuaProcess p = table.get(to);
        if (p == null) return false;
        scheduler.lock.lock();
        try {
            if (!p.isAlive()) return false;
            p.rel().remoteLinks.add(from);
            return true;
        } finally {
            scheduler.lock.unlock();
        }
    }

    public void incomingUnlink(OtpErlangPid from, OtpErlangPid to) {
        LuaProcess p = table.get(to);
        if (p == null) return;
        scheduler.lock.lock();
        try {
            p.rel().remoteLinks.remove(from);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** An exit signal from another node: through a link, or erlang:exit/2. */
    public void incomingExit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink) {
        LuaProcess p = table.get(to);
        if (p == null || reason == null) return;
        scheduler.lock.lock();
        try {
            if (viaLink && !p.rel().remoteLinks.remove(from)) return; // not linked (any more)
            exitSignalLocked(p, ErlangTypes.wrap(from), ExitReasons.toLua(reason), viaLink);
        } finally {
            scheduler.lock.unlock();
        }
    }

    /** A remote process monitors a local one (by pid or name); false when there is no such process. */
    public boolean incomingMonitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        LuaProcess p = localTarget(target);
        if (p == null) return false;
        scheduler.lock.lock();
        try {
            if (!p.isAlive()) return false;
            p.rel().remoteMonitoredBy.put(ref, new LuaProcess.RemoteWatcher(watcher, target));
            return true;
        } finally {
            scheduler.lock.unlock();
        }
    }

    public void incomingDemonitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        LuaProcess p = localTarget(target);
        if (p == null) return;
        scheduler.lock.lock();
        try {
            p.rel().remoteMonitoredBy.remove(ref);
        } finally {
            scheduler.lock.unlock();
        }
    }

    private LuaProcess localTarget(OtpErlangObject target) {
        if (target instanceof OtpErlangPid pid) return table.get(pid);
        if (target instanceof OtpErlangAtom name) return table.whereis(name.atomValue());
        return null;
    }

    /** A remote process this node monitors has ended: a DOWN message. */
    public void incomingMonitorExit(OtpErlangObject target, OtpErlangPid to, OtpErlangRef ref, OtpErlangObject reason) {
        LuaProcess p = table.get(to);
        if (p == null || reason == null) return;
        scheduler.lock.lock();
        try {
            LuaProcess.RemoteMonitor m = p.rel().remoteMonitoring.remove(ref);
            if (m != null) deliverLocked(p, downMessage(ref, m.targetLua(), ExitReasons.toLua(reason)), false);
        } finally {
            scheduler.lock.unlock();
        }
    }

    public void nodeUp(String nodeName) {
        log.debug("nodeup {}", nodeName);
    }

    /** The connection to a node is gone: links and monitors across it fire noconnection, node monitors fire. */
    public void nodeDown(String nodeName) {
        for (LuaProcess p : table.all()) {
            scheduler.lock.lock();
            try {
                LuaProcess.Relations rel = p.relations;
                if (!p.isAlive() || rel == null) continue; // nothing across any node
                for (var it = rel.remoteMonitoredBy.values().iterator(); it.hasNext(); ) {
                    if (it.next().watcher().node().equals(nodeName)) it.remove();
                }
                for (var it = rel.remoteMonitoring.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (e.getValue().node().equals(nodeName)) {
                        it.remove();
                        deliverLocked(p, downMessage(e.getKey(), e.getValue().targetLua(), NOCONNECTION), false);
                    }
                }
                Integer monitors = rel.nodeMonitors.remove(nodeName);
                for (int i = 0; monitors != null && i < monitors; i++) deliverLocked(p, nodeDownMessage(nodeName), false);
                for (var it = rel.remoteLinks.iterator(); it.hasNext(); ) {
                    OtpErlangPid linked = it.next();
                    if (linked.node().equals(nodeName)) {
                        it.remove();
                        exitSignalLocked(p, ErlangTypes.wrap(linked), NOCONNECTION, true);
                    }
                }
            } finally {
                scheduler.lock.unlock();
            }
        }
    }

    /**
     * A spawn request from another node (erlang:spawn(Node, M, F, Args), or concurrent.spawn(node, ...)):
     * a process that runs {@code require(M)[F](Args...)}. The reply goes out before the process runs.
     */
    public void spawnForRemote(String module, String function, OtpErlangList args, OtpErlangPid requester,
                               boolean link, OtpErlangRef monitorRef, Consumer<OtpErlangObject> reply) {
        LuaValue body;
        LuaValue[] luaArgs;
        if (ErpcCalls.isErpc(module, function, args)) { // rpc:call, erpc:call and the like
            body = ErpcCalls.body(this, function, args);
            luaArgs = new LuaValue[0];
        } else {
            luaArgs = new LuaValue[args.arity()];
            for (int i = 0; i < luaArgs.length; i++) luaArgs[i] = TermBridge.toLua(args.elementAt(i));
            body = new VarArgFunction() {
                @Override public Varargs invoke(Varargs a) {
                    return remotelyCallable(module, function, a.narg()).invoke(a);
                }
            };
        }
        spawn(null, body, LuaValue.varargsOf(luaArgs), false, null, false, child -> {
            if (link) child.rel().remoteLinks.add(requester);
            if (monitorRef != null) child.rel().remoteMonitoredBy.put(monitorRef, new LuaProcess.RemoteWatcher(requester, child.pid()));
            reply.accept(child.pid());
        });
    }

    /**
     * The Lua function another node names as {@code Module:Function}: {@code require(Module)[Function]}
     * ({@code _G} for globals); null when there is no such module or function. Raises the module's own
     * error when it exists but fails to load. On the Lua thread, in the calling process.
     */
    LuaValue remotelyCallable(String module, String function) {
        LuaValue mod;
        if (module.equals("_G")) {
            mod = globals;
        } else {
            try {
                mod = globals.get("require").call(LuaValue.valueOf(module));
            } catch (LuaError e) {
                if (String.valueOf(e.getMessage()).startsWith("module '" + module + "' not found")) return null;
                throw e;
            }
        }
        LuaValue f = mod.istable() ? mod.get(function) : LuaValue.NIL;
        return f.isfunction() ? f : null;
    }

    /** As {@link #remotelyCallable(String, String)}, raising "undefined function M.F/Arity" when there is none. */
    LuaValue remotelyCallable(String module, String function, int arity) {
        LuaValue f = remotelyCallable(module, function);
        if (f == null) throw new LuaError("undefined function " + module + "." + function + "/" + arity);
        return f;
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
