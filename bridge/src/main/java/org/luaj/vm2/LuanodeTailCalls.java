package org.luaj.vm2;

/**
 * {@code return f(...)}: the interpreter (LuaClosure.execute, rewritten) and compiled Lua (jnode's
 * compiler) call {@link #tailcall} where LuaJ made a {@link TailcallVarargs} for the caller to run.
 *
 * <p>C Lua 5.1 makes a tail call only into a Lua function; a C function in tail position runs as an
 * ordinary call, in the frame of the function that returns its results. So its errors carry that
 * frame's position ({@code return error('x')} gives {@code file:1: x}; {@code return s:bad()} says
 * "attempt to call method 'bad'"), and error levels count that frame. LuaJ returned every tail call to
 * its caller first, where such an error had no position and the wrong level. Lua functions still get
 * a {@code TailcallVarargs}, so tail recursion runs in constant stack as in C Lua.
 */
public final class LuanodeTailCalls {
    /** Marks the classes of compiled Lua functions (jnode's compiler adds it): they are Lua, not library. */
    public interface CompiledFunction {}

    private LuanodeTailCalls() {}

    /** {@code return f(args)}: a tail call for a Lua function, the call itself for anything else. */
    public static Varargs tailcall(LuaValue f, Varargs args) {
        if (f instanceof CompiledFunction || f instanceof LuaClosure) return new TailcallVarargs(f, args);
        return f.invoke(args);
    }
}
