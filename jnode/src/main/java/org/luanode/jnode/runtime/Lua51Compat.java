package org.luanode.jnode.runtime;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The Lua 5.1 globals that ConcurrentLua programs use and LuaJ (Lua 5.2) lacks: unpack, loadstring,
 * table.getn, table.maxn, table.foreach, table.foreachi, table.setn, math.pow, math.mod, math.log10,
 * string.gfind, gcinfo and newproxy, each defined the 5.1 way; and _VERSION says "Lua 5.1" (luanode's
 * own version is concurrent._VERSION). Function environments (setfenv, getfenv, module) are written in
 * Lua: lua/lib/luanode/compat51.lua.
 */
final class Lua51Compat {
    private Lua51Compat() {}

    static void install(Globals g) {
        LuaTable table = g.get("table").checktable();
        LuaTable math = g.get("math").checktable();
        LuaTable string = g.get("string").checktable();
        define(g, "unpack", table.get("unpack"));
        define(g, "loadstring", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                String chunkname = args.optjstring(2, args.checkjstring(1));
                return g.get("load").invoke(LuaValue.varargsOf(args.arg1(), LuaValue.valueOf(chunkname)));
            }
        });
        define(table, "getn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(args.checktable(1).length());
            }
        });
        define(table, "maxn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaTable t = args.checktable(1);
                double max = 0;
                for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
                    if (kv.arg1().type() == LuaValue.TNUMBER)
                        max = Math.max(max, kv.arg1().todouble());
                }
                return LuaValue.valueOf(max);
            }
        });
        define(math, "pow", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Math.pow(args.checkdouble(1), args.checkdouble(2)));
            }
        });
        define(math, "mod", math.get("fmod"));
        g.set(
                "print",
                new VarArgFunction() { // 5.1's: raw bytes, each value up to a zero byte (fputs), the line in one write
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaValue tostring = g.get("tostring");
                        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                        for (int i = 1; i <= args.narg(); i++) {
                            if (i > 1) line.write('\t');
                            LuaValue text = tostring.call(args.arg(i));
                            if (!text.isstring()) throw new LuaError("'tostring' must return a string to 'print'");
                            LuaString bytes = text.strvalue();
                            int n = 0;
                            while (n < bytes.m_length && bytes.m_bytes[bytes.m_offset + n] != 0) n++;
                            line.write(bytes.m_bytes, bytes.m_offset, n);
                        }
                        line.write('\n');
                        g.STDOUT.write(line.toByteArray(), 0, line.size()); // one write: a log line cannot cut it
                        g.STDOUT.flush();
                        return NONE;
                    }
                });
        table.set("sort", new TableSort());
        LuaValue rep = string.get("rep");
        string.set(
                "rep",
                new VarArgFunction() { // 5.1: no copies for n <= 0 (LuaJ failed with "-1")
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaString s = args.checkstring(1);
                        int n = args.checkint(2);
                        if (n <= 0 || s.length() == 0) return LuaValue.EMPTYSTRING;
                        if ((long) s.length() * n > Integer.MAX_VALUE - 16) throw new LuaError("not enough memory");
                        return rep.call(s, LuaValue.valueOf(n));
                    }
                });
        table.set(
                "concat",
                new VarArgFunction() { // 5.1: numbers as %.14g; its error for other values
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaTable t = args.checktable(1);
                        LuaString sep = args.optstring(2, LuaValue.EMPTYSTRING);
                        int i = args.optint(3, 1);
                        int j = args.isnoneornil(4) ? t.length() : args.checkint(4);
                        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                        for (int k = i; k <= j; k++) {
                            LuaValue v = t.get(k);
                            if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER)
                                throw new LuaError("invalid value (" + v.typename() + ") at index " + k
                                        + " in table for 'concat'");
                            LuaString piece = v.strvalue();
                            out.write(piece.m_bytes, piece.m_offset, piece.m_length);
                            if (k < j) out.write(sep.m_bytes, sep.m_offset, sep.m_length);
                        }
                        return LuaString.valueUsing(out.toByteArray());
                    }
                });
        define(math, "log10", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Math.log10(args.checkdouble(1)));
            }
        });
        define(string, "gfind", string.get("gmatch"));
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        define(
                table,
                "foreach",
                new VarArgFunction() { // f(k, v) for each pair until f returns a value
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaTable t = args.checktable(1);
                        LuaValue f = args.checkfunction(2);
                        for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
                            LuaValue r = f.call(kv.arg1(), kv.arg(2));
                            if (!r.isnil()) return r;
                        }
                        return LuaValue.NONE;
                    }
                });
        define(
                table,
                "foreachi",
                new VarArgFunction() { // f(i, t[i]) for i = 1..#t until f returns a value
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaTable t = args.checktable(1);
                        LuaValue f = args.checkfunction(2);
                        int n = t.length();
                        for (int i = 1; i <= n; i++) {
                            LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                            if (!r.isnil()) return r;
                        }
                        return LuaValue.NONE;
                    }
                });
        define(table, "setn", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                throw new LuaError("'setn' is obsolete");
            }
        });
        define(
                g,
                "gcinfo",
                new VarArgFunction() { // kilobytes in use, as collectgarbage('count') rounds
                    @Override
                    public Varargs invoke(Varargs args) {
                        Runtime jvm = Runtime.getRuntime();
                        return LuaValue.valueOf((int) ((jvm.totalMemory() - jvm.freeMemory()) / 1024));
                    }
                });
        define(
                g,
                "newproxy",
                new VarArgFunction() { // an empty userdata; true: with a metatable of its own
                    @Override
                    public Varargs invoke(Varargs args) {
                        LuaValue arg = args.arg1();
                        LuaValue meta = LuaValue.NIL;
                        if (arg.toboolean() && arg.type() == LuaValue.TBOOLEAN) {
                            meta = new LuaTable();
                        } else if (arg.isuserdata()) {
                            meta = arg.getmetatable() == null ? LuaValue.NIL : arg.getmetatable();
                        } else if (!arg.isnil() && !(arg.type() == LuaValue.TBOOLEAN)) {
                            throw new LuaError("bad argument #1 to 'newproxy' (boolean or proxy expected)");
                        }
                        LuaUserdata proxy = new LuaUserdata(new Object());
                        if (!meta.isnil()) proxy.setmetatable(meta);
                        return proxy;
                    }
                });
    }

    private static void define(LuaTable where, String name, LuaValue value) {
        if (where.rawget(name).isnil()) where.rawset(name, value);
    }
}
