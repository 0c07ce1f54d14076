package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.LuaFunctions;
import org.luanode.jnode.compiler.ConstantStrings;
import org.luanode.jnode.kernel.PgScopes;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;

/**
 * The {@code concurrent} module: ConcurrentLua's API (thesis Appendix A) over {@link NodeRuntime}.
 * Processes are named the ways ConcurrentLua names them: a pid, a registered name, or a table
 * {@code {pid_or_name, 'node@host'}}.
 */
final class ConcurrentLib {
    private static final LuaValue NORMAL = LuaValue.valueOf("normal");
    private static final OtpErlangAtom TRUE = new OtpErlangAtom(true);
    private static final OtpErlangAtom NOPROC = new OtpErlangAtom("noproc");
    private static final OtpErlangAtom NOCONNECTION = new OtpErlangAtom("noconnection");
    private final NodeRuntime runtime;
    /** The globals of the Lua state this module belongs to: each state has its own module table. */
    private final Globals globals;

    private final LuaTable module = new LuaTable();
    private final OtpCalls otp;
    private final ProcessNames names;
    private final LuaSpawns spawns;
    /** Names with connectall (set once, as the functions are defined). */
    private ClusterNames clusterNames;

    ConcurrentLib(NodeRuntime runtime, Globals globals) {
        this.runtime = runtime;
        this.globals = globals;
        this.otp = new OtpCalls(runtime, this);
        this.names = new ProcessNames(runtime);
        this.spawns = new LuaSpawns(runtime);
        define();
    }

    /** The package.preload entry: require 'concurrent' returns the module and sets the global, as in 5.1. */
    LuaValue loader() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                ConstantStrings.shareKeys(module); // read by reference from compiled code
                globals.set(ConstantStrings.valueOf("concurrent"), module);
                return module;
            }
        };
    }

    /** Default options of the first process; later processes inherit their spawner's options. */
    static LuaTable defaultOptions() {
        LuaTable options = new LuaTable();
        options.set("trapexit", LuaValue.FALSE);
        options.set("debug", LuaValue.FALSE);
        options.set("tick", LuaValue.valueOf(10));
        options.set("shortnames", LuaValue.FALSE);
        options.set("connectall", LuaValue.TRUE);
        // luanode's: Erlang's max_heap_size in bytes, 0 for none (jnode --max-heap-size sets a default)
        options.set("max_heap_size", LuaValue.valueOf((double) Long.getLong("luanode.max_heap_size", 0L)));
        return options;
    }

    private void define() {
        // luanode's version (the jar's, when built); _VERSION itself says "Lua 5.1", as C Lua's does
        String version = ConcurrentLib.class.getPackage().getImplementationVersion();
        module.rawset("_VERSION", LuaValue.valueOf("luanode " + (version != null ? version : "(development)")));
        // -- processes
        fn("spawn", args -> spawns.spawn(args, false, false));
        fn("spawnlink", args -> spawns.spawn(args, true, false));
        fn("spawnmonitor", args -> spawns.spawn(args, false, true));
        // luanode's: the node's Lua states, numbered from 1, and the one the caller runs in
        fn("state", args -> LuaValue.valueOf(ProcessRuntime.stateOf(runtime.current()) + 1));
        fn("states", args -> LuaValue.valueOf(runtime.stateCount()));
        module.rawset(
                "self",
                new ZeroArgFunction() { // the hot three as plain calls: no argument lists
                    {
                        name = "self";
                    }

                    @Override
                    public LuaValue call() {
                        return runtime.pidValue(runtime.current());
                    }
                });
        fn("isprocessalive", args -> LuaValue.valueOf(isAlive(args.arg1())));
        fn("isalive", args -> LuaValue.valueOf(isAlive(args.arg1())));
        fn("exit", args -> {
            LuaProcess self = runtime.current();
            if (args.narg() >= 2) { // exit(process, reason): an exit signal, as erlang:exit/2
                ProcessNames.Target t = resolve(args.arg1(), "exit");
                if (t.pid() != null) runtime.relationships().exit(self, t.pid(), LuaTerms.reasonFromLua(args.arg(2)));
                return LuaValue.NONE;
            }
            runtime.exit(args.arg1().isnil() ? NORMAL : args.arg1());
            return LuaValue.NONE;
        });

        // -- messages
        module.rawset("send", new TwoArgFunction() {
            {
                name = "send";
            }

            @Override
            public LuaValue call(LuaValue to, LuaValue message) {
                return send(to, message);
            }
        });
        module.rawset("receive", new TwoArgFunction() {
            {
                name = "receive";
            }

            /** One value wanted: the message, or nil on timeout. */
            @Override
            public LuaValue call(LuaValue first, LuaValue second) {
                // The hot path, written out (each frame is kept in every waiting process).
                LuaValue m = first.isfunction()
                        ? runtime.receive(runtime.current(), millis(second, "receive"), first)
                        : runtime.receive(runtime.current(), millis(first, "receive"));
                return m == null ? NIL : m;
            }

            /** All values wanted: none at all on timeout, as ConcurrentLua's receive returns. */
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue m = receive(args.arg1(), args.arg(2));
                return m == null ? NONE : m;
            }
        });
        fn("makeref", args -> ErlangTypes.wrap(runtime.node().newRef()));
        fn("alias", args -> ErlangTypes.wrap(runtime.processes.aliases().make(runtime.current())));
        fn(
                "unalias",
                args -> LuaValue.valueOf(ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangRef ref
                        && runtime.processes.aliases().deactivate(runtime.current(), ref)));
        fn("call", otp::call);
        module.rawset("pg", new PgLib(runtime, otp).functions(PgScopes.DEFAULT));
        GlobalLib global = new GlobalLib(runtime, otp);
        clusterNames = new ClusterNames(runtime, global);
        fn("globalregister", global::register);
        fn("globalunregister", global::unregister);
        fn("globalwhereis", global::whereis);
        fn("globalnames", global::names);
        fn("cast", args -> {
            send(args.arg1(), ErlangTypes.tuple(OtpCalls.GEN_CAST, args.arg(2)));
            return LuaValue.TRUE;
        });
        fn("reply", args -> LuaValue.valueOf(otp.reply(args.arg1(), args.arg(2))));

        // -- scheduling
        fn("sleep", args -> {
            runtime.sleep(runtime.current(), Math.max(0, millis(args.arg1(), "sleep")));
            return LuaValue.NONE;
        });
        fn("loop", args -> {
            runtime.loop(runtime.current(), millis(args.arg1(), "loop"));
            return LuaValue.NONE;
        });
        fn("step", args -> {
            LuaProcess self = runtime.current();
            runtime.yieldTurn(self);
            return LuaValue.valueOf(runtime.processCount() > 1);
        });
        fn("tick", args -> {
            LuaProcess self = runtime.current();
            runtime.sleep(self, self.option("tick").optlong(10));
            return LuaValue.NONE;
        });
        fn("interrupt", args -> {
            runtime.interrupt();
            return LuaValue.NONE;
        });

        // -- options
        fn("setoption", args -> {
            runtime.current().setOption(args.checkjstring(1), args.arg(2));
            return LuaValue.NONE;
        });
        fn("getoption", args -> runtime.current().option(args.checkjstring(1)));

        // -- registry
        fn("register", args -> {
            String name = args.checkjstring(1);
            LuaProcess self = runtime.current();
            ErlangProcess p = args.isnoneornil(2)
                    ? self
                    : resolve(args.arg(2), "register").local();
            if (p == null) return LuaValue.FALSE;
            return LuaValue.valueOf(clusterWide(self) ? clusterNames.register(name, p) : runtime.register(name, p));
        });
        fn("unregister", args -> {
            LuaProcess self = runtime.current();
            LuaValue what = args.arg1();
            if (what.isnil()) what = runtime.pidValue(self);
            String name;
            if (what.type() == LuaValue.TSTRING) {
                name = what.tojstring();
            } else { // unregister(pid): the name of that process
                ProcessNames.Target t = resolve(what, "unregister");
                name = t.local() == null ? null : t.local().registeredName();
            }
            if (name == null) return LuaValue.FALSE;
            return LuaValue.valueOf(clusterWide(self) ? clusterNames.unregister(name) : runtime.unregister(name));
        });
        fn("whereis", args -> {
            LuaValue what = args.arg1();
            if (ErlangTypes.unwrap(what) instanceof OtpErlangPid) return what;
            String name = ProcessNames.nameOf(what, "whereis");
            LuaProcess p = runtime.whereis(name);
            if (p != null) return runtime.pidValue(p);
            OtpErlangPid elsewhere = clusterWide(runtime.current()) ? ClusterNames.whereis(runtime, name) : null;
            return elsewhere == null ? LuaValue.NONE : ErlangTypes.wrap(elsewhere); // nothing, as the reference
        });
        fn("registered", args -> {
            LuaTable names = new LuaTable();
            List<String> local = runtime.processes.registered().stream()
                    .filter(n -> !isSystem(runtime.processes.whereis(n))) // the node's own services
                    .sorted()
                    .toList();
            List<String> all = clusterWide(runtime.current()) ? clusterNames.registered(local) : local;
            for (String n : all) names.insert(0, LuaValue.valueOf(n));
            return names;
        });

        // -- links and monitors
        fn("link", args -> {
            LuaProcess self = runtime.current();
            ProcessNames.Target t = resolve(args.arg1(), "link");
            OtpErlangObject pid = t.pid();
            if (t.isRemote() && pid == null)
                pid = callRemote(self, t.node(), "whereis", new OtpErlangAtom(t.remoteName()));
            if (pid instanceof OtpErlangPid p) {
                runtime.relationships().link(self, p);
            } else { // no such process, or (null) its node could not be asked
                runtime.relationships()
                        .linkFailed(self, t.namedAs(), pid == null && t.isRemote() ? NOCONNECTION : NOPROC);
            }
            return LuaValue.TRUE;
        });
        fn("unlink", args -> {
            ProcessNames.Target t = resolve(args.arg1(), "unlink");
            if (t.pid() != null) runtime.relationships().unlink(runtime.current(), t.pid());
            return LuaValue.TRUE;
        });
        fn("monitor", args -> {
            ProcessNames.Target t = resolve(args.arg1(), "monitor");
            OtpErlangRef ref = t.isRemote()
                    ? runtime.relationships().monitor(runtime.current(), t.wireName(), t.node(), args.arg1())
                    : runtime.relationships().monitor(runtime.current(), t.wireName(), null, t.namedAs());
            return ErlangTypes.wrap(ref);
        });
        fn("demonitor", args -> {
            LuaProcess self = runtime.current();
            if (ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangRef ref) {
                return LuaValue.valueOf(runtime.relationships().demonitor(self, ref));
            }
            ProcessNames.Target t = resolve(args.arg1(), "demonitor");
            if (!t.isRemote() && t.local() == null) return LuaValue.FALSE;
            return LuaValue.valueOf(runtime.relationships().demonitor(self, t.wireName(), t.node()));
        });

        // -- node
        fn(
                "node",
                args -> { // node(): this node; node(pid): the pid's node, as Erlang's node/1
                    if (ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangPid pid)
                        return LuaValue.valueOf(pid.node());
                    return LuaValue.valueOf(runtime.node().name());
                });
        fn("rpc", otp::rpc);
        fn("nodes", args -> {
            LuaTable nodes = new LuaTable();
            runtime.distributed().nodes().stream().sorted().forEach(n -> nodes.insert(0, LuaValue.valueOf(n)));
            return nodes;
        });
        // init and shutdown do not let other processes run: as in ConcurrentLua, none runs halfway through them.
        fn("init", args -> {
            LuaProcess self = runtime.current();
            boolean shortNames = self.option("shortnames").toboolean();
            try {
                runtime.startDistribution(args.checkjstring(1), shortNames);
            } catch (IOException | IllegalArgumentException e) {
                return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("init: " + e.getMessage()));
            }
            return LuaValue.TRUE;
        });
        fn("shutdown", args -> {
            runtime.stopDistribution();
            return LuaValue.TRUE;
        });
        fn("isnodealive", args -> {
            if (args.isnoneornil(1))
                return LuaValue.valueOf(runtime.distributed().remote() != null);
            return LuaValue.valueOf(isNodeAlive(args.checkjstring(1)));
        });
        fn("monitornode", args -> {
            runtime.relationships().monitorNode(runtime.current(), args.checkjstring(1));
            return LuaValue.TRUE;
        });
        fn("demonitornode", args -> {
            runtime.relationships().demonitorNode(runtime.current(), args.checkjstring(1));
            return LuaValue.TRUE;
        });
        fn("setcookie", args -> {
            runtime.setCookie(args.checkjstring(1));
            return LuaValue.TRUE;
        });
        fn("getcookie", args -> LuaValue.valueOf(runtime.cookie()));
    }

    /**
     * Whether names are registered across the cluster for this process: on a distributed node with the
     * {@code connectall} option (its default), as ConcurrentLua does.
     */
    private boolean clusterWide(LuaProcess p) {
        return ProcessNames.clusterWide(runtime, p);
    }

    /** A process as ConcurrentLua names it (see {@link ProcessNames}). */
    ProcessNames.Target resolve(LuaValue what, String fname) {
        return names.resolve(what, fname);
    }

    /** receive([timeout]) or receive(match, [timeout]): the oldest message, or the first that matches. */
    private LuaValue receive(LuaValue first, LuaValue second) {
        LuaProcess self = runtime.current();
        if (first.isfunction()) return runtime.receive(self, millis(second, "receive"), first);
        return runtime.receive(self, millis(first, "receive"));
    }

    LuaValue send(LuaValue to, LuaValue message) {
        LuaProcess self = runtime.current();
        if (ErlangTypes.unwrap(to) instanceof OtpErlangRef alias) { // a process alias
            return LuaValue.valueOf(runtime.processes.aliases().send(self, alias, message));
        }
        ProcessNames.Target t = resolve(to, "send");
        if (t.isRemote() && t.pid() == null) {
            return LuaValue.valueOf(runtime.distributed().sendByName(self, t.node(), t.remoteName(), message));
        }
        if (t.isRemote()) return LuaValue.valueOf(runtime.processes.send(self, t.pid(), message));
        if (t.local() == null) return LuaValue.FALSE;
        return LuaValue.valueOf(runtime.processes.send(self, t.local(), message));
    }

    private boolean isAlive(LuaValue what) {
        if (what.isnil()) return false; // isalive(whereis(name)) once the name is gone
        if (what.type() == LuaValue.TSTRING
                && what.tojstring().contains("@")
                && runtime.whereis(what.tojstring()) == null) {
            return isNodeAlive(what.tojstring()); // isalive(node), as in the manual's node section
        }
        ProcessNames.Target t = resolve(what, "isalive");
        if (!t.isRemote()) return t.local() != null && t.local().isAlive();
        LuaProcess self = runtime.current();
        if (t.pid() != null) return TRUE.equals(callRemote(self, t.node(), "is_process_alive", t.pid()));
        return callRemote(self, t.node(), "whereis", new OtpErlangAtom(t.remoteName())) instanceof OtpErlangPid;
    }

    /**
     * {@code erlang:function(arg)} on another node (BEAM or luanode), while the other processes run on;
     * null when the node cannot be reached or does not answer within 5 s.
     */
    private OtpErlangObject callRemote(LuaProcess self, String node, String function, OtpErlangObject arg) {
        CompletableFuture<OtpErlangObject> result =
                runtime.distributed().call(self, node, "erlang", function, new OtpErlangList(arg));
        return runtime.outside(self, () -> {
            try {
                return result.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                return null;
            }
        });
    }

    /** Whether a node answers: connects when needed, without holding up the other processes. */
    private boolean isNodeAlive(String node) {
        if (runtime.distributed().remote() == null) return false;
        LuaProcess self = runtime.current();
        return runtime.outside(self, () -> runtime.distributed().ping(node).join());
    }

    /** A timeout in ms; nil means forever (-1). */
    static long millis(LuaValue v, String fname) {
        if (v.isnil()) return -1;
        if (v.type() != LuaValue.TNUMBER)
            throw new LuaError("bad argument #1 to '" + fname + "' (number expected, got " + v.typename() + ")");
        return Math.max(0, (long) v.todouble());
    }

    private static boolean isSystem(ErlangProcess p) {
        return p == null || p.isSystem();
    }

    private void fn(String name, Function<Varargs, Varargs> body) {
        module.rawset(name, LuaFunctions.named(name, body));
    }
}
