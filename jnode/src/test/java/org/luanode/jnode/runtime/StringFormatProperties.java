package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.luaj.vm2.LuaValue;

/**
 * string.format against C Lua 5.1's for generated conversions (flags, width, precision) and values, and
 * for the cases the issue found. Values stay where C defines the conversion (integers below 2^53 for
 * %d %o %u %x, a byte for %c).
 */
class StringFormatProperties {
    private static CLuaOracle lua;
    private static org.luaj.vm2.Globals g;
    private static LuaValue format;

    @BeforeContainer
    static void start() throws IOException {
        lua = new CLuaOracle();
        g = LuaEnvironment.create(System.out).globals();
        format = g.get("string").get("format");
    }

    @AfterContainer
    static void stop() {
        lua.close();
    }

    record Case(String spec, double value) {}

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> flags = Arbitraries.of("-", "+", " ", "#", "0")
                .list()
                .uniqueElements()
                .ofMaxSize(3)
                .map(l -> String.join("", l));
        Arbitrary<String> width = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.integers().between(1, 30).map(String::valueOf));
        Arbitrary<String> precision = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.integers().between(0, 20).map(p -> "." + p));
        Arbitrary<Character> conversion = Arbitraries.of('d', 'i', 'o', 'u', 'x', 'X', 'c', 'e', 'E', 'f', 'g', 'G');
        Arbitrary<Double> real = Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.integers().between(-1_000_000, 1_000_000).map(i -> i / 1000.0),
                Arbitraries.integers().between(-30, 30).map(e -> Math.pow(10, e) * 1.5),
                Arbitraries.of(0.0, -0.0, 0.5, 1.5, 2.5, 0.125, 1e15, 1e-5, 123456789.0));
        Arbitrary<Double> integral =
                Arbitraries.longs().between(-(1L << 53), 1L << 53).map(l -> (double) l);
        return Combinators.combine(flags, width, precision, conversion, real, integral)
                .as((f, w, p, c, r, i) -> {
                    double v = switch (c) {
                        case 'c' -> Math.abs(i) % 256;
                        case 'd', 'i', 'o', 'u', 'x', 'X' -> (c == 'd' || c == 'i') ? i : Math.abs(i);
                        default -> r;
                    };
                    return new Case("%" + f + w + p + c, v);
                });
    }

    @Property(tries = 3000)
    void conversionsAsC(@ForAll("cases") Case c) throws IOException {
        String expected = lua.eval("string.format('" + c.spec() + "', " + CLuaOracle.literal(c.value()) + ")");
        String ours = bytes(format.call(LuaValue.valueOf(c.spec()), LuaValue.valueOf(c.value())));
        assertThat(ours).as("%s of %s", c.spec(), c.value()).isEqualTo(expected);
    }

    /**
     * Whole formats: literal text, {@code %%}, items (malformed ones too: repeated flags, three-digit
     * widths, unknown conversions, a {@code %} at the end) and fewer, more or other arguments than they
     * take. The result, or the error (what is missing or wrong first, as C reports it), is C Lua's.
     */
    @Property(tries = 2000)
    void wholeFormatsAsC(@ForAll("formats") String format, @ForAll("arguments") List<String> arguments)
            throws IOException {
        String call = "(function(ok, r) return (ok and 'ok: ' or 'error: ') .. tostring(r) end)"
                + "(pcall(string.format, " + CLuaOracle.literal(format)
                + arguments.stream().map(a -> ", " + a).reduce("", String::concat) + "))";
        assertThat(CLuaOracle.luanode(g, call)).as(call).isEqualTo(lua.eval(call));
    }

    @Provide
    Arbitrary<String> formats() {
        Arbitrary<String> text = Arbitraries.of("a", "item-", " ", ",", "%%", "\0", ":");
        Arbitrary<String> flags =
                Arbitraries.of("-", "+", " ", "#", "0").list().ofMaxSize(7).map(l -> String.join("", l));
        Arbitrary<String> width = Arbitraries.of("", "", "5", "12", "123");
        Arbitrary<String> precision = Arbitraries.of("", "", ".", ".2", ".14", ".123");
        Arbitrary<String> conversion =
                Arbitraries.of("d", "i", "s", "f", "g", "e", "x", "X", "o", "u", "c", "q", "G", "E", "y", "%", "");
        Arbitrary<String> item =
                Combinators.combine(flags, width, precision, conversion).as((f, w, p, c) -> "%" + f + w + p + c);
        return Arbitraries.oneOf(text, item, item)
                .list()
                .ofMaxSize(6)
                .map(l -> String.join("", l).replace("\\0", "\0"));
    }

    @Provide
    Arbitrary<List<String>> arguments() {
        return Arbitraries.of(
                        "7", "-42", "0", "255", "1.5", "-0.25", "1/3", "2^40", "'text'", "'12'", "{}", "nil", "true")
                .list()
                .ofMaxSize(5);
    }

    @Example
    void whatTheIssueFound() throws IOException {
        for (String call : List.of(
                "string.format('%5.2f', 1/7)",
                "string.format('%g', 1e20)",
                "string.format('%10s|%-10s|', 'a', 'b')",
                "string.format('%d', 2^40)",
                "string.format('%x', -1)",
                "string.format('%#x', 255)",
                "string.format('%q', 'a\\n\\0\"b\\\\\\r')",
                "string.format('%s %s', 1/3, 10)",
                "string.format('%.3s', 'abcdef')",
                "string.format('%5s', string.rep('x', 120))",
                "string.format('%%')",
                "string.format('%c%c', 72, 105)",
                "string.format('%y', 1)",
                "string.format('%d', 'x')",
                "string.format('%d')",
                "string.format('%s', {})",
                "string.format('%123d', 1)",
                "string.format('%-+ #0d', 1)")) {
            String expected = lua.eval(call);
            String ours;
            try {
                ours = bytes(g.load("return " + call).call());
            } catch (org.luaj.vm2.LuaError e) {
                ours = "error: " + e.getMessage();
            }
            assertThat(withoutPlace(ours)).as(call).isEqualTo(withoutPlace(expected));
        }
    }

    /** A Lua string's bytes, as the oracle gives them (Latin-1). */
    private static String bytes(LuaValue v) {
        org.luaj.vm2.LuaString s = v.checkstring();
        return new String(s.m_bytes, s.m_offset, s.m_length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** An error's message without the chunk and line it starts with (the chunks differ). */
    private static String withoutPlace(String s) {
        return s.replaceFirst("^error: [^\\n]*?:\\d+:? ?", "error: ");
    }
}
