package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.luaj.vm2.Globals;

/**
 * table.sort leaves a list as C Lua 5.1 leaves it ({@link CLuaOracle} says what is right): lists of
 * numbers and of strings without a comparator (the JDK's sort on their values), and the same lists with
 * a comparator (the quicksort C Lua has); string comparison with bytes above 127 and embedded zeros.
 */
class TableSortProperties {
    private static final String NUMBERS = "(function(t) table.sort(t) for i = 1, #t do "
            + "t[i] = string.format('%.17g', t[i]) end return table.concat(t, ' ') end)";
    private static final String NUMBERS_BY_FUNCTION = "(function(t) table.sort(t, function(a, b) return a < b end) "
            + "for i = 1, #t do t[i] = string.format('%.17g', t[i]) end return table.concat(t, ' ') end)";
    private static final String STRINGS = "(function(t) table.sort(t) for i = 1, #t do "
            + "t[i] = string.format('%q', t[i]) end return table.concat(t, ' ') end)";
    private static final String MIXED = "(function(t) local ok, e = pcall(table.sort, t) return tostring(ok) end)";

    private static CLuaOracle lua;
    private static Globals g;

    @BeforeContainer
    static void start() throws IOException {
        lua = new CLuaOracle();
        g = LuaEnvironment.create(System.out).globals();
    }

    @AfterContainer
    static void stop() {
        lua.close();
    }

    @Property(tries = 300)
    void numbersSortAsInCLua(@ForAll("numberLists") List<Double> list) throws IOException {
        String table = list.stream().map(CLuaOracle::literal).collect(Collectors.joining(",", "{", "}"));
        same(NUMBERS + "(" + table + ")");
        same(NUMBERS_BY_FUNCTION + "(" + table + ")");
    }

    @Property(tries = 300)
    void stringsSortAsInCLua(@ForAll("stringLists") List<String> list) throws IOException {
        String table = list.stream().map(CLuaOracle::literal).collect(Collectors.joining(",", "{", "}"));
        same(STRINGS + "(" + table + ")");
        same(MIXED + "({" + (list.isEmpty() ? "" : CLuaOracle.literal(list.get(0)) + ",") + "1, 2})");
    }

    private static void same(String expression) throws IOException {
        assertThat(CLuaOracle.luanode(g, expression)).as(expression).isEqualTo(lua.eval(expression));
    }

    @Provide
    Arbitrary<List<Double>> numberLists() {
        Arbitrary<Double> number = Arbitraries.oneOf(
                Arbitraries.integers().between(-20, 20).map(i -> (double) i), // many duplicates
                Arbitraries.integers().between(-1000, 1000).map(i -> i / 8.0),
                Arbitraries.doubles().filter(d -> !Double.isNaN(d)),
                Arbitraries.of(0.0, -0.0, 1e300, -1e300, 9007199254740993.0, 1.0 / 3));
        return number.list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<String>> stringLists() {
        Arbitrary<String> string = Arbitraries.strings()
                .withChars('a', 'b', 'A', '0', '\0', '\u0080', '\u00c8', '\u00ff')
                .ofMaxLength(5);
        return string.list().ofMaxSize(40);
    }
}
