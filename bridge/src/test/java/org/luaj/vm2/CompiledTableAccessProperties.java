package org.luaj.vm2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * CompiledTableAccess's reads and writes mean what LuaJ's {@code get} and {@code set} mean: the same
 * random sequence of writes, removals and reads applied to two tables, one through each, gives the
 * same answers, with and without {@code __index}/{@code __newindex}, with keys that are equal strings
 * but different objects (as from two chunks), integer keys in and out of the array part, and floats.
 */
class CompiledTableAccessProperties {
    record Op(boolean write, LuaValue key, LuaValue value) {}

    @Property(tries = 400)
    void readsAndWritesAsLuaJ(@ForAll("ops") List<Op> ops, @ForAll("metatables") int metatable) {
        LuaTable ours = withMetatable(new LuaTable(), metatable);
        LuaTable luaj = withMetatable(new LuaTable(), metatable);
        for (Op op : ops) {
            if (op.write()) {
                CompiledTableAccess.set(ours, op.key(), op.value());
                luaj.set(op.key(), op.value());
            } else {
                assertSame(CompiledTableAccess.get(ours, op.key()), luaj.get(op.key()), op);
            }
        }
        for (Op op : ops) assertSame(CompiledTableAccess.get(ours, op.key()), luaj.get(op.key()), op);
        assertThat(ours.length()).isEqualTo(luaj.length());
    }

    @Property(tries = 200)
    void theGlobalsAreReadAsATable(@ForAll("ops") List<Op> ops) {
        Globals globals = new Globals();
        LuaTable luaj = new LuaTable();
        for (Op op : ops) {
            if (op.write()) {
                CompiledTableAccess.set(globals, op.key(), op.value());
                luaj.set(op.key(), op.value());
            } else {
                assertSame(CompiledTableAccess.get(globals, op.key()), luaj.get(op.key()), op);
            }
        }
    }

    private static void assertSame(LuaValue ours, LuaValue luaj, Op op) {
        assertThat(ours.raweq(luaj) || (ours.isnumber() && luaj.isnumber() && ours.todouble() == luaj.todouble()))
                .as("%s: ours %s, LuaJ's %s", op, ours, luaj)
                .isTrue();
        assertThat(ours.type()).as("%s", op).isEqualTo(luaj.type());
    }

    /** 0: none; 1: __index function; 2: __index table; 3: __newindex that stores a changed value. */
    private static LuaTable withMetatable(LuaTable t, int kind) {
        LuaTable mt = new LuaTable();
        switch (kind) {
            case 1 ->
                mt.rawset(LuaValue.INDEX, new TwoArgFunction() {
                    @Override
                    public LuaValue call(LuaValue table, LuaValue key) {
                        return LuaValue.valueOf("default " + key.tojstring());
                    }
                });
            case 2 ->
                mt.rawset(LuaValue.INDEX, LuaValue.tableOf(new LuaValue[] {
                    LuaValue.valueOf("k1"), LuaValue.valueOf("inherited"), LuaValue.valueOf(3), LuaValue.valueOf(33)
                }));
            case 3 ->
                mt.rawset(LuaValue.NEWINDEX, new ThreeArgFunction() {
                    @Override
                    public LuaValue call(LuaValue table, LuaValue key, LuaValue value) {
                        table.rawset(key, LuaValue.valueOf("new " + value.tojstring()));
                        return NONE;
                    }
                });
            default -> {
                return t;
            }
        }
        t.setmetatable(mt);
        return t;
    }

    @Provide
    Arbitrary<Integer> metatables() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        // strings made anew each time: equal keys that are different objects
        Arbitrary<LuaValue> stringKeys = Arbitraries.integers()
                .between(0, 24)
                .map(i -> LuaString.valueOf(("k" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Arbitrary<LuaValue> intKeys = Arbitraries.integers().between(-2, 40).map(LuaValue::valueOf);
        Arbitrary<LuaValue> floatKeys = Arbitraries.of(1.5, 2.0, -0.5, 1e10).map(LuaValue::valueOf);
        Arbitrary<LuaValue> keys = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, stringKeys),
                net.jqwik.api.Tuple.of(4, intKeys),
                net.jqwik.api.Tuple.of(1, floatKeys));
        Arbitrary<LuaValue> values = Arbitraries.oneOf(
                Arbitraries.just(LuaValue.NIL),
                Arbitraries.integers().between(-5, 5).map(LuaValue::valueOf),
                Arbitraries.of(0.25, 3.0, -7.5).map(LuaValue::valueOf),
                Arbitraries.of("5", "x", "0x10").map(LuaValue::valueOf),
                Arbitraries.just(new LuaTable()));
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 2), keys, values)
                .as((w, k, v) -> new Op(w > 0, k, v));
        return op.list().ofMinSize(1).ofMaxSize(120);
    }
}
