package org.luaj.vm2;

import org.luaj.vm2.LuaTable.Entry;
import org.luaj.vm2.LuaTable.Slot;
import org.luaj.vm2.LuaTable.StrongSlot;

/**
 * Copies of small flat tables ({@code {from = pid, body = 'ping'}}: the common message), made from the
 * original's layout: the array part cloned, each hash chain rebuilt entry by entry in the same bucket.
 * Copying through {@code next} and {@code rawset} looked each key up twice more (LuaJ's {@code next}
 * finds the previous key again; {@code rawset} searches the chain before adding), a fifth of a local
 * ping-pong's time.
 *
 * <p>It lives in LuaJ's package because the table's parts and entry classes are package-private.
 */
public final class TableCopies {
    private TableCopies() {}

    /**
     * A copy of a plain table (a {@link LuaTable}, no metatable) holding at most {@code maxEntries}
     * entries, none of them a table as key or value; null for any other table. The values are shared
     * (they are not tables, so nothing in them can change).
     */
    public static LuaTable flatCopy(LuaTable t, int maxEntries) {
        if (t.getClass() != LuaTable.class || t.m_metatable != null) return null;
        LuaValue[] array = t.array;
        int entries = 0;
        for (LuaValue v : array) {
            if (v != null) {
                if (v instanceof LuaTable || ++entries > maxEntries) return null;
            }
        }
        Slot[] hash = t.hash;
        for (Slot bucket : hash) {
            for (Slot s = bucket; s != null; s = s.rest()) {
                StrongSlot e = s.first();
                if (e == null) continue; // a removed key's tombstone
                if (e.key() instanceof LuaTable || e.value() instanceof LuaTable || ++entries > maxEntries) return null;
            }
        }
        LuaTable copy = new LuaTable();
        if (array.length > 0) copy.array = array.clone();
        if (hash.length > 0) {
            Slot[] chains = new Slot[hash.length]; // the same length: each key goes to the same bucket
            int count = 0;
            for (int i = 0; i < hash.length; i++) {
                for (Slot s = hash[i]; s != null; s = s.rest()) {
                    StrongSlot e = s.first();
                    if (e == null) continue;
                    Entry fresh = LuaTable.defaultEntry(e.key(), e.value());
                    chains[i] = chains[i] == null ? fresh : fresh.add(chains[i]);
                    count++;
                }
            }
            copy.hash = chains;
            copy.hashEntries = count;
        }
        return copy;
    }
}
