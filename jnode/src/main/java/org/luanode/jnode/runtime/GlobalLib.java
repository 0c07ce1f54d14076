package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.kernel.GlobalNameServer;

/**
 * Erlang's {@code global} names from Lua: {@code concurrent.globalregister(name, [pid])} (true, or false
 * when the name is taken), {@code globalunregister(name)}, {@code globalwhereis(name)} and {@code
 * globalnames()}; {@code {'global', name}} names such a process wherever a process is named. A string
 * name is an atom, as with {@code register}; other values are terms (docs/terms.md).
 */
final class GlobalLib {
    private final NodeRuntime runtime;
    private final OtpCalls otp;

    GlobalLib(NodeRuntime runtime, OtpCalls otp) {
        this.runtime = runtime;
        this.otp = otp;
    }

    Varargs register(Varargs args) {
        LuaValue pid = args.isnil(2) ? runtime.pidValue(runtime.current()) : args.arg(2);
        if (!(ErlangTypes.unwrap(pid) instanceof OtpErlangPid)) {
            throw new LuaError("bad argument #2 to 'globalregister' (pid expected)");
        }
        LuaValue answer = call(ErlangTypes.tuple(Atoms.atom("lua_register"), nameValue(args.arg1()), pid));
        return LuaValue.valueOf(Atoms.isAtom(answer) && Atoms.name(answer).equals("yes"));
    }

    Varargs unregister(Varargs args) {
        call(ErlangTypes.tuple(Atoms.atom("lua_unregister"), nameValue(args.arg1())));
        return LuaValue.TRUE;
    }

    Varargs whereis(Varargs args) {
        OtpErlangPid pid = whereis(runtime, args.arg1());
        return pid == null ? LuaValue.NIL : TermBridge.toLua(pid);
    }

    Varargs names(Varargs args) {
        LuaTable t = new LuaTable();
        GlobalNameServer g = server(runtime);
        if (g != null) for (OtpErlangObject name : g.names().names()) t.insert(0, TermBridge.toLua(name));
        return t;
    }

    /** The pid globally registered under a Lua name, or null. */
    static OtpErlangPid whereis(NodeRuntime runtime, LuaValue name) {
        GlobalNameServer g = server(runtime);
        return g == null ? null : g.names().whereis(term(name));
    }

    /** {'global', name}, with a second element that is not a node name. */
    static boolean isGlobalName(LuaValue what) {
        LuaValue first = what.get(1);
        String tag =
                first.type() == LuaValue.TSTRING ? first.tojstring() : Atoms.isAtom(first) ? Atoms.name(first) : null;
        if (!"global".equals(tag)) return false;
        LuaValue second = what.get(2);
        String text =
                second.type() == LuaValue.TSTRING ? second.tojstring() : Atoms.isAtom(second) ? Atoms.name(second) : "";
        return !text.contains("@");
    }

    private LuaValue call(LuaValue request) {
        GlobalNameServer g = server(runtime);
        if (g == null) throw new LuaError("global names need a distributed node (concurrent.init)");
        return otp.call(LuaValue.varargsOf(TermBridge.toLua(g.pid()), request, Atoms.atom("infinity")))
                .arg1();
    }

    private static GlobalNameServer server(NodeRuntime runtime) {
        GlobalNameServer g = runtime.global();
        return g != null && g.isAlive() ? g : null;
    }

    private static LuaValue nameValue(LuaValue name) {
        return TermBridge.toLua(term(name));
    }

    private static OtpErlangObject term(LuaValue name) {
        if (name.type() == LuaValue.TSTRING) return new OtpErlangAtom(name.tojstring());
        try {
            return TermBridge.toErlang(name, "the name");
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
    }
}
