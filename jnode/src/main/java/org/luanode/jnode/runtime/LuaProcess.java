package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaClosure;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.jnode.compiler.CompiledFrames;
import org.luanode.jnode.compiler.LuaLoader;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.LocalNode;
import org.luanode.jnode.process.ProcessExit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process whose code is a Lua function: an {@link ErlangProcess} with the Lua state it needs while it
 * runs (LuaJ's per-thread call stack, ConcurrentLua's per-process options). Only the process itself
 * touches these, on the node's Lua thread.
 */
public final class LuaProcess extends ErlangProcess implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");
    /** The option's key, made once: every spawn reads it. */
    private static final LuaValue MAX_HEAP_SIZE = LuaValue.valueOf("max_heap_size");

    private final Globals globals;
    /**
     * LuaJ's per-thread interpreter state (call stack for tracebacks) that was running when this process
     * stopped running: its own at first, a coroutine's maybe later.
     */
    private LuaThread suspendedLuaThread;
    /** The process's own LuaJ thread (its call stack while it is not inside a coroutine). */
    private final LuaThread ownLuaThread;
    /** The function the process runs, and its arguments: held until it starts. */
    private LuaValue body;

    private Varargs args;
    /** The main chunk's process: its errors are reported by the launcher, like lua's, not logged. */
    private final boolean isMain;

    private LuaValue pidValue;

    /**
     * Per-process options (trapexit, ...), inherited from the spawning process: shared with it until
     * either sets one (copy on write), since most processes never change theirs.
     */
    private LuaTable options;

    private boolean ownOptions;

    /**
     * A process that will run {@code body(args)}, with (a share of) its spawner's options and trap flag
     * (the spawner's options hold the same flag).
     */
    LuaProcess(
            LocalNode node,
            Globals globals,
            LuaValue body,
            Varargs args,
            LuaTable options,
            boolean trapExit,
            boolean isMain) {
        super(node);
        this.globals = globals;
        this.suspendedLuaThread = this.ownLuaThread = new LuaThread(globals);
        this.body = body;
        Prototype compiled = LuaLoader.prototypeOf(body);
        this.origin =
                isMain ? null : body instanceof LuaClosure c ? c.p : compiled != null ? compiled : body.getClass();
        this.arity = args.narg();
        this.args = args;
        this.options = options;
        this.isMain = isMain;
        trapExits(trapExit);
        long limit = options.rawget(MAX_HEAP_SIZE).tolong();
        if (limit > 0) maxHeapSize(limit);
    }

    /**
     * What the process runs, for process_info: the function's prototype (shared by every closure of it, so
     * a spawn allocates nothing for this), a library function's class, or null for the main script.
     */
    private final Object origin;

    private final int arity;

    /** {lua, 'source:line', Arity}: where the function the process runs is defined; {lua, main, 0}. */
    @Override
    public OtpErlangTuple initialCall() {
        String where;
        if (origin == null) where = "main";
        else if (origin instanceof Prototype p) where = p.shortsource() + ":" + p.linedefined;
        else where = ((Class<?>) origin).getSimpleName().isEmpty() ? "builtin" : ((Class<?>) origin).getSimpleName();
        return new OtpErlangTuple(
                new OtpErlangObject[] {new OtpErlangAtom("lua"), new OtpErlangAtom(where), new OtpErlangLong(arity)});
    }

    /** The process's code: its Lua function; a Lua error ends the process with message and traceback. */
    @Override
    public void run() {
        LuaValue f = body;
        Varargs a = args;
        body = null; // not held while the process runs
        args = null;
        try {
            f.invoke(a);
        } catch (LuaError e) {
            LuaValue reason = NodeRuntime.errorReason(e);
            if (!isMain) log.error("Error in process {} with exit value: {}", this, reason.tojstring());
            throw new ProcessExit(reason, false);
        } catch (StackOverflowError e) {
            log.error("Error in process {}: stack overflow", this);
            throw new ProcessExit(LuaValue.valueOf("stack overflow"), false);
        }
    }

    /**
     * What this process holds (for max_heap_size): its call stacks (its own and the coroutine it runs
     * in), what they reach, its function and arguments until it starts, and its mailbox; not the shared
     * globals.
     */
    @Override
    protected long heapBytes(Object[] mailbox) {
        // HeapLimit measures a process on its own stack, while it runs: its compiled frames are read off it
        Object[] compiledFrames = CompiledFrames.liveValues().toArray();
        return LuaHeapSize.of(
                globals, ownLuaThread, globals.running, suspendedLuaThread, body, args, mailbox, compiledFrames);
    }

    @Override
    protected void suspending() {
        suspendedLuaThread = globals.running;
    }

    @Override
    protected void resuming() {
        globals.running = suspendedLuaThread;
    }

    /** The pid as a Lua value, made once (self() is called in every message of a typical protocol). */
    LuaValue pidValue() {
        OtpErlangPid p = pid();
        LuaValue v = pidValue;
        if (v == null || v.touserdata() != p) pidValue = v = ErlangTypes.wrap(p);
        return v;
    }

    LuaValue option(String key) {
        return options.get(key);
    }

    /** Options to hand to a process this one spawns (shared until one of them changes an option). */
    /** The state's cap on max_heap_size (jnode --restrict heap=BYTES), 0 for none; set before the process runs. */
    private long heapCap;

    /** Applies its state's budgets (before the process runs): a capped max_heap_size, a tick budget. */
    void limitBy(StateLimits limits) {
        if (limits.maxHeapSize() > 0) {
            heapCap = limits.maxHeapSize();
            if (maxHeapSize() == 0 || maxHeapSize() > heapCap) {
                maxHeapSize(heapCap);
                setOption("max_heap_size", LuaValue.valueOf((double) heapCap));
            }
        }
        tickBudget(limits.maxTicks());
    }

    /** The Lua state's globals the process runs with. */
    Globals globals() {
        return globals;
    }

    LuaTable inheritedOptions() {
        ownOptions = false;
        return options;
    }

    /** Sets an option; only the process itself does. */
    void setOption(String key, LuaValue value) {
        if (!ownOptions) {
            LuaTable copy = new LuaTable();
            for (Varargs kv = options.next(LuaValue.NIL); !kv.arg1().isnil(); kv = options.next(kv.arg1())) {
                copy.rawset(kv.arg1(), kv.arg(2));
            }
            options = copy;
            ownOptions = true;
        }
        if (key.equals("max_heap_size")) {
            if (!value.isnumber() || value.todouble() < 0)
                throw new LuaError("max_heap_size is a number of bytes (0 for none), got " + value.tojstring());
            if (heapCap > 0 && (value.tolong() == 0 || value.tolong() > heapCap))
                throw new LuaError("max_heap_size is capped at " + heapCap + " bytes in this Lua state (--restrict)");
            maxHeapSize(value.tolong());
        }
        options.set(key, value);
        if (key.equals("trapexit")) trapExits(value.toboolean());
    }
}
