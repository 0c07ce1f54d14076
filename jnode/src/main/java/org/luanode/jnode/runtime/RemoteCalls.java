package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangList;
import java.util.Set;
import java.util.function.Consumer;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.bridge.TermBridge;
import org.luanode.jnode.process.Distributed;
import org.luanode.jnode.process.ErlangProcess;

/**
 * Lua functions other nodes start: a spawn request for {@code Module:Function(Args)} (erlang:spawn/4,
 * ConcurrentLua's {@code spawn(node, 'fname', ...)}) runs {@code require(Module)[Function](Args...)} in a
 * new process ({@code _G} as the module: a global function); rpc and erpc calls go through
 * {@link ErpcCalls}.
 */
final class RemoteCalls implements Distributed.SpawnHandler {
    private final NodeRuntime runtime;
    /** Functions of Erlang's erlang module the node answers itself; they come before Lua's. */
    final ErlangBifs bifs;

    RemoteCalls(NodeRuntime runtime) {
        this.runtime = runtime;
        this.bifs = new ErlangBifs(runtime);
    }

    @Override
    public Object spawn(String module, String function, OtpErlangList args, Consumer<ErlangProcess> beforeStart) {
        LuaValue body;
        LuaValue[] luaArgs;
        String called = module;
        if (ErpcCalls.isErpc(module, function, args)) { // rpc:call, erpc:call and the like
            body = ErpcCalls.body(this, runtime.processes.terms(), function, args);
            luaArgs = new LuaValue[0];
            called = ErpcCalls.calledModule(function, args);
        } else {
            luaArgs = new LuaValue[args.arity()];
            for (int i = 0; i < luaArgs.length; i++) luaArgs[i] = TermBridge.toLua(args.elementAt(i));
            body = new VarArgFunction() {
                @Override
                public Varargs invoke(Varargs a) {
                    return callable(module, function, a.narg()).invoke(a);
                }
            };
        }
        // A global function is the main state's (where the script defined it); a module is in every state.
        int state = called.equals("_G") ? 0 : runtime.leastLoadedState();
        return runtime.spawnIn(state, null, body, LuaValue.varargsOf(luaArgs), false, null, beforeStart);
    }

    /**
     * Lua modules whose names are Erlang's too (Lua's standard libraries, and the term bridge {@code
     * erlang}): an Erlang caller of {@code string:len/1} or {@code os:getpid/0} means Erlang's, so these
     * answer undef (the node's own BIFs aside), and Lua's are reached as {@code 'lua.string'} and so on.
     */
    static final Set<String> SHADOWING =
            Set.of("string", "table", "math", "io", "os", "coroutine", "debug", "package", "erlang");

    static final String LUA_PREFIX = "lua.";

    /**
     * The Lua function another node names as {@code Module:Function}: {@code require(Module)[Function]}
     * ({@code _G} for globals; {@code lua.string} for Lua's own string library, see {@link #SHADOWING});
     * null when there is no such module or function. Raises the module's own
     * error when it exists but fails to load. On a Lua thread, in the calling process: the module is
     * looked for in that process's Lua state.
     */
    LuaValue callable(String module, String function) {
        LuaValue mod;
        if (SHADOWING.contains(module)) return null; // Erlang's module of that name is meant: undef
        if (module.startsWith(LUA_PREFIX) && SHADOWING.contains(module.substring(LUA_PREFIX.length()))) {
            module = module.substring(LUA_PREFIX.length());
        }
        Globals globals = runtime.currentGlobals();
        if (module.equals("_G")) {
            mod = globals;
        } else {
            try {
                mod = globals.get("require").call(LuaValue.valueOf(module));
            } catch (LuaError e) {
                if (String.valueOf(e.getMessage()).startsWith("module '" + module + "' not found")) return null;
                throw e;
            }
        }
        LuaValue f = mod.istable() ? mod.get(function) : LuaValue.NIL;
        return f.isfunction() ? f : null;
    }

    /** As {@link #callable(String, String)}, raising "undefined function M.F/Arity" when there is none. */
    LuaValue callable(String module, String function, int arity) {
        LuaValue f = callable(module, function);
        if (f == null) throw new LuaError("undefined function " + module + "." + function + "/" + arity);
        return f;
    }
}
