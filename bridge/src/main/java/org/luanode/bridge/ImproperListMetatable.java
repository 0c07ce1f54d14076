package org.luanode.bridge;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The metatable of one improper list ({@code [1, 2 | Tail]}): the elements are the table's sequence,
 * the tail is kept here, in a Java field, so that it is returned exactly as it came (a number in a Lua
 * table slot would lose its float-ness).
 */
final class ImproperListMetatable extends LuaTable {
    LuaValue tail;

    ImproperListMetatable(LuaValue tail) {
        this.tail = tail;
        rawset("__name", "erlang.improper_list");
        rawset("__erlang", "improper_list");
        rawset(METATABLE, valueOf("erlang.improper_list"));
    }
}
