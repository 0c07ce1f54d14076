package org.luaj.vm2;

import org.luanode.bridge.ErlangFloat;

/**
 * The metatable class of tables that stand for Erlang tuples, lists and maps.
 *
 * <p>LuaJ keeps a number stored under a non-integer key as a raw double (its NumberValueEntry), which
 * would turn a whole Erlang float such as {@code 3.0} in {@code #{a => 3.0}} into the integer 3. LuaJ
 * asks a table's metatable how to store each entry; that hook and its types are package-private, which
 * is why this one class lives in LuaJ's package. It stores {@link ErlangFloat}s as objects.
 */
public class ErlangKindMetatable extends LuaTable {
    @Override
    public Slot entry(LuaValue key, LuaValue value) {
        if (value instanceof ErlangFloat && !key.isinttype()) return new NormalEntry(key, value);
        return super.entry(key, value);
    }
}
