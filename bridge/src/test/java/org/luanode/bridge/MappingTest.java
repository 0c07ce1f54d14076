package org.luanode.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangDouble;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/** The mapping of docs/terms.md, case by case, as Lua code sees it. */
class MappingTest {
    private final Globals lua = JsePlatform.standardGlobals();

    MappingTest() {
        lua.load(new ErlangLib());
    }

    private LuaValue eval(String expression) {
        return lua.load("return " + expression).call();
    }

    private OtpErlangObject term(String expression) {
        return TermBridge.toErlang(eval(expression));
    }

    private LuaValue fromErlang(OtpErlangObject term, String luaCheck) {
        lua.set("v", TermBridge.toLua(term));
        return eval(luaCheck);
    }

    private static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    private static OtpErlangBinary bin(String s) {
        return new OtpErlangBinary(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static OtpErlangTuple tuple(OtpErlangObject... e) {
        return new OtpErlangTuple(e);
    }

    private static OtpErlangList list(OtpErlangObject... e) {
        return new OtpErlangList(e);
    }

    @Test
    void luaScalarsBecomeTheirErlangCounterparts() {
        assertThat(term("nil")).isEqualTo(atom("nil"));
        assertThat(term("true")).isEqualTo(atom("true"));
        assertThat(term("false")).isEqualTo(atom("false"));
        assertThat(term("42")).isEqualTo(new OtpErlangLong(42));
        assertThat(term("2^53")).isEqualTo(new OtpErlangLong(1L << 53));
        assertThat(term("2^60")).isEqualTo(new OtpErlangDouble(Math.pow(2, 60)));
        assertThat(term("1.5")).isEqualTo(new OtpErlangDouble(1.5));
        assertThat(term("'héllo'")).isEqualTo(bin("héllo"));
        assertThat(term("'\\0\\255'")).isEqualTo(new OtpErlangBinary(new byte[] {0, (byte) 255}));
    }

    @Test
    void luaTablesBecomeListsOrMaps() {
        assertThat(term("{}")).isEqualTo(new OtpErlangList());
        assertThat(term("{1, 'a', true}")).isEqualTo(list(new OtpErlangLong(1), bin("a"), atom("true")));
        assertThat(term("{body = 'ping'}"))
                .isEqualTo(new OtpErlangMap(new OtpErlangObject[] {bin("body")}, new OtpErlangObject[] {bin("ping")}));
        assertThat(term("{[1] = 'a', [3] = 'c'}")).isInstanceOf(OtpErlangMap.class);
        assertThat(term("erlang.map{}")).isEqualTo(new OtpErlangMap());
        assertThat(term("erlang.tuple()")).isEqualTo(tuple());
        assertThat(term("erlang.tuple(erlang.atom'ok', 1, nil)"))
                .isEqualTo(tuple(atom("ok"), new OtpErlangLong(1), atom("nil")));
        assertThat(term("erlang.list(1, 2)")).isEqualTo(list(new OtpErlangLong(1), new OtpErlangLong(2)));
    }

    @Test
    void erlangTermsReadNaturallyInLua() throws Exception {
        OtpErlangMap msg = new OtpErlangMap(
                new OtpErlangObject[] {atom("body"), atom("from")},
                new OtpErlangObject[] {bin("ping"), new OtpErlangPid("a@h", 42, 0, 1)});
        assertThat(fromErlang(msg, "v.body == 'ping' and erlang.type(v.from) == 'pid' and erlang.type(v) == 'map'")
                        .toboolean())
                .isTrue();
        assertThat(fromErlang(
                                tuple(atom("ok"), new OtpErlangLong(7)),
                                "v[1] == erlang.atom'ok' and v[2] == 7 and #v == 2")
                        .toboolean())
                .isTrue();
        assertThat(fromErlang(new OtpErlangString("abc"), "erlang.type(v) == 'list' and v[1] == 97 and v[3] == 99")
                        .toboolean())
                .isTrue();
        assertThat(fromErlang(
                                new OtpErlangList(new OtpErlangObject[] {new OtpErlangLong(1)}, atom("t")),
                                "erlang.type(v) == 'improper_list' and v[1] == 1 and erlang.tail(v) == erlang.atom't'")
                        .toboolean())
                .isTrue();
        assertThat(fromErlang(atom("nil"), "v == nil").toboolean()).isTrue();
        assertThat(fromErlang(tuple(atom("nil")), "v[1] == erlang.atom'nil'").toboolean())
                .isTrue();
        assertThat(fromErlang(atom("true"), "v == true").toboolean()).isTrue();
    }

    @Test
    void atomsAreInternedAndPrintAsErlangDoes() {
        assertThat(eval("erlang.atom'ok' == erlang.atom'ok'").toboolean()).isTrue();
        assertThat(eval("erlang.atom'ok' == erlang.atom'error'").toboolean()).isFalse();
        assertThat(eval("({[erlang.atom'k'] = 1})[erlang.atom'k']").toint()).isEqualTo(1);
        assertThat(eval("tostring(erlang.atom'ok')").tojstring()).isEqualTo("ok");
        assertThat(eval("tostring(erlang.atom'EXIT')").tojstring()).isEqualTo("'EXIT'");
        assertThat(eval("tostring(erlang.atom'hello world')").tojstring()).isEqualTo("'hello world'");
        assertThat(eval("tostring(erlang.atom'héllo')").tojstring()).isEqualTo("héllo");
        assertThat(eval("erlang.atomname(erlang.atom'EXIT')").tojstring()).isEqualTo("EXIT");
        assertThat(term("erlang.atom'日本'")).isEqualTo(atom("日本"));
    }

    @Test
    void pidsPrintLikeErlangAndCompareByValue() {
        ErlangTypes.setLocalNode("me@host");
        try {
            lua.set("p1", ErlangTypes.wrap(new OtpErlangPid("me@host", 42, 0, 1)));
            lua.set("p2", ErlangTypes.wrap(new OtpErlangPid("me@host", 42, 0, 1)));
            lua.set("r", ErlangTypes.wrap(new OtpErlangPid("other@host", 7, 1, 1)));
            assertThat(eval("tostring(p1)").tojstring()).isEqualTo("<0.42.0>");
            assertThat(eval("tostring(r)").tojstring()).isEqualTo("<other@host.7.1>");
            assertThat(eval("p1 == p2 and p1 ~= r").toboolean()).isTrue();
            assertThat(eval("({[p1] = 'x'})[p2]").tojstring()).isEqualTo("x");
        } finally {
            ErlangTypes.setLocalNode("nonode@nohost");
        }
    }

    @Test
    void wholeFloatsStayFloats() {
        LuaValue three = TermBridge.toLua(new OtpErlangDouble(3.0));
        assertThat(lua.load(
                                "local v = ... return v == 3 and 3 == v and tostring(v) == '3.0' and erlang.type(v) == 'float'")
                        .call(three)
                        .toboolean())
                .isTrue();
        assertThat(fromErlang(new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangDouble(3.0)}), "erlang.type(v[1])")
                        .tojstring())
                .isEqualTo("float");
        assertThat(TermBridge.toErlang(TermBridge.toLua(new OtpErlangDouble(3.0))))
                .isEqualTo(new OtpErlangDouble(3.0));
        assertThat(term("erlang.float(2)")).isEqualTo(new OtpErlangDouble(2.0));
        assertThat(term("erlang.float(2) + 1")).isEqualTo(new OtpErlangLong(3));
    }

    @Test
    void bigIntegersStayExactAndComputable() {
        BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.ONE);
        lua.set("v", TermBridge.toLua(new OtpErlangLong(big)));
        assertThat(eval("tostring(v)").tojstring()).isEqualTo(big.toString());
        assertThat(eval("erlang.type(v)").tojstring()).isEqualTo("integer");
        assertThat(TermBridge.toErlang(eval("v + 1"))).isEqualTo(new OtpErlangLong(big.add(BigInteger.ONE)));
        assertThat(TermBridge.toErlang(eval("v - v"))).isEqualTo(new OtpErlangLong(0));
        assertThat(eval("v - 1 < v and erlang.int('" + big + "') == v").toboolean())
                .isTrue();
        assertThat(term("erlang.int('-" + big + "')")).isEqualTo(new OtpErlangLong(big.negate()));
    }

    @Test
    void valuesWithoutAnErlangFormAreRefusedWithTheirPlace() {
        assertThatThrownBy(() -> term("{handlers = {1, print}}"))
                .isInstanceOf(TermConversionException.class)
                .hasMessage("cannot send function at value.handlers[2]: Lua functions have no Erlang form");
        assertThatThrownBy(() -> term("{co = coroutine.create(print)}")).hasMessageContaining("coroutine at value.co");
        assertThatThrownBy(() -> term("{x = 0/0}")).hasMessageContaining("number nan at value.x");
        assertThatThrownBy(() -> term("{1, 2, {math.huge}}")).hasMessageContaining("number inf at value[3][1]");
        assertThatThrownBy(() -> term("{[print] = 1}")).hasMessageContaining("function at value (the key function)");
        assertThatThrownBy(() -> term("io.stdout")).hasMessageContaining("userdata");
        assertThatThrownBy(() -> eval("erlang.encode({['\\1'] = {x = print}})"))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("value['\\1'].x");
    }

    @Test
    void cyclicTablesAreRefused() {
        assertThatThrownBy(() -> eval("erlang.encode((function() local t = {a = {}} t.a.b = t return t end)())"))
                .isInstanceOf(LuaError.class)
                .hasMessageContaining("cannot send table at value.a.b: it contains itself (a cycle)");
        // the same table twice, without a cycle, is fine
        assertThat(term("(function() local s = {1} return {s, s} end)()"))
                .isEqualTo(list(list(new OtpErlangLong(1)), list(new OtpErlangLong(1))));
    }

    @Test
    void deeplyNestedLuaTablesGetAnErrorNotAStackOverflow() {
        LuaValue deep = lua.load("local t = {} for i = 1, 100000 do t = {t} end return t")
                .call();
        assertThatThrownBy(() -> TermBridge.toErlang(deep))
                .isInstanceOf(TermConversionException.class)
                .hasMessageContaining("nested deeper than");
    }

    @Test
    void mapKeysThatCannotBeLuaKeysStayExact() {
        // 0 and 0.0 are different map keys in Erlang
        OtpErlangMap m = new OtpErlangMap(
                new OtpErlangObject[] {new OtpErlangLong(0), new OtpErlangDouble(0.0)},
                new OtpErlangObject[] {atom("int"), atom("float")});
        assertThat(TermBridge.toErlang(TermBridge.toLua(m))).isEqualTo(m);
    }

    @Test
    void erlangTypeNamesWhatAValueBecomes() {
        assertThat(eval("erlang.type({1,2})").tojstring()).isEqualTo("list");
        assertThat(eval("erlang.type({a=1})").tojstring()).isEqualTo("map");
        assertThat(eval("erlang.type('x')").tojstring()).isEqualTo("binary");
        assertThat(eval("erlang.type(1.5)").tojstring()).isEqualTo("float");
        assertThat(eval("erlang.type(erlang.tuple(1))").tojstring()).isEqualTo("tuple");
        assertThat(eval("erlang.type(erlang.bitstring('\\255', 3))").tojstring())
                .isEqualTo("bitstring");
    }
}
