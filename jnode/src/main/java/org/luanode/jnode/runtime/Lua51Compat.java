package org.luanode.jnode.runtime;

import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * The Lua 5.1 globals that ConcurrentLua programs use and LuaJ (Lua 5.2) lacks: unpack, loadstring,
 * table.getn, table.maxn, math.pow, math.mod, math.log10 and string.gfind, each defined the 5.1 way.
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
        define(math, "log10", new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                return LuaValue.valueOf(Math.log10(args.checkdouble(1)));
            }
        });
        define(string, "gfind", string.get("gmatch"));
    }

    private static void define(LuaTable where, String name, LuaValue value) {
        if (where.rawget(name).isnil()) where.rawset(name, value);
    }
}
