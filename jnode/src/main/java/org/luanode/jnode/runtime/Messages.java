package org.luanode.jnode.runtime;

import java.util.IdentityHashMap;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.TableCopies;
import org.luaj.vm2.Varargs;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;

/**
 * Local messages are passed by value: the receiver gets its own copy of every table (shared parts and
 * cycles stay shared and cyclic in the copy), so neither side sees the other's later changes. Strings,
 * numbers, functions and Erlang values are immutable in Lua and are passed as they are.
 */
final class Messages {
    private Messages() {}

    static LuaValue copy(LuaValue v) {
        if (!v.istable()) return v;
        // the common message, a small table of scalars ({from = pid, body = 'ping'}), is copied from its
        // layout, without the bookkeeping for shared and cyclic parts
        LuaTable flat = TableCopies.flatCopy((LuaTable) v, FLAT_MAX);
        return flat != null ? flat : new Copier().copy(v, 0);
    }

    /** Entries the fast path for flat tables takes at most; bigger tables go through the full copy. */
    private static final int FLAT_MAX = 16;

    private static final LuaValue[] NONE = {};

    /** Copies several values (a new process's arguments) together: tables they share stay shared. */
    static LuaValue[] copyAll(Varargs args) {
        int n = args.narg();
        if (n == 0) return NONE;
        LuaValue[] out = new LuaValue[n];
        Copier copier = null; // only when a table needs copying (most spawns pass none)
        for (int i = 0; i < n; i++) {
            LuaValue v = args.arg(i + 1);
            if (v.istable() && copier == null) copier = new Copier();
            out[i] = v.istable() ? copier.copy(v, 0) : v;
        }
        return out;
    }

    private static final class Copier {
        private final IdentityHashMap<LuaTable, LuaTable> copies = new IdentityHashMap<>();

        LuaValue copy(LuaValue v, int depth) {
            if (!v.istable()) return v;
            LuaTable original = (LuaTable) v;
            LuaTable done = copies.get(original);
            if (done != null) return done;
            if (depth > TermBridge.MAX_DEPTH) {
                throw new LuaError("cannot send a table nested deeper than " + TermBridge.MAX_DEPTH + " levels");
            }
            LuaTable copy;
            if (ErlangTypes.kindOf(original) == ErlangTypes.Kind.IMPROPER_LIST) {
                copy = ErlangTypes.newImproperList(original.rawlen(), LuaValue.NIL);
                copies.put(original, copy);
                ErlangTypes.setImproperTail(copy, copy(ErlangTypes.improperTail(original), depth + 1));
            } else {
                copy = new LuaTable(original.rawlen(), 0);
                copies.put(original, copy);
                // The metatable first: an Erlang kind's metatable decides how entries are stored.
                if (original.getmetatable() != null) copy.setmetatable(original.getmetatable());
            }
            for (Varargs kv = original.next(LuaValue.NIL); !kv.arg1().isnil(); kv = original.next(kv.arg1())) {
                copy.rawset(copy(kv.arg1(), depth + 1), copy(kv.arg(2), depth + 1));
            }
            return copy;
        }
    }
}
