package org.luanode.jnode.runtime;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * What {@code tostring} calls a table, function, coroutine or userdata: {@code "table: 0x..."}, an
 * address distinct for every live object, as C Lua prints its pointers. LuaJ names a closure after its
 * prototype (every closure of one function printed the same) and a table after its identity hash
 * (which collides). The address is the identity hash times 16 plus the object's place among live
 * objects with that hash. Used only on the node's Lua thread.
 */
final class ObjectNames {
    /** Objects named so far, by identity hash; a dead object's slot stays, so no name changes. */
    private final Map<Integer, List<WeakReference<Object>>> named = new HashMap<>();

    private int namedSinceSweep;

    /** The global {@code tostring}: LuaJ's own for values with a __tostring, strings and numbers. */
    LuaValue tostring(LuaValue luajTostring) {
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                LuaValue v = args.checkvalue(1);
                if (!hasOwnName(v) || !v.metatag(LuaValue.TOSTRING).isnil()) return luajTostring.invoke(args);
                return LuaValue.valueOf(v.typename() + ": " + address(v));
            }
        };
    }

    private static boolean hasOwnName(LuaValue v) {
        return switch (v.type()) {
            case LuaValue.TTABLE, LuaValue.TFUNCTION, LuaValue.TTHREAD, LuaValue.TUSERDATA -> true;
            default -> false;
        };
    }

    String address(Object o) {
        int hash = System.identityHashCode(o);
        List<WeakReference<Object>> same = named.computeIfAbsent(hash, h -> new ArrayList<>(1));
        int index = -1;
        for (int i = 0; i < same.size() && index < 0; i++) if (same.get(i).get() == o) index = i;
        if (index < 0) {
            index = same.size();
            same.add(new WeakReference<>(o));
            if (++namedSinceSweep >= 100_000) sweep();
        }
        // As C Lua's aligned pointers end in 0: the hash shifted, with room for 15 objects sharing it.
        long address = (hash & 0xffffffffL) << 4 | Math.min(index, 15);
        return String.format("0x%012x", address) + (index < 15 ? "" : "_" + index);
    }

    /** Forgets hashes all of whose objects are gone (their names can no longer be asked for). */
    private void sweep() {
        namedSinceSweep = 0;
        named.values().removeIf(refs -> refs.stream().allMatch(r -> r.get() == null));
    }
}
