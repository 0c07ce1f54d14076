package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.ClusterRegistry;
import org.luanode.jnode.process.Distributed;
import org.luanode.jnode.process.Signal;

/**
 * The {@code concurrent} module: ConcurrentLua's API (thesis Appendix A) over {@link NodeRuntime}.
 * Processes are named the ways ConcurrentLua names them: a pid, a registered name, or a table
 * {@code {pid_or_name, 'node@host'}}.
 */
final class ConcurrentLib {
    private static final LuaValue NORMAL = LuaValue.valueOf("normal");
    private static final LuaValue GEN_CALL = Atoms.atom("$gen_call");
    private static final LuaValue GEN_CAST = Atoms.atom("$gen_cast");
    private static final LuaValue ALIAS = Atoms.atom("alias");
    private static final OtpErlangAtom TRUE = new OtpErlangAtom(true);
    private static final OtpErlangAtom NOPROC = new OtpErlangAtom("noproc");
    private static final OtpErlangAtom NOCONNECTION = new OtpErlangAtom("noconnection");
    private final NodeRuntime runtime;
    private final LuaTable module = new LuaTable();

    ConcurrentLib(NodeRuntime runtime) {
        this.runtime = runtime;
        define();
    }

    /** The package.preload entry: require 'concurrent' returns the module and sets the global, as in 5.1. */
    LuaValue loader() {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                runtime.globals.set("concurrent", module);
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
        return options;
    }

    private void define() {
        // -- processes
        fn("spawn", args -> spawn(args, false, false));
        fn("spawnlink", args -> spawn(args, true, false));
        fn("spawnmonitor", args -> spawn(args, false, true));
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
                Target t = resolve(args.arg1(), "exit");
                if (t.pid != null) runtime.relationships().exit(self, t.pid, LuaTerms.reasonFromLua(args.arg(2)));
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
        fn("alias", args -> ErlangTypes.wrap(runtime.processes.alias(runtime.current())));
        fn(
                "unalias",
                args -> LuaValue.valueOf(ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangRef ref
                        && runtime.processes.unalias(runtime.current(), ref)));
        fn("call", this::call);
        fn("cast", args -> {
            send(args.arg1(), ErlangTypes.tuple(GEN_CAST, args.arg(2)));
            return LuaValue.TRUE;
        });
        fn("reply", args -> LuaValue.valueOf(reply(args.arg1(), args.arg(2))));

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
            LuaProcess p = args.isnoneornil(2) ? self : resolve(args.arg(2), "register").local;
            if (p == null) return LuaValue.FALSE;
            if (!clusterWide(self)) return LuaValue.valueOf(runtime.register(name, p));
            ClusterRegistry cluster = runtime.processes.cluster();
            return LuaValue.valueOf(runtime.outside(self, () -> cluster.register(self, name, p)));
        });
        fn("unregister", args -> {
            LuaProcess self = runtime.current();
            LuaValue what = args.arg1();
            if (what.isnil()) what = runtime.pidValue(self);
            String name;
            if (what.type() == LuaValue.TSTRING) {
                name = what.tojstring();
            } else { // unregister(pid): the name of that process
                Target t = resolve(what, "unregister");
                name = t.local == null ? null : t.local.registeredName();
            }
            if (name == null) return LuaValue.FALSE;
            if (!clusterWide(self)) return LuaValue.valueOf(runtime.unregister(name));
            ClusterRegistry cluster = runtime.processes.cluster();
            return LuaValue.valueOf(runtime.outside(self, () -> cluster.unregister(self, name)));
        });
        fn("whereis", args -> {
            LuaValue what = args.arg1();
            if (ErlangTypes.unwrap(what) instanceof OtpErlangPid) return what;
            String name = nameOf(what, "whereis");
            LuaProcess p = runtime.whereis(name);
            if (p != null) return runtime.pidValue(p);
            OtpErlangPid elsewhere =
                    clusterWide(runtime.current()) ? runtime.processes.cluster().whereis(name) : null;
            return elsewhere == null ? LuaValue.NONE : ErlangTypes.wrap(elsewhere); // nothing, as the reference
        });
        fn("registered", args -> {
            LuaTable names = new LuaTable();
            List<String> all = clusterWide(runtime.current())
                    ? runtime.processes.cluster().registered()
                    : runtime.processes.registered().stream().sorted().toList();
            for (String n : all) names.insert(0, LuaValue.valueOf(n));
            return names;
        });

        // -- links and monitors
        fn("link", args -> {
            LuaProcess self = runtime.current();
            Target t = resolve(args.arg1(), "link");
            OtpErlangObject pid = t.pid;
            if (t.isRemote() && pid == null) pid = callRemote(self, t.node, "whereis", new OtpErlangAtom(t.remoteName));
            if (pid instanceof OtpErlangPid p) {
                runtime.relationships().link(self, p);
            } else { // no such process, or (null) its node could not be asked
                runtime.relationships()
                        .linkFailed(self, t.namedAs, pid == null && t.isRemote() ? NOCONNECTION : NOPROC);
            }
            return LuaValue.TRUE;
        });
        fn("unlink", args -> {
            Target t = resolve(args.arg1(), "unlink");
            if (t.pid != null) runtime.relationships().unlink(runtime.current(), t.pid);
            return LuaValue.TRUE;
        });
        fn("monitor", args -> {
            Target t = resolve(args.arg1(), "monitor");
            OtpErlangRef ref = t.isRemote()
                    ? runtime.relationships().monitor(runtime.current(), t.wireName(), t.node, args.arg1())
                    : runtime.relationships().monitor(runtime.current(), t.wireName(), null, t.namedAs);
            return ErlangTypes.wrap(ref);
        });
        fn("demonitor", args -> {
            LuaProcess self = runtime.current();
            if (ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangRef ref) {
                return LuaValue.valueOf(runtime.relationships().demonitor(self, ref));
            }
            Target t = resolve(args.arg1(), "demonitor");
            if (!t.isRemote() && t.local == null) return LuaValue.FALSE;
            return LuaValue.valueOf(runtime.relationships().demonitor(self, t.wireName(), t.node));
        });

        // -- node
        fn(
                "node",
                args -> { // node(): this node; node(pid): the pid's node, as Erlang's node/1
                    if (ErlangTypes.unwrap(args.arg1()) instanceof OtpErlangPid pid)
                        return LuaValue.valueOf(pid.node());
                    return LuaValue.valueOf(runtime.node().name());
                });
        fn("rpc", this::rpc);
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

    private Varargs spawn(Varargs args, boolean link, boolean monitor) {
        LuaProcess self = runtime.current();
        LuaValue body = args.arg1();
        Varargs rest = args.subargs(2);
        String here = runtime.node().name();
        if (body.type() == LuaValue.TSTRING && !args.arg(2).isfunction()) {
            // spawn(node, 'function name', ...): a global function, on this node or another
            String node = body.tojstring();
            if (!node.equals(here))
                return spawnRemote(self, node, args.checkjstring(2), args.subargs(3), link, monitor);
            body = runtime.globals.get(args.checkjstring(2));
            rest = args.subargs(3);
        } else if (body.type() == LuaValue.TSTRING) {
            if (!body.tojstring().equals(here)) {
                return failure("cannot spawn on node '" + body.tojstring() + "': this node is not distributed");
            }
            body = args.arg(2);
            rest = args.subargs(3);
        }
        if (!body.isfunction()) return failure("spawn: function expected, got " + body.typename());
        OtpErlangRef[] ref = monitor ? new OtpErlangRef[1] : null;
        LuaProcess child;
        try {
            child = runtime.spawn(self, body, rest, link, ref);
        } catch (LuaError e) {
            return failure(e.getMessage());
        }
        LuaValue pid = runtime.pidValue(child);
        return monitor ? LuaValue.varargsOf(pid, ErlangTypes.wrap(ref[0])) : pid;
    }

    /**
     * Whether names are registered across the cluster for this process: on a distributed node with the
     * {@code connectall} option (its default), as ConcurrentLua does.
     */
    private boolean clusterWide(LuaProcess p) {
        return runtime.distributed().remote() != null && p.option("connectall").toboolean();
    }

    private static Varargs failure(String message) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf(message));
    }

    /**
     * spawn(node, 'name', ...) on another node: a spawn request for the global function {@code name}
     * ({@code '_G'} as module, so a luanode node runs {@code _G[name](...)}); waits for the reply.
     */
    private Varargs spawnRemote(
            LuaProcess self, String node, String function, Varargs args, boolean link, boolean monitor) {
        if (runtime.distributed().remote() == null) {
            return failure("cannot spawn on node '" + node + "': this node is not distributed");
        }
        OtpErlangObject[] terms = new OtpErlangObject[args.narg()];
        try {
            for (int i = 0; i < terms.length; i++)
                terms[i] = TermBridge.toErlang(args.arg(i + 1), "argument " + (i + 1));
        } catch (TermConversionException e) {
            return failure(e.getMessage());
        }
        Distributed.RemoteSpawn spawn =
                runtime.distributed().spawn(self, node, "_G", function, new OtpErlangList(terms), link, monitor);
        try {
            OtpErlangPid pid = runtime.outside(self, () -> {
                try {
                    return spawn.pid().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new RuntimeException(e instanceof ExecutionException ? e.getCause() : e);
                }
            });
            LuaValue pidValue = ErlangTypes.wrap(pid);
            return monitor ? LuaValue.varargsOf(pidValue, ErlangTypes.wrap(spawn.monitor())) : pidValue;
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return failure("cannot spawn on node '" + node + "': " + cause.getMessage());
        }
    }

    /**
     * rpc(node, module, function, ...): calls an Erlang (or luanode) function on another node, as
     * erpc:call does, while the other processes run; returns its result, or raises the error: the
     * failure as Erlang reports it, or 'noconnection'.
     */
    private Varargs rpc(Varargs args) {
        LuaProcess self = runtime.current();
        String node = nameOf(args.arg1(), "rpc");
        String module = nameOf(args.arg(2), "rpc");
        String function = nameOf(args.arg(3), "rpc");
        OtpErlangObject[] callArgs = new OtpErlangObject[Math.max(0, args.narg() - 3)];
        try {
            for (int i = 0; i < callArgs.length; i++) {
                callArgs[i] = TermBridge.toErlang(args.arg(i + 4), "argument " + (i + 1));
            }
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
        CompletableFuture<OtpErlangObject> result =
                runtime.distributed().call(self, node, module, function, new OtpErlangList(callArgs));
        Object outcome = runtime.outside(self, () -> {
            try {
                return result.get(15, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (Exception e) {
                return e;
            }
        });
        if (outcome instanceof Throwable failure) throw new LuaError(String.valueOf(failure.getMessage()));
        return TermBridge.toLua((OtpErlangObject) outcome);
    }

    /** receive([timeout]) or receive(match, [timeout]): the oldest message, or the first that matches. */
    private LuaValue receive(LuaValue first, LuaValue second) {
        LuaProcess self = runtime.current();
        if (first.isfunction()) return runtime.receive(self, millis(second, "receive"), first);
        return runtime.receive(self, millis(first, "receive"));
    }

    /**
     * gen_server:call's protocol: monitors the server, sends {'$gen_call', {Self, Tag}, Request} and
     * waits for {Tag, Reply} or the monitor's DOWN, leaving other messages where they are. Raises the
     * Erlang exit reason as the error value: {timeout, {gen_server, call, [Dest, Request, Timeout]}},
     * noproc, noconnection, or the server's own reason.
     */
    private Varargs call(Varargs args) {
        LuaProcess self = runtime.current();
        LuaValue dest = args.arg1();
        LuaValue request = args.arg(2);
        LuaValue timeoutArg = args.arg(3);
        long timeout = timeoutArg.isnil() ? 5000 : isInfinity(timeoutArg) ? -1 : millis(timeoutArg, "call");
        Target t = resolve(dest, "call");
        int mark = runtime.processes.mailboxSize(self); // the answer comes after this
        OtpErlangRef mref = t.isRemote()
                ? runtime.relationships().monitor(self, t.wireName(), t.node, dest)
                : runtime.relationships().monitor(self, t.wireName(), null, t.namedAs);
        // The reply comes through an alias, [alias | Mref] as OTP 24+ callers tag their calls: once the
        // call is over, a late reply is dropped instead of lingering in the mailbox.
        runtime.processes.alias(self, mref);
        LuaValue tag = ErlangTypes.newImproperList(1, ErlangTypes.wrap(mref));
        tag.rawset(1, ALIAS);
        send(dest, ErlangTypes.tuple(GEN_CALL, ErlangTypes.tuple(runtime.pidValue(self), tag), request));
        Object answer = runtime.processes.receive(self, timeout, m -> isReply(m, mref) || isDown(m, mref), mark);
        runtime.processes.unalias(self, mref);
        if (answer instanceof Signal.Down down) throw new LuaError(LuaTerms.reasonToLua(down.reason()));
        runtime.relationships().demonitor(self, mref);
        runtime.processes.receive(self, 0, m -> isDown(m, mref), mark); // a DOWN that came meanwhile: flushed
        if (answer == null) {
            LuaValue where = ErlangTypes.tuple(
                    Atoms.atom("gen_server"),
                    Atoms.atom("call"),
                    ErlangTypes.list(dest, request, timeout < 0 ? Atoms.atom("infinity") : timeoutArg));
            throw new LuaError(ErlangTypes.tuple(Atoms.atom("timeout"), where));
        }
        return ((LuaTable) LuaTerms.toLua(answer)).get(2);
    }

    /** {[alias | Mref], Reply}, or {Mref, Reply} from a server that answers the caller's pid. */
    private static boolean isReply(Object m, OtpErlangRef mref) {
        if (!(m instanceof LuaTable t && ErlangTypes.kindOf(t) == ErlangTypes.Kind.TUPLE && t.rawlen() == 2)) {
            return false;
        }
        LuaValue tag = t.rawget(1);
        if (tag instanceof LuaTable list && ErlangTypes.kindOf(list) == ErlangTypes.Kind.IMPROPER_LIST) {
            tag = ErlangTypes.improperTail(list);
        }
        return mref.equals(ErlangTypes.unwrap(tag));
    }

    private static boolean isDown(Object m, OtpErlangRef ref) {
        return m instanceof Signal.Down d && d.ref().equals(ref);
    }

    private static boolean isInfinity(LuaValue v) {
        String s = v.type() == LuaValue.TSTRING ? v.tojstring() : Atoms.isAtom(v) ? Atoms.name(v) : null;
        return "infinity".equals(s);
    }

    /**
     * gen_server:reply: {Tag, Value} to the caller named in a call's From ({Pid, Tag}); through the
     * caller's alias when its tag is [alias | Alias], as OTP 24+ callers make it.
     */
    private boolean reply(LuaValue from, LuaValue value) {
        LuaProcess self = runtime.current();
        if (!from.istable() || ErlangTypes.kindOf((LuaTable) from) != ErlangTypes.Kind.TUPLE) {
            throw new LuaError("bad argument #1 to 'reply' (a call's from, {pid, tag}, expected)");
        }
        LuaValue pid = from.get(1);
        LuaValue tag = from.get(2);
        LuaValue message = ErlangTypes.tuple(tag, value);
        if (tag.istable()
                && ErlangTypes.kindOf((LuaTable) tag) == ErlangTypes.Kind.IMPROPER_LIST
                && Atoms.isAtom(tag.get(1))
                && Atoms.name(tag.get(1)).equals("alias")
                && ErlangTypes.unwrap(ErlangTypes.improperTail((LuaTable) tag)) instanceof OtpErlangRef alias) {
            runtime.processes.sendToAlias(self, alias, message); // an alias no longer active drops it
            return true;
        }
        return send(pid, message).toboolean();
    }

    private LuaValue send(LuaValue to, LuaValue message) {
        LuaProcess self = runtime.current();
        if (ErlangTypes.unwrap(to) instanceof OtpErlangRef alias) { // a process alias
            return LuaValue.valueOf(runtime.processes.sendToAlias(self, alias, message));
        }
        Target t = resolve(to, "send");
        if (t.isRemote() && t.pid == null) {
            return LuaValue.valueOf(runtime.distributed().sendByName(self, t.node, t.remoteName, message));
        }
        if (t.isRemote()) return LuaValue.valueOf(runtime.processes.send(self, t.pid, message));
        if (t.local == null) return LuaValue.FALSE;
        return LuaValue.valueOf(runtime.processes.send(self, t.local, message));
    }

    private boolean isAlive(LuaValue what) {
        if (what.isnil()) return false; // isalive(whereis(name)) once the name is gone
        if (what.type() == LuaValue.TSTRING
                && what.tojstring().contains("@")
                && runtime.whereis(what.tojstring()) == null) {
            return isNodeAlive(what.tojstring()); // isalive(node), as in the manual's node section
        }
        Target t = resolve(what, "isalive");
        if (!t.isRemote()) return t.local != null && t.local.isAlive();
        LuaProcess self = runtime.current();
        if (t.pid != null) return TRUE.equals(callRemote(self, t.node, "is_process_alive", t.pid));
        return callRemote(self, t.node, "whereis", new OtpErlangAtom(t.remoteName)) instanceof OtpErlangPid;
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

    /**
     * A process as named in ConcurrentLua. {@code pid}: its pid, or null when a name has no process here
     * or is a name on another node ({@code remoteName}); {@code node}: set for a process on another node;
     * {@code local}: the live local process, or null; {@code namedAs}: as the Lua code named it.
     */
    private record Target(LuaProcess local, OtpErlangPid pid, String node, String remoteName, LuaValue namedAs) {
        boolean isRemote() {
            return node != null;
        }

        /** How the process is named on the wire: its pid, or its registered name as an atom. */
        OtpErlangObject wireName() {
            return pid != null ? pid : new OtpErlangAtom(remoteName != null ? remoteName : namedAs.tojstring());
        }
    }

    private Target resolve(LuaValue what, String fname) {
        OtpErlangPid pid = ErlangTypes.unwrap(what) instanceof OtpErlangPid p ? p : null;
        if (pid != null) {
            if (runtime.node().isRemote(pid)) return new Target(null, pid, pid.node(), null, what);
            LuaProcess local = runtime.process(pid);
            return new Target(local, pid, null, null, what);
        }
        if (what.istable()
                && ErlangTypes.kindOf((LuaTable) what) != ErlangTypes.Kind.MAP
                && !what.get(1).isnil()
                && !what.get(2).isnil()) {
            String node = nameOf(what.get(2), fname);
            if (node.equals(runtime.node().name())) return resolve(what.get(1), fname);
            if (ErlangTypes.unwrap(what.get(1)) instanceof OtpErlangPid p) return new Target(null, p, node, null, what);
            return new Target(null, null, node, nameOf(what.get(1), fname), what);
        }
        String name = nameOf(what, fname);
        LuaProcess p = runtime.whereis(name);
        if (p == null && clusterWide(runtime.current())) { // a name registered on another node
            OtpErlangPid elsewhere = runtime.processes.cluster().whereis(name);
            if (elsewhere != null) return new Target(null, elsewhere, elsewhere.node(), null, what);
        }
        if (p == null) return new Target(null, null, null, name, what);
        return new Target(p, p.pid(), null, null, runtime.pidValue(p));
    }

    private static String nameOf(LuaValue what, String fname) {
        if (what.type() == LuaValue.TSTRING) return what.tojstring();
        if (Atoms.isAtom(what)) return Atoms.name(what);
        throw new LuaError("bad argument #1 to '" + fname + "' (pid, name or {process, node} expected, got "
                + (ErlangTypes.typeName(what) != null ? "erlang." + ErlangTypes.typeName(what) : what.typename())
                + ")");
    }

    /** A timeout in ms; nil means forever (-1). */
    private static long millis(LuaValue v, String fname) {
        if (v.isnil()) return -1;
        if (v.type() != LuaValue.TNUMBER)
            throw new LuaError("bad argument #1 to '" + fname + "' (number expected, got " + v.typename() + ")");
        return Math.max(0, (long) v.todouble());
    }

    private void fn(String name, Function<Varargs, Varargs> body) {
        module.rawset(name, new VarArgFunction() {
            {
                this.name = name;
            }

            @Override
            public Varargs invoke(Varargs args) {
                return body.apply(args);
            }
        });
    }
}
