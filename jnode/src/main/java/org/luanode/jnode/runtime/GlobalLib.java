package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.List;
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
        if (!(ErlangTypes.unwrap(pid) instanceof OtpErlangPid p)) {
            throw new LuaError("bad argument #2 to 'globalregister' (pid expected)");
        }
        return LuaValue.valueOf(register(term(args.arg1()), p, false));
    }

    Varargs unregister(Varargs args) {
        unregister(term(args.arg1()));
        return LuaValue.TRUE;
    }

    /**
     * Registers {@code name} for {@code pid} on every node in sync, as global's registrar does; false
     * when the name is taken. {@code keepLocal}: a clash leaves the other holder alive
     * (NameClashes.KEEP_LOCAL), else global's default (random_exit_name). The calling Lua process waits
     * for it, as in a call.
     */
    boolean register(OtpErlangObject name, OtpErlangPid pid, boolean keepLocal) {
        LuaValue answer = call(ErlangTypes.tuple(
                Atoms.atom("lua_register"),
                TermBridge.toLua(name),
                TermBridge.toLua(pid),
                Atoms.atom(keepLocal ? "keep_local" : "random_exit")));
        return Atoms.isAtom(answer) && Atoms.name(answer).equals("yes");
    }

    /** Takes {@code name} out of global's names on every node in sync; the calling process waits. */
    void unregister(OtpErlangObject name) {
        call(ErlangTypes.tuple(Atoms.atom("lua_unregister"), TermBridge.toLua(name)));
    }

    Varargs whereis(Varargs args) {
        OtpErlangPid pid = whereis(runtime, args.arg1());
        return pid == null ? LuaValue.NIL : TermBridge.toLua(pid);
    }

    Varargs names(Varargs args) {
        LuaTable t = new LuaTable();
        for (OtpErlangObject name : names(runtime)) t.insert(0, TermBridge.toLua(name));
        return t;
    }

    /** The pid globally registered under a Lua name, or null. */
    static OtpErlangPid whereis(NodeRuntime runtime, LuaValue name) {
        return whereis(runtime, term(name));
    }

    /** The pid globally registered under {@code name}, or null (also when the node is not distributed). */
    static OtpErlangPid whereis(NodeRuntime runtime, OtpErlangObject name) {
        GlobalNameServer g = server(runtime);
        return g == null ? null : g.names().whereis(name);
    }

    /** Global's names now known here. */
    static List<OtpErlangObject> names(NodeRuntime runtime) {
        GlobalNameServer g = server(runtime);
        return g == null ? List.of() : g.names().names();
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

    private static OtpErlangObject term(LuaValue name) {
        if (name.type() == LuaValue.TSTRING) return new OtpErlangAtom(name.tojstring());
        try {
            return TermBridge.toErlang(name, "the name");
        } catch (TermConversionException e) {
            throw new LuaError(e.getMessage());
        }
    }
}
