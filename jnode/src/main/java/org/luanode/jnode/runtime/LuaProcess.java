package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangPid;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.LocalNode;

/**
 * A process whose code is a Lua function: an {@link ErlangProcess} with the Lua state it needs while it
 * runs (LuaJ's per-thread call stack, ConcurrentLua's per-process options). Only the process itself
 * touches these, on the node's Lua thread.
 */
public final class LuaProcess extends ErlangProcess {
    private final Globals globals;
    /** LuaJ's per-thread interpreter state (call stack for tracebacks) of this process. */
    private final LuaThread luaThread;
    /** The LuaJ thread that was running when this process stopped running (a coroutine, maybe). */
    private LuaThread suspendedLuaThread;

    private LuaValue pidValue;

    /**
     * Per-process options (trapexit, ...), inherited from the spawning process: shared with it until
     * either sets one (copy on write), since most processes never change theirs.
     */
    private LuaTable options;

    private boolean ownOptions;

    LuaProcess(LocalNode node, Globals globals, LuaTable options) {
        super(node);
        this.globals = globals;
        this.luaThread = new LuaThread(globals);
        this.suspendedLuaThread = luaThread;
        this.options = options;
        trapExits(options.get("trapexit").toboolean());
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
        options.set(key, value);
        if (key.equals("trapexit")) trapExits(value.toboolean());
    }
}
