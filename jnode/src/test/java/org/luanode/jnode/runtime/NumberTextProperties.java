package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Numbers become text as C Lua 5.1 writes them ({@code %.14g}), by every path a program uses: tostring,
 * {@code ..}, table.concat, string.format's %s, print and io.write; the text reads back through tonumber
 * as the double nearest to it. C Lua itself ({@link CLuaOracle}) says what is right.
 */
class NumberTextProperties {
    private static CLuaOracle lua;
    private static Globals g;
    private static LuaValue paths;
    private static final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeContainer
    static void start() throws IOException {
        lua = new CLuaOracle();
        g = LuaEnvironment.create(new PrintStream(printed, true, StandardCharsets.ISO_8859_1))
                .globals();
        paths = g.load(
                "local v = ... return tostring(v), v .. '', table.concat({v}), string.format('%s', v), "
                        + "('x'):rep(0) .. v",
                "paths");
    }

    @AfterContainer
    static void stop() {
        lua.close();
    }

    @Property(tries = 1500)
    void anyDouble(@ForAll double v) throws IOException {
        check(v);
    }

    @Property(tries = 1500)
    void numbersPeopleWrite(@ForAll("everyday") double v) throws IOException {
        check(v);
    }

    @Provide
    Arbitrary<Double> everyday() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 100.0),
                Arbitraries.integers().between(-40, 40).map(e -> Math.pow(10, e)),
                Arbitraries.integers().between(-1100, 1100).map(e -> Math.pow(2, e)),
                Arbitraries.longs().map(l -> (double) l),
                Arbitraries.integers().between(1, 1000).map(d -> 1.0 / d));
    }

    private void check(double v) throws IOException {
        String c = lua.eval("tostring" + CLuaOracle.literal(v));
        Varargs ours = paths.invoke(LuaValue.valueOf(v));
        for (int i = 1; i <= ours.narg(); i++)
            assertThat(ours.arg(i).tojstring()).as("path %d of %s", i, v).isEqualTo(c);
        if (!Double.isNaN(v) && !Double.isInfinite(v)) {
            double back = g.get("tonumber").call(LuaValue.valueOf(c)).todouble();
            assertThat(back).as("tonumber(%s)", c).isEqualTo(Double.parseDouble(c));
            assertThat(Math.abs(back - v)).isLessThanOrEqualTo(Math.abs(v) * 1e-13);
        }
    }

    @Example
    void printAndIoWriteToo() throws IOException {
        printed.reset();
        g.load("print(1/3, 2^63, 1e100, -1/0, 100) io.write(1/3, ' ', 1e15, '\\n')")
                .call();
        String c =
                lua.eval("table.concat({tostring(1/3), tostring(2^63), tostring(1e100), tostring(-1/0), '100'}, '\\t')"
                        + " .. '\\n' .. tostring(1/3) .. ' ' .. tostring(1e15)");
        assertThat(printed.toString(StandardCharsets.ISO_8859_1)).isEqualTo(c + "\n");
    }

    @Example
    void specialValues() throws IOException {
        for (String expr : new String[] {
            "1/0",
            "-1/0",
            "0/0",
            "-(0/0)",
            "(function(z) return -z end)(0)",
            "2^53",
            "1e15",
            "-1e-300",
            "2^-1074",
            "1.7976931348623157e308"
        }) {
            assertThat(g.load("return tostring(" + expr + ")").call().tojstring())
                    .as(expr)
                    .isEqualTo(lua.eval("tostring(" + expr + ")"));
        }
    }
}
