package org.luaj.vm2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

/** A flat copy holds what the original holds (read every way), and is a table of its own. */
class TableCopiesProperties {
    @Property(tries = 500)
    void aCopyHoldsWhatTheOriginalHolds(@ForAll("writes") List<Tuple2<LuaValue, LuaValue>> writes) {
        LuaTable original = new LuaTable();
        for (Tuple2<LuaValue, LuaValue> w : writes) original.set(w.get1(), w.get2());
        Map<String, LuaValue> entries = contents(original);

        LuaTable copy = TableCopies.flatCopy(original, 64);

        assertThat(copy).isNotNull().isNotSameAs(original);
        assertThat(contents(copy)).isEqualTo(entries);
        for (Tuple2<LuaValue, LuaValue> w : writes)
            assertThat(copy.get(w.get1()).raweq(original.get(w.get1()))).isTrue();
        assertThat(copy.length()).isEqualTo(original.length());
        // its own table: writes to one are not seen in the other
        for (Tuple2<LuaValue, LuaValue> w : writes) copy.set(w.get1(), LuaValue.valueOf("changed"));
        copy.set(LuaValue.valueOf("added"), LuaValue.TRUE);
        assertThat(contents(original)).isEqualTo(entries);
    }

    @Test
    void onlyPlainFlatSmallTablesAreCopied() {
        LuaTable nested = LuaValue.tableOf(new LuaValue[] {LuaValue.valueOf("t"), new LuaTable()});
        LuaTable tableKey = new LuaTable();
        tableKey.set(new LuaTable(), LuaValue.TRUE);
        LuaTable inArray = LuaValue.listOf(new LuaValue[] {LuaValue.ONE, new LuaTable()});
        LuaTable withMetatable = new LuaTable();
        withMetatable.setmetatable(new LuaTable());
        LuaTable big = new LuaTable();
        for (int i = 1; i <= 5; i++) big.set("k" + i, LuaValue.valueOf(i));

        assertThat(TableCopies.flatCopy(nested, 4)).isNull();
        assertThat(TableCopies.flatCopy(tableKey, 4)).isNull();
        assertThat(TableCopies.flatCopy(inArray, 4)).isNull();
        assertThat(TableCopies.flatCopy(withMetatable, 4)).isNull();
        assertThat(TableCopies.flatCopy(big, 4)).isNull();
        assertThat(TableCopies.flatCopy(big, 5)).isNotNull();
        assertThat(TableCopies.flatCopy(new Globals(), 4)).isNull();
    }

    /** Every key and value, through next (pairs), by the key's text and type. */
    private static Map<String, LuaValue> contents(LuaTable t) {
        Map<String, LuaValue> out = new HashMap<>();
        for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1()))
            out.put(kv.arg1().typename() + ":" + kv.arg1().tojstring(), kv.arg(2));
        return out;
    }

    @Provide
    Arbitrary<List<Tuple2<LuaValue, LuaValue>>> writes() {
        Arbitrary<LuaValue> keys = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 30).map(i -> LuaValue.valueOf("k" + i)),
                Arbitraries.integers().between(-1, 30).map(LuaValue::valueOf),
                Arbitraries.of(0.5, 2.0).map(LuaValue::valueOf));
        Arbitrary<LuaValue> values = Arbitraries.oneOf(
                Arbitraries.just(LuaValue.NIL),
                Arbitraries.integers().between(-3, 3).map(LuaValue::valueOf),
                Arbitraries.of(2.5, -0.0).map(LuaValue::valueOf),
                Arbitraries.of("a", "5").map(LuaValue::valueOf),
                Arbitraries.just(LuaValue.TRUE));
        return net.jqwik.api.Combinators.combine(keys, values)
                .as(Tuple::of)
                .list()
                .ofMaxSize(60);
    }
}
