package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.StringMetatables;
import org.luanode.bridge.TermBridge;
import org.luanode.jnode.compiler.ConstantStrings;
import org.luanode.jnode.kernel.GlobalNameServer;
import org.luanode.jnode.kernel.PgScopes;
import org.luanode.jnode.process.Distributed;
import org.luanode.jnode.process.DistributionStarter;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ExitReason;
import org.luanode.jnode.process.IoLoop;
import org.luanode.jnode.process.LocalNode;
import org.luanode.jnode.process.PinnedProcessException;
import org.luanode.jnode.process.ProcessExit;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Relationships;

/**
 * A node whose processes run Lua: the {@link ProcessRuntime} with one Lua state per scheduler (one by
 * default: every process of a ConcurrentLua program shares it). Starts Lua functions as processes, turns
 * their errors into exit reasons, and gives Lua code the process model in Lua values (the {@code
 * concurrent} module, {@link ConcurrentLib}, is built on this). A process started with a Lua function
 * runs in its spawner's state (the function's upvalues live there); one started by module and function
 * name may run in any ({@link #leastLoadedState}).
 */
public final class NodeRuntime {
    final ProcessRuntime processes;
    /** The globals of each Lua state; the first runs the main script. Set once, before processes run. */
    private final Globals[] states;
    /** Per state, the metatable of strings on its thread (StringMetatables); set with the state. */
    private final LuaValue[][] stringMetatables;
    /** The pg scopes this node runs (concurrent.pg). */
    final PgScopes pgScopes;
    /**
     * Whether nodes learnt through global are connected to, as BEAM's kernel connect_all (jnode
     * -connect_all false, or -Dluanode.connect_all=false, turns it off); read when global starts.
     */
    private volatile boolean connectAll = !"false".equals(System.getProperty("luanode.connect_all"));

    private volatile GlobalNameServer global;
    /** Functions started by module and name: by other nodes, and in other Lua states. */
    private final RemoteCalls calls;

    /** What each state may do (jnode --restrict). */
    private final StateLimits[] limits;

    /** A node with {@code stateCount} Lua states, whose globals the caller installs ({@link #installState}). */
    NodeRuntime(StateLimits[] limits) {
        int stateCount = limits.length;
        this.limits = limits.clone();
        this.states = new Globals[stateCount];
        this.stringMetatables = new LuaValue[stateCount][1];
        LuaTerms terms = new LuaTerms();
        LocalNode[] node = new LocalNode[1];
        this.processes = new ProcessRuntime(terms, stateCount, state -> {
            ErlangTypes.bindLocalNode(() -> node[0].name());
            StringMetatables.bind(stringMetatables[state]); // filled by installState, before Lua runs there
        });
        node[0] = processes.node();
        this.calls = new RemoteCalls(this);
        processes.distributed().setSpawnHandler(calls);
        this.pgScopes = new PgScopes(processes);
    }

    /** Installs a state's globals, and the metatable its strings have (their methods: its {@code string}). */
    void installState(int state, Globals globals) {
        states[state] = globals;
        ConstantStrings.shareLibraryKeys(globals); // library fields read by reference from compiled code
        stringMetatables[state][0] = LuaValue.tableOf(new LuaValue[] {LuaValue.INDEX, globals.get("string")});
    }

    /** The globals of the first Lua state: where the main script runs. */
    public Globals globals() {
        return states[0];
    }

    /** The globals of a Lua state (0 for the first). */
    public Globals globals(int state) {
        return states[state];
    }

    /** How many Lua states the node runs. */
    public int stateCount() {
        return states.length;
    }

    /** The globals of the state the caller runs in (a Lua thread); the first state's elsewhere. */
    Globals currentGlobals() {
        int state = processes.currentState();
        return states[Math.max(state, 0)];
    }

    /** The state with the fewest live processes: where a process started by name goes. */
    int leastLoadedState() {
        return processes.leastLoadedState();
    }

    public LocalNode node() {
        return processes.node();
    }

    public Distributed distributed() {
        return processes.distributed();
    }

    Relationships relationships() {
        return processes.relationships();
    }

    /** The node's sockets, polled by the Lua thread. */
    public IoLoop io() {
        return processes.io();
    }

    /** The process running Lua now: the caller of any Lua library function. */
    public LuaProcess current() {
        if (processes.current() instanceof LuaProcess p) return p;
        throw new LuaError("not called from a Lua process");
    }

    /** Completes when another node (init:stop, erlang:halt) or the launcher's parent asks the node to stop. */
    public CompletableFuture<Integer> stopRequested() {
        return processes.stopRequested();
    }

    /** Stops the node: distribution, then the Lua thread. */
    public void close() {
        processes.close();
    }

    // ------------------------------------------------------------------ processes

    /**
     * Starts a process running {@code body(args...)}. The arguments are copied like a message. It runs
     * once the caller stops running; {@code parent} may be null. {@code monitor}, when not null, receives
     * the reference of the parent's monitor on the child.
     */
    public LuaProcess spawn(LuaProcess parent, LuaValue body, Varargs args, boolean link, OtpErlangRef[] monitor) {
        return spawn(parent, body, args, link, monitor, null);
    }

    LuaProcess spawn(
            LuaProcess parent,
            LuaValue body,
            Varargs args,
            boolean link,
            OtpErlangRef[] monitor,
            Consumer<ErlangProcess> beforeStart) {
        Varargs childArgs = LuaValue.varargsOf(Messages.copyAll(args));
        int state = parent == null ? 0 : ProcessRuntime.stateOf(parent); // where the function's upvalues are
        return spawnIn(state, parent, body, childArgs, link, monitor, beforeStart);
    }

    /** Directories added to every state's package.path (kept for states built anew). */
    private final java.util.List<String> moduleDirectories = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Where the scripts' modules are: added to package.path in every state, now and after a restart. */
    public void addToPath(String directory) {
        moduleDirectories.add(directory);
        for (Globals g : states) LuaEnvironment.addToPath(g, directory);
    }

    /**
     * How a state is built (LuaEnvironment): used again to build one anew after a fatal error in one of
     * its processes (any state but the first; see ProcessRuntime#restartStatesWith).
     */
    void buildStatesWith(java.util.function.IntFunction<Globals> build) {
        processes.restartStatesWith(state -> {
            Globals g = build.apply(state);
            for (String dir : moduleDirectories) LuaEnvironment.addToPath(g, dir);
            installState(state, g);
        });
    }

    /** What a state may do (jnode --restrict). */
    public StateLimits limits(int state) {
        return limits[state];
    }

    /**
     * Starts a process in {@code state} running {@code body(args...)}: a function of that state (the
     * parent's, for {@link #spawn}), or a body that finds its function there by module and name (a
     * function value belongs to the state that made it); the arguments are Lua values made for it. Options
     * and trap flag are the parent's; the state's limits apply.
     */
    LuaProcess spawnIn(
            int state,
            LuaProcess parent,
            LuaValue body,
            Varargs args,
            boolean link,
            OtpErlangRef[] monitor,
            Consumer<ErlangProcess> beforeStart) {
        LuaProcess child = parent == null
                ? new LuaProcess(node(), states[state], body, args, ConcurrentLib.defaultOptions(), false, false)
                : new LuaProcess(
                        node(),
                        states[state],
                        body,
                        args,
                        parent.inheritedOptions(), // shared copy-on-write: never changed once shared
                        parent.trapsExits(),
                        false);
        child.limitBy(limits[state]);
        return processes.spawnIn(state, child, child, parent, link, monitor, beforeStart);
    }

    /**
     * The body of a process that runs {@code require(module)[function](args...)} in its own Lua state
     * ({@code '_G'}: a global function), the arguments read there from their Erlang terms.
     */
    LuaValue startByName(String module, String function, OtpErlangObject[] args) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs ignored) {
                LuaValue[] luaArgs = new LuaValue[args.length];
                for (int i = 0; i < args.length; i++) luaArgs[i] = TermBridge.toLua(args[i]);
                return calls.callable(module, function, args.length).invoke(LuaValue.varargsOf(luaArgs));
            }
        };
    }

    /** A Lua error as an exit reason: the message with its traceback, or the value given to error(). */
    static LuaValue errorReason(LuaError e) {
        LuaValue object = e.getMessageObject();
        if (object != null && !object.isstring()) return object;
        String message = e.getMessage() == null ? "error" : e.getMessage();
        String traceback = org.luaj.vm2.LuanodeErrors.traceback(e);
        return LuaValue.valueOf(traceback == null ? message : message + "\n" + traceback);
    }

    /**
     * Starts the main process (the script, or the prompt) running {@code body}. Completes with its exit
     * reason; the node lives as long as the caller wants after that (jnode exits, as lua does).
     */
    public CompletableFuture<LuaValue> startMain(LuaValue body, Varargs args) {
        LuaProcess p = new LuaProcess(node(), states[0], body, args, ConcurrentLib.defaultOptions(), false, true);
        p.limitBy(limits[0]);
        processes.spawn(p, p, null, false, null, null);
        return p.exitFuture().thenApply(LuaTerms::reasonToLua);
    }

    public LuaValue pidValue(LuaProcess p) {
        return p.pidValue();
    }

    public LuaProcess process(OtpErlangPid pid) {
        return processes.process(pid) instanceof LuaProcess p ? p : null;
    }

    public int processCount() {
        return processes.processCount();
    }

    // ------------------------------------------------------------------ messages and waiting

    /**
     * The oldest message as a Lua value, waiting up to {@code timeoutMs} (forever when negative); null
     * on timeout.
     */
    public LuaValue receive(LuaProcess p, long timeoutMs) {
        // No helper or lambda between here and the wait: every frame is kept in each waiting process.
        Object m;
        try {
            m = processes.receive(p, timeoutMs);
        } catch (PinnedProcessException e) {
            throw new LuaError(e.getMessage());
        }
        return m == null ? null : LuaTerms.toLua(m);
    }

    /**
     * The first message for which the Lua function {@code match} is true, leaving the others in order
     * (Erlang's selective receive); null on timeout.
     */
    public LuaValue receive(LuaProcess p, long timeoutMs, LuaValue match) {
        LuaValue[] matched = new LuaValue[1];
        Object m = unpinned(() -> processes.receive(
                p,
                timeoutMs,
                message -> {
                    LuaValue v = LuaTerms.toLua(message);
                    matched[0] = v;
                    return match.call(v).toboolean();
                },
                0));
        return m == null ? null : matched[0];
    }

    public void sleep(LuaProcess p, long millis) {
        unpinned(() -> {
            processes.sleep(p, millis);
            return null;
        });
    }

    public void yieldTurn(LuaProcess p) {
        unpinned(() -> {
            processes.yieldTurn(p);
            return null;
        });
    }

    public boolean loop(LuaProcess p, long timeoutMs) {
        return unpinned(() -> processes.loop(p, timeoutMs));
    }

    public void interrupt() {
        processes.interrupt();
    }

    /** Runs blocking work on a thread of its own while the process waits (see {@link ProcessRuntime#outside}). */
    public <T> T outside(LuaProcess p, Supplier<T> work) {
        return unpinned(() -> processes.outside(p, work));
    }

    /** A wait that cannot suspend the process is a Lua error in it. */
    private static <T> T unpinned(Supplier<T> wait) {
        try {
            return wait.get();
        } catch (PinnedProcessException e) {
            throw new LuaError(e.getMessage());
        }
    }

    /** The calling process exits with this reason. */
    public void exit(LuaValue reason) {
        throw new ProcessExit(LuaTerms.reasonFromLua(reason), false);
    }

    // ------------------------------------------------------------------ registry

    public boolean register(String name, ErlangProcess p) {
        return processes.register(name, p);
    }

    public boolean unregister(String name) {
        return processes.unregister(name);
    }

    public LuaProcess whereis(String name) {
        return processes.whereis(name) instanceof LuaProcess p ? p : null;
    }

    // ------------------------------------------------------------------ distribution

    public void setDistributionStarter(DistributionStarter starter) {
        distributed().setStarter(starter);
    }

    /** Makes this node distributed (concurrent.init, --sname/--name); the name may lack its host. */
    public void startDistribution(String name, boolean shortNames) throws IOException {
        distributed().start(name, shortNames);
        startGlobal();
    }

    /** Stops distribution (concurrent.shutdown): links and monitors across nodes fire noconnection. */
    public void stopDistribution() {
        distributed().stop();
        GlobalNameServer g = global;
        if (g != null) processes.relationships().exitFromNode(g, ExitReason.KILL);
        global = null;
    }

    /** The process model under the Lua host. */
    public ProcessRuntime processRuntime() {
        return processes;
    }

    /** Sets connect_all (before the node becomes distributed). */
    public void setConnectAll(boolean on) {
        connectAll = on;
    }

    /** This node's part in global (started with distribution); null while the node is not distributed. */
    public GlobalNameServer global() {
        return global;
    }

    private synchronized void startGlobal() {
        if (global != null && global.isAlive()) return;
        global = GlobalNameServer.start(processes, connectAll);
    }

    public String cookie() {
        try {
            return distributed().cookie();
        } catch (IOException e) {
            throw new LuaError("cannot read the cookie: " + e.getMessage());
        }
    }

    public void setCookie(String c) {
        distributed().setCookie(c);
    }
}
