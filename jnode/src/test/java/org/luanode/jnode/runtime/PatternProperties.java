package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.luaj.vm2.Globals;

/**
 * string.find, match, gmatch and gsub give what C Lua 5.1's give ({@link CLuaOracle}) for generated
 * patterns (literals, classes, sets, the four repetitions, captures, position captures, anchors) on
 * generated subjects: every position where a match may start, and every one where it may not, which the
 * matcher skips without trying the whole pattern.
 */
class PatternProperties {
    /** All four functions on one subject and pattern, as one string; an error as its message. */
    private static final String ALL = "(function(s, p) local r = {} "
            + "local function add(...) local n = select('#', ...) local t = {} "
            + "  for i = 1, n do t[i] = tostring((select(i, ...))) end r[#r + 1] = n .. ':' .. table.concat(t, ',') end "
            + "local ok, e = pcall(function() "
            + "  add(string.find(s, p)) add(string.find(s, p, 3)) add(string.find(s, p, -2)) "
            + "  add(string.match(s, p)) "
            + "  for a, b in string.gmatch(s, p) do add(a, b) if #r > 100 then error('gmatch does not end') end end "
            + "  add(string.gmatch(s, p .. 'z')()) "
            + "  add(string.gsub(s, p, '<%0>')) add(string.gsub(s, p, '[%0]', 2)) "
            + "  add(string.gsub(s, p, function(x) return x:upper() end)) "
            + "end) "
            + "if not ok then r[#r + 1] = 'error: ' .. tostring(e) end "
            + "return table.concat(r, '|') end)";

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

    record Case(String subject, String pattern) {}

    @Property(tries = 2000)
    void matchesAsInCLua(@ForAll("cases") Case c) throws IOException {
        String expression = ALL + "(" + CLuaOracle.literal(c.subject()) + ", " + CLuaOracle.literal(c.pattern()) + ")";
        assertThat(withoutPlace(CLuaOracle.luanode(g, expression)))
                .as("pattern %s on %s", c.pattern(), c.subject())
                .isEqualTo(withoutPlace(lua.eval(expression)));
    }

    @Example
    void whatTheseTestsFound() throws IOException {
        // a back-reference to a position capture went back by two bytes (C never matches it): gmatch
        // looped forever
        matchesAsInCLua(new Case("x12a ", ".+b-()%1"));
        matchesAsInCLua(new Case("ab", "()%1"));
        // gmatch's iterator ends with no values at all, not a nil
        matchesAsInCLua(new Case("ab", "z"));
    }

    /** Error messages without the chunk and line they start with (the chunks differ). */
    private static String withoutPlace(String s) {
        return s.replaceAll("error: [^|]*?:\\d+: ", "error: ");
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<String> subject = Arbitraries.strings()
                .withChars('a', 'b', 'A', '1', '2', ' ', '.', '(', ')', '-', '\u00e9')
                .ofMaxLength(12);
        Arbitrary<String> single = Arbitraries.of(
                "a", "b", "1", ".", "%d", "%a", "%s", "%w", "%D", "%.", "%(", "[ab]", "[^1]", "[%d.]", "%u", "\u00e9");
        Arbitrary<String> repetition = Arbitraries.of("", "", "", "+", "*", "-", "?");
        Arbitrary<String> item = Combinators.combine(single, repetition).as((s, r) -> s + r);
        Arbitrary<String> special = Arbitraries.of("()", "%b()", "%f[%w]", "%1");
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, item),
                net.jqwik.api.Tuple.of(1, special),
                net.jqwik.api.Tuple.of(
                        2, item.list().ofMinSize(1).ofMaxSize(2).map(l -> "(" + String.join("", l) + ")")));
        Arbitrary<String> body = piece.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
        Arbitrary<String> pattern = Combinators.combine(Arbitraries.of("", "", "^"), body, Arbitraries.of("", "", "$"))
                .as((a, b, e) -> a + b + e);
        return Combinators.combine(subject, pattern).as(Case::new);
    }

    @Property(tries = 200)
    void literalPatternsAsInCLua(@ForAll("literalCases") Case c) throws IOException {
        matchesAsInCLua(c);
    }

    @Provide
    Arbitrary<Case> literalCases() {
        Arbitrary<String> text =
                Arbitraries.strings().withChars('a', 'b', 'I', 'T').ofMaxLength(20);
        Arbitrary<String> literal = Arbitraries.strings()
                .withChars('a', 'b', 'I', 'T')
                .ofMinLength(1)
                .ofMaxLength(3);
        return Combinators.combine(text, literal).as(Case::new);
    }
}
