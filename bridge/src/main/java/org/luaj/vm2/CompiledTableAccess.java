package org.luaj.vm2;

import org.luaj.vm2.LuaTable.Entry;
import org.luaj.vm2.LuaTable.NormalEntry;
import org.luaj.vm2.LuaTable.Slot;
import org.luaj.vm2.LuaTable.StrongSlot;

/**
 * Table reads and writes for compiled Lua code ({@code t.x}, {@code t[i]}, {@code t.x = v}): the
 * compiler calls these in place of {@link LuaValue#get(LuaValue)} and {@link LuaValue#set(LuaValue,
 * LuaValue)}.
 *
 * <p>LuaJ's own path for {@code t.x} goes through four virtual calls that the JIT cannot inline once a
 * program uses more than two kinds of value, slot and entry (LuaValue.get, rawget, Slot.find,
 * Entry.keyeq and LuaString.raweq): in n-body that was half of the time. Here a plain table (exactly
 * {@link LuaTable} or {@link Globals}, not another subclass) whose metatable is absent or an ordinary table is read straight
 * from its hash chain or array; everything else (weak tables, other kinds of value, a missing key
 * with a metatable, which may have {@code __index}) takes LuaJ's path, so the meaning is LuaJ's.
 *
 * <p>It lives in LuaJ's package because the slot and entry classes are package-private.
 */
public final class CompiledTableAccess {
    private CompiledTableAccess() {}

    /** {@code t[key]}, with metamethods. */
    public static LuaValue get(LuaValue t, LuaValue key) {
        if (isPlain(t)) {
            LuaTable table = (LuaTable) t;
            Metatable meta = table.m_metatable;
            if (meta == null || meta instanceof LuaTable) {
                LuaValue found = null;
                if (key instanceof LuaString name) {
                    found = stringKeyed(table, name);
                } else if (key instanceof LuaInteger index) {
                    found = arrayItem(table, index.v);
                }
                // absent (NIL) is the answer only without a metatable, which might have __index
                if (found != null && (meta == null || !found.isnil())) return found;
            }
        }
        return t.get(key);
    }

    /** {@code t[key] = value}, with metamethods. */
    public static void set(LuaValue t, LuaValue key, LuaValue value) {
        if (isPlain(t) && !value.isnil()) {
            LuaTable table = (LuaTable) t;
            Metatable meta = table.m_metatable;
            // A key already present is set raw even with __newindex: only new keys need LuaJ's path.
            if (meta == null || meta instanceof LuaTable) {
                if (key instanceof LuaString name) {
                    NormalEntry entry = stringEntry(table, name);
                    if (entry != null) {
                        entry.set(value);
                        return;
                    }
                } else if (key instanceof LuaInteger index) {
                    LuaValue[] array = table.array;
                    int i = index.v - 1;
                    if (i >= 0 && i < array.length && array[i] != null) {
                        array[i] = value;
                        return;
                    }
                }
            }
        }
        t.set(key, value);
    }

    /** A table of LuaJ's own kind: a LuaTable, or the globals (a LuaTable with fields, same lookups). */
    private static boolean isPlain(LuaValue t) {
        Class<?> c = t.getClass();
        return c == LuaTable.class || c == Globals.class;
    }

    /** The value under a string key, NIL when absent. */
    private static LuaValue stringKeyed(LuaTable table, LuaString name) {
        if (table.hashEntries == 0) return LuaValue.NIL;
        NormalEntry entry = stringEntry(table, name);
        return entry != null ? entry.value() : LuaValue.NIL;
    }

    /** The array part's item (NIL when empty); null when the index is outside the array part. */
    private static LuaValue arrayItem(LuaTable table, int index) {
        LuaValue[] array = table.array;
        int i = index - 1;
        if (i < 0 || i >= array.length) return null;
        LuaValue v = array[i];
        return v != null ? v : LuaValue.NIL;
    }

    /**
     * The entry holding a string key, null when absent. A strong table's chain is made of links
     * ({@code LinkSlot}: an entry and the rest), a bare entry at its end, and tombstones of removed
     * keys; a string key is always in a {@code NormalEntry} (LuaJPatch makes no other entry for it).
     */
    private static NormalEntry stringEntry(LuaTable table, LuaString name) {
        Slot[] hash = table.hash;
        if (hash.length == 0) return null;
        Slot s = hash[name.hashCode() & (hash.length - 1)];
        while (s != null) {
            StrongSlot held;
            if (s instanceof Entry last) {
                held = last;
                s = null;
            } else { // a link (an entry and the rest; LuaJ's LinkSlot is private) or a removed key's tombstone
                held = s.first();
                s = s.rest();
            }
            if (held instanceof NormalEntry entry) {
                LuaValue k = entry.key();
                if (k == name
                        || (k instanceof LuaString other && other.hashCode() == name.hashCode() && other.raweq(name)))
                    return entry;
            }
        }
        return null;
    }
}
