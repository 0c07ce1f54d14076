package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.Distributed;

/**
 * ConcurrentLua's spawn, spawnlink and spawnmonitor: a Lua function here, or a global function by name
 * here or on another node ({@code spawn('node@host', 'fname', ...)}, a spawn request there).
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
}
