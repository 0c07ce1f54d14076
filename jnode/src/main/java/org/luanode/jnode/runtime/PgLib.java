package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.List;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.LuaFunctions;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.kernel.PgScope;

/**
 * {@code concurrent.pg}: OTP's process groups from Lua. The functions work on the default scope
 * ({@code pg}); {@code concurrent.pg.scope(name)} gives the same functions for another scope. A scope
 * starts on first use. Joining and leaving go through the scope process (gen_server calls, as pg:join
 * does); reading the members does not.
 */
final class PgLib {
    private final NodeRuntime runtime;
    private final OtpCalls otp;

    PgLib(NodeRuntime runtime, OtpCalls otp) {
        this.runtime = runtime;
        this.otp = otp;
    }

    /** The functions for one scope. */
    LuaTable functions(String scopeName) {
        LuaTable t = new LuaTable();
        fn(t, "join", args -> join(scopeName, args));
        fn(t, "leave", args -> leave(scopeName, args));
        fn(t, "members", args -> pids(scope(scopeName).groups().members(group(args))));
        fn(t, "localmembers", args -> pids(scope(scopeName).groups().localMembers(group(args))));
        fn(t, "groups", args -> terms(scope(scopeName).groups().groups()));
        fn(t, "localgroups", args -> terms(scope(scopeName).groups().localGroups()));
        fn(t, "monitor", args -> monitor(scopeName, args));
        fn(t, "monitorscope", args -> call(scopeName, Atoms.atom("monitor")));
        fn(t, "demonitor", args -> call(scopeName, ErlangTypes.tuple(Atoms.atom("demonitor"), args.arg1())));
        fn(t, "scope", args -> functions(ProcessNames.nameOf(args.arg1(), "scope")));
        fn(t, "start", args -> {
            String name = args.isnil(1) ? scopeName : ProcessNames.nameOf(args.arg1(), "start");
            scope(name);
            return functions(name);
        });
        return t;
    }

    /** join(group, [pid or list of pids]): the calling process when no pid is given. */
    private Varargs join(String scopeName, Varargs args) {
        LuaValue pids = args.isnil(2) ? runtime.pidValue(runtime.current()) : args.arg(2);
        checkLocal(pids, "join");
        call(scopeName, ErlangTypes.tuple(Atoms.atom("join_local"), args.arg1(), pids));
        return LuaValue.TRUE;
    }

    /** leave(group, [pid or pids]): false when none of them was in the group. */
    private Varargs leave(String scopeName, Varargs args) {
        LuaValue pids = args.isnil(2) ? runtime.pidValue(runtime.current()) : args.arg(2);
        Varargs answer = call(scopeName, ErlangTypes.tuple(Atoms.atom("leave_local"), args.arg1(), pids));
        return LuaValue.valueOf(
                !(Atoms.isAtom(answer.arg1()) && Atoms.name(answer.arg1()).equals("not_joined")));
    }

    /** monitor(group): a reference and the members now; then {ref, 'join' | 'leave', group, pids} messages. */
    private Varargs monitor(String scopeName, Varargs args) {
        LuaValue answer = call(scopeName, ErlangTypes.tuple(Atoms.atom("monitor"), args.arg1()))
                .arg1();
        return LuaValue.varargsOf(answer.get(1), answer.get(2));
    }

    private Varargs call(String scopeName, LuaValue request) {
        LuaValue scopePid = TermBridge.toLua(scope(scopeName).pid());
        return otp.call(LuaValue.varargsOf(scopePid, request, Atoms.atom("infinity")));
    }

    private PgScope scope(String name) {
        try {
            return runtime.pgScopes.scope(name);
        } catch (IllegalStateException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private void checkLocal(LuaValue pids, String fname) {
        LuaValue[] each = pids.istable() ? listElements((LuaTable) pids) : new LuaValue[] {pids};
        for (LuaValue v : each) {
            if (!(ErlangTypes.unwrap(v) instanceof OtpErlangPid pid)
                    || runtime.node().isRemote(pid)) {
                throw new LuaError(
                        "bad argument #2 to '" + fname + "' (a pid of this node, or a list of them, expected)");
            }
        }
    }

    private static LuaValue[] listElements(LuaTable t) {
        LuaValue[] out = new LuaValue[t.rawlen()];
        for (int i = 0; i < out.length; i++) out[i] = t.rawget(i + 1);
        return out;
    }

    private static OtpErlangObject group(Varargs args) {
        try {
            return TermBridge.toErlang(args.arg1(), "the group");
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
    }

    private static LuaValue pids(List<OtpErlangPid> pids) {
        return terms(pids);
    }

    private static LuaValue terms(List<? extends OtpErlangObject> terms) {
        LuaTable t = new LuaTable();
        for (int i = 0; i < terms.size(); i++) t.rawset(i + 1, TermBridge.toLua(terms.get(i)));
        return t;
    }

    private static void fn(LuaTable t, String name, Function<Varargs, Varargs> body) {
        t.rawset(name, LuaFunctions.named(name, body));
    }
}
