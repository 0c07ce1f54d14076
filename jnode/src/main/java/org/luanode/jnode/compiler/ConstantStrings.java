package org.luanode.jnode.compiler;

import java.util.concurrent.ConcurrentHashMap;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * One {@link LuaString} object per short string constant of compiled code, whichever chunk or Lua state
 * uses it, and the same object as the key of the libraries' fields: compiled classes make their
 * constants through here ({@link Weaver} rewrites their static initializers' {@code
 * LuaString.valueOf(String)}), and a Lua state's library tables have their keys replaced by the shared
 * objects ({@link #shareKeys}).
 *
 * <p>Why: a field name written in two places ({@code {from = me}} in one function, {@code m.from} in
 * another; {@code concurrent.send} in a script and the {@code send} key the library set) was two
 * objects, LuaJ's cache of recent strings being small and soon overwritten, so every such read compared
 * bytes where comparing references suffices ({@code CompiledTableAccess} tries the reference first).
 * LuaStrings never change, so sharing them between Lua states is safe.
 */
public final class ConstantStrings {
    /** Identifiers and short words; longer constants are rarely table keys. */
    private static final int MAX_LENGTH = 40;
    /** A bound for code made at run time ({@code load} in a loop): past it, constants are not shared. */
    private static final int MAX_SHARED = 1 << 16;

    /** Keyed by content (LuaString's equals and hashCode are its bytes'). */
    private static final ConcurrentHashMap<LuaString, LuaString> shared = new ConcurrentHashMap<>();

    private ConstantStrings() {}

    /** In place of {@code LuaString.valueOf(text)} in a compiled class's static initializer. */
    public static LuaString valueOf(String text) {
        return share(LuaString.valueOf(text));
    }

    /** The shared object with the bytes of {@code s} ({@code s} itself when it is the first, or too long). */
    public static LuaString share(LuaString s) {
        if (s.length() > MAX_LENGTH) return s;
        LuaString known = shared.get(s);
        if (known != null) return known;
        if (shared.size() >= MAX_SHARED) return s;
        known = shared.putIfAbsent(s, s);
        return known != null ? known : s;
    }

    /** Puts the shared objects in place of the table's short string keys (values unchanged). */
    public static void shareKeys(LuaTable table) {
        for (LuaValue key : table.keys()) {
            if (key instanceof LuaString s) {
                LuaString one = share(s);
                if (one != s) {
                    LuaValue value = table.rawget(s);
                    table.rawset(s, LuaValue.NIL);
                    table.rawset(one, value);
                }
            }
        }
    }

    /** {@link #shareKeys} for the globals and every table among them (the libraries). */
    public static void shareLibraryKeys(LuaTable globals) {
        shareKeys(globals);
        for (LuaValue key : globals.keys()) {
            if (globals.rawget(key) instanceof LuaTable library && library != globals) shareKeys(library);
        }
    }
}
