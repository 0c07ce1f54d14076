package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import jdk.internal.vm.Continuation;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import com.ericsson.otp.erlang.OtpErlangObject;
import java.util.HashSet;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;

/**
 * One Lua process: an Erlang process whose code is a Lua function, run as a continuation by the
 * {@link Scheduler}. Fields that other processes touch
 * (state, mailbox, links, monitors, pending exit) are guarded by the scheduler's lock.
 */
public final class LuaProcess {
    enum State { RUNNABLE, RUNNING, WAITING, DEAD }

    /** What a waiting process waits for, which decides what wakes it. */
    enum Waiting { MESSAGE, LOOP, SLEEP, OUTSIDE }

    final int number;
    private final LocalNode node;
    private OtpErlangPid pid;
    private LuaValue pidValue;

    // Guarded by the scheduler lock.
    State state = State.RUNNABLE;
    Waiting waiting;
    boolean timedOut;
    /** Messages not received yet; small at first, as most processes hold few at a time. */
    final ArrayDeque<Object> mailbox = new ArrayDeque<>(2);
    /** Links and monitors, created when first needed: most processes never link or monitor. */
    Relations relations;

    Relations rel() {
        Relations r = relations;
        if (r == null) relations = r = new Relations();
        return r;
    }

    /** Who this process is linked to and who monitors whom; guarded by the scheduler lock. */
    static final class Relations {
        final Set<LuaProcess> links = new LinkedHashSet<>();
        /** Monitors on this process: reference -> the monitoring process. */
        final Map<OtpErlangRef, LuaProcess> monitoredBy = new HashMap<>();
        /** Monitors this process holds: reference -> the monitored process. */
        final Map<OtpErlangRef, LuaProcess> monitoring = new HashMap<>();
        /** Links to processes on other nodes. */
        final Set<OtpErlangPid> remoteLinks = new HashSet<>();
        /** Monitors this process holds on processes of other nodes: reference -> what it monitors. */
        final Map<OtpErlangRef, RemoteMonitor> remoteMonitoring = new HashMap<>();
        /** Monitors processes of other nodes hold on this one: reference -> who, and how they named it. */
        final Map<OtpErlangRef, RemoteWatcher> remoteMonitoredBy = new HashMap<>();
        /** Node monitors (monitornode): node name -> how many. */
        final Map<String, Integer> nodeMonitors = new HashMap<>();
    }
    String registeredName;
    /** An exit signal that will end this process the next time it runs. */
    volatile LuaValue pendingExit;

    /** The process's code and, while it waits, its suspended stack; run by the {@link Scheduler}. */
    Continuation continuation;
    /** The deadline of a wait with a timeout; guarded by the scheduler lock. */
    Scheduler.Timeout timeout;

    /**
     * Per-process options (trapexit, ...), inherited from the spawning process: shared with it until
     * either sets one (copy on write), since most processes never change theirs.
     */
    private LuaTable options;
    private boolean ownOptions;
    /** LuaJ's per-thread interpreter state (call stack for tracebacks) of this process. */
    final LuaThread luaThread;
    /** Completes with the exit reason when the process has ended. */
    final CompletableFuture<LuaValue> exit = new CompletableFuture<>();

    /** The LuaJ thread that was running when this process gave the baton away (a coroutine, maybe). */
    LuaThread suspendedLuaThread;

    LuaProcess(int number, LocalNode node, LuaTable options, LuaThread luaThread) {
        this.number = number;
        this.node = node;
        this.options = options;
        this.ownOptions = false;
        this.luaThread = luaThread;
        this.suspendedLuaThread = luaThread;
        this.pid = node.pid(number);
    }

    /** The Erlang pid, named after the node's current name. */
    public OtpErlangPid pid() {
        OtpErlangPid p = pid;
        if (!p.node().equals(node.name()) || p.creation() != node.creation()) pid = p = node.pid(number);
        return p;
    }

    /** The pid as a Lua value, made once (self() is called in every message of a typical protocol). */
    LuaValue pidValue() {
        OtpErlangPid p = pid();
        LuaValue v = pidValue;
        if (v == null || v.touserdata() != p) pidValue = v = ErlangTypes.wrap(p);
        return v;
    }

    boolean trapsExits() {
        return options.get("trapexit").toboolean();
    }

    LuaValue option(String key) {
        return options.get(key);
    }

    /** Options to hand to a process this one spawns (shared until one of them changes an option). */
    LuaTable inheritedOptions() {
        ownOptions = false;
        return options;
    }

    /** Sets an option; only the process itself does (it holds the baton). */
    void setOption(String key, LuaValue value) {
        if (!ownOptions) {
            LuaTable copy = new LuaTable();
            for (Varargs kv = options.next(LuaValue.NIL); !kv.arg1().isnil(); kv = options.next(kv.arg1())) {
                copy.rawset(kv.arg1(), kv.arg(2));
            }
            options = copy;
            ownOptions = true;
        }
        options.set(key, value);
    }

    boolean isAlive() {
        return state != State.DEAD;
    }

    /** A monitor on a remote process: its node, how it was named on the wire, and as the Lua code named it. */
    record RemoteMonitor(String node, OtpErlangObject target, LuaValue targetLua) {}

    /** A remote process monitoring this one, and how it named this one (pid or registered name). */
    record RemoteWatcher(OtpErlangPid watcher, OtpErlangObject namedAs) {}

    @Override
    public String toString() {
        OtpErlangPid p = pid();
        return "<" + (node.isDistributed() ? node.name() : "0") + "." + p.id() + "." + p.serial() + ">";
    }
}
