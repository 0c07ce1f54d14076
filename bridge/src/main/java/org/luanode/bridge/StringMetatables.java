package org.luanode.bridge;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * The metatable of strings, per Lua state. LuaJ keeps one for the whole JVM ({@code LuaString.s_metatable},
 * set by the first {@code StringLib} loaded), so on a node with several Lua states {@code ("x"):upper()}
 * would look in the first state's {@code string} table from every state's thread: a change a state makes
 * to its {@code string} table would be seen, unsynchronized, by the others. LuaJPatch makes {@code
 * LuaString.getmetatable()} call {@link #current()}: the metatable of the state the calling thread runs,
 * bound once per thread; elsewhere LuaJ's own.
 */
public final class StringMetatables {
    private StringMetatables() {}

    /** The calling thread's state's metatable is in element 0 (filled when the state is built). */
    private static final ThreadLocal<LuaValue[]> OF_THREAD = new ThreadLocal<>();

    /**
     * The calling thread runs one Lua state, whose string metatable is (or will be, before any Lua code of
     * it runs) {@code holder[0]}.
     */
    public static void bind(LuaValue[] holder) {
        OF_THREAD.set(holder);
    }

    /** The metatable strings have on the calling thread. */
    public static LuaValue current() {
        LuaValue[] holder = OF_THREAD.get();
        LuaValue mt = holder != null ? holder[0] : null;
        return mt != null ? mt : LuaString.s_metatable;
    }
}
