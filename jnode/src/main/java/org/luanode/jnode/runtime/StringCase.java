package org.luanode.jnode.runtime;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * string.upper and string.lower as C Lua's in the "C" locale: byte by byte, only {@code a-z} and {@code
 * A-Z} change. LuaJ's decoded the bytes as UTF-8 and changed case by Unicode's rules, which changed
 * other bytes and even the length ({@code ("\233t\233"):upper()} gave 7 bytes for 3), and took the time of
 * two conversions.
 */
final class StringCase extends VarArgFunction {
    private final boolean upper;

    private StringCase(boolean upper) {
        this.upper = upper;
    }

    static void install(LuaTable string) {
        string.set("upper", new StringCase(true));
        string.set("lower", new StringCase(false));
    }

    @Override
    public Varargs invoke(Varargs args) {
        LuaString s = args.checkstring(1); // numbers too, as C Lua's
        byte[] from = s.m_bytes;
        int off = s.m_offset;
        int n = s.m_length;
        byte[] to = new byte[n];
        int first = upper ? 'a' : 'A';
        int shift = upper ? -32 : 32;
        for (int i = 0; i < n; i++) {
            int c = from[off + i];
            to[i] = (byte) (c >= first && c <= first + 25 ? c + shift : c);
        }
        return LuaString.valueUsing(to);
    }
}
