package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.Distributed;

/**
 * ConcurrentLua's spawn, spawnlink and spawnmonitor: a Lua function here, or a global function by name
 * here or on another node ({@code spawn('node@host', 'fname', ...)}, a spawn request there); and
 * luanode's spawn in another Lua state of this node, by module and function name: {@code
 * spawn({state = n | 'any'}, 'module', 'fname', ...)} (docs/states.md).
 */
final class LuaSpawns {
    private final NodeRuntime runtime;

    LuaSpawns(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    Varargs spawn(Varargs args, boolean link, boolean monitor) {
        LuaProcess self = runtime.current();
        LuaValue body = args.arg1();
        Varargs rest = args.subargs(2);
        String here = runtime.node().name();
        if (body.istable()) return spawnInState(self, (LuaTable) body, args.subargs(2), link, monitor);
        if (body.type() == LuaValue.TSTRING && !args.arg(2).isfunction()) {
            // spawn(node, 'function name', ...): a global function, on this node or another
            String node = body.tojstring();
            if (!node.equals(here))
                return spawnRemote(self, node, args.checkjstring(2), args.subargs(3), link, monitor);
            body = self.globals().get(args.checkjstring(2));
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
     * spawn({state = n | 'any'}, 'module', 'fname', ...): {@code require(module)[fname](...)} in a new
     * process in Lua state n (from 1), or in the state with the fewest processes; {@code '_G'} as module
     * names a global function of that state. The arguments cross as Erlang terms, as to another node, in
     * whichever state the process lands, so where it runs changes nothing it sees. A module or function
     * that is not there ends the process with {@code undef}-like error, as erlang:spawn/3 does.
     */
    private Varargs spawnInState(LuaProcess self, LuaTable options, Varargs args, boolean link, boolean monitor) {
        LuaValue where = options.get("state");
        int state;
        if (where.isnil()
                || (where.isstring() && !where.isnumber() && where.tojstring().equals("any"))) {
            state = runtime.leastLoadedState();
        } else if (where.isnumber() && where.todouble() == where.toint()) {
            state = where.toint() - 1;
            if (state < 0 || state >= runtime.stateCount())
                return failure(
                        "spawn: no Lua state " + where.toint() + " (this node has " + runtime.stateCount() + ")");
        } else {
            return failure("spawn: state must be a state number or 'any', got " + where.tojstring());
        }
        if (!args.arg1().isstring() || !args.arg(2).isstring())
            return failure("spawn: module and function names expected after the options");
        String module = args.arg1().tojstring(), function = args.arg(2).tojstring();
        OtpErlangObject[] terms;
        try {
            terms = argumentTerms(args.subargs(3));
        } catch (TermConversionException e) {
            return failure(e.getMessage());
        }
        OtpErlangRef[] ref = monitor ? new OtpErlangRef[1] : null;
        LuaValue body = runtime.startByName(module, function, terms);
        LuaProcess child = runtime.spawnIn(state, self, body, LuaValue.NONE, link, ref, null);
        LuaValue pid = runtime.pidValue(child);
        return monitor ? LuaValue.varargsOf(pid, ErlangTypes.wrap(ref[0])) : pid;
    }

    /** A new process's arguments as Erlang terms, for a process of another state or node. */
    private static OtpErlangObject[] argumentTerms(Varargs args) throws TermConversionException {
        OtpErlangObject[] terms = new OtpErlangObject[args.narg()];
        for (int i = 0; i < terms.length; i++) terms[i] = TermBridge.toErlang(args.arg(i + 1), "argument " + (i + 1));
        return terms;
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
        OtpErlangObject[] terms;
        try {
            terms = argumentTerms(args);
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
}
