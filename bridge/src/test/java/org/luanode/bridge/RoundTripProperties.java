package org.luanode.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** Round trips through the bridge, over generated terms and Lua values. */
class RoundTripProperties {

    @Property(tries = 2000)
    void erlangToLuaToErlangGivesTheIdenticalTerm(@ForAll("terms") OtpErlangObject term) {
        OtpErlangObject back = TermBridge.toErlang(TermBridge.toLua(term));
        assertThat(back).isEqualTo(term);
    }

    @Property(tries = 1000)
    void externalFormatRoundTripIsExact(@ForAll("terms") OtpErlangObject term) {
        byte[] bytes = TermCodec.encode(term);
        LuaValue lua = TermCodec.decode(bytes);
        assertThat(TermCodec.decodeTerm(TermCodec.encode(lua))).isEqualTo(term);
    }

    @Property(tries = 2000)
    void luaToErlangToLuaGivesAnEqualValue(@ForAll("luaValues") LuaValue value) {
        LuaValue back = TermCodec.decode(TermCodec.encode(value));
        assertThat(LuaEquality.equal(value, back))
                .as(() -> LuaEquality.show(value) + " came back as " + LuaEquality.show(back))
                .isTrue();
    }

    @Property(tries = 500)
    void luaValuesMadeFromErlangGoBackUnchanged(@ForAll("terms") OtpErlangObject term) {
        LuaValue lua = TermBridge.toLua(term);
        LuaValue again = TermBridge.toLua(TermBridge.toErlang(lua));
        assertThat(LuaEquality.equal(lua, again)).isTrue();
    }

    /** The direct reader of control messages agrees with the general one, whatever the tuple holds. */
    @Property(tries = 2000)
    void controlMessagesReadDirectlyAreTheTermsJInterfaceReads(
            @ForAll("controls") OtpErlangObject control, @ForAll("terms") OtpErlangObject payload) {
        byte[] c = TermCodec.encode(control), p = TermCodec.encode(payload);
        byte[] packet = new byte[1 + c.length + p.length];
        packet[0] = 112;
        System.arraycopy(c, 0, packet, 1, c.length);
        System.arraycopy(p, 0, packet, 1 + c.length, p.length);
        TermCodec.Decoded direct = TermCodec.decodeControlAt(packet, 1), general = TermCodec.decodeAt(packet, 1);
        assertThat(direct.term()).isEqualTo(general.term()).isEqualTo(control);
        assertThat(direct.end()).isEqualTo(general.end()).isEqualTo(1 + c.length);
    }

    @Provide
    Arbitrary<OtpErlangObject> controls() {
        return ErlangTerms.leaf()
                .list()
                .ofMinSize(1)
                .ofMaxSize(6)
                .map(l -> new com.ericsson.otp.erlang.OtpErlangTuple(l.toArray(new OtpErlangObject[0])));
    }

    @Provide
    Arbitrary<OtpErlangObject> terms() {
        return ErlangTerms.any();
    }

    @Provide
    Arbitrary<LuaValue> luaValues() {
        return Arbitraries.integers().between(0, 3).flatMap(LuaValues::nested);
    }

    /** Generators for plain Lua values. */
    static final class LuaValues {
        static Arbitrary<LuaValue> scalar() {
            return Arbitraries.oneOf(
                    Arbitraries.just(LuaValue.NIL),
                    Arbitraries.just(LuaValue.TRUE),
                    Arbitraries.just(LuaValue.FALSE),
                    Arbitraries.integers().map(LuaValue::valueOf),
                    Arbitraries.longs().between(-(1L << 53), 1L << 53).map(l -> LuaValue.valueOf((double) l)),
                    Arbitraries.doubles()
                            .filter(d -> !Double.isNaN(d) && !Double.isInfinite(d))
                            .map(LuaValue::valueOf),
                    Arbitraries.doubles().between(1e16, 1e300).map(LuaDouble::valueOf),
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(30).map(LuaValue::valueOf),
                    Arbitraries.strings().ofMaxLength(10).map(LuaValue::valueOf));
        }

        /** A value nested at most {@code depth} levels; nil only at the top, where Lua can hold it. */
        static Arbitrary<LuaValue> nested(int depth) {
            if (depth == 0) return scalar();
            Arbitrary<LuaValue> inner = nested(depth - 1).filter(v -> !v.isnil());
            return Arbitraries.oneOf(scalar(), sequence(inner), mixedTable(inner));
        }

        static Arbitrary<LuaValue> sequence(Arbitrary<LuaValue> element) {
            return element.list().ofMaxSize(5).map(l -> {
                LuaTable t = new LuaTable();
                for (int i = 0; i < l.size(); i++) t.rawset(i + 1, l.get(i));
                return t;
            });
        }

        static Arbitrary<LuaValue> mixedTable(Arbitrary<LuaValue> element) {
            Arbitrary<LuaValue> keys = Arbitraries.oneOf(
                    Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(LuaValue::valueOf),
                    Arbitraries.integers().between(-5, 20).map(LuaValue::valueOf),
                    Arbitraries.doubles()
                            .between(-100, 100)
                            .filter(d -> d != Math.rint(d))
                            .map(LuaValue::valueOf),
                    Arbitraries.just(LuaValue.TRUE));
            return Arbitraries.maps(keys, element).ofMinSize(1).ofMaxSize(5).map(m -> {
                LuaTable t = new LuaTable();
                m.forEach(t::rawset);
                return t;
            });
        }
    }

    /** Structural equality of Lua values (tables compared by contents, ignoring the Erlang kind marks). */
    static final class LuaEquality {
        static boolean equal(LuaValue a, LuaValue b) {
            if (a.istable() && b.istable()) {
                LuaTable ta = (LuaTable) a, tb = (LuaTable) b;
                ErlangTypes.Kind ka = ErlangTypes.kindOf(ta), kb = ErlangTypes.kindOf(tb);
                if (ka != null && kb != null && ka != kb) return false;
                if (count(ta) != count(tb)) return false;
                for (Varargs kv = ta.next(LuaValue.NIL); !kv.arg1().isnil(); kv = ta.next(kv.arg1())) {
                    LuaValue other = lookup(tb, kv.arg1());
                    if (other == null || !equal(kv.arg(2), other)) return false;
                }
                if (ErlangTypes.kindOf(ta) == ErlangTypes.Kind.IMPROPER_LIST) {
                    return ErlangTypes.kindOf(tb) == ErlangTypes.Kind.IMPROPER_LIST
                            && equal(ErlangTypes.improperTail(ta), ErlangTypes.improperTail(tb));
                }
                return true;
            }
            if (a.type() != b.type()) return false;
            if (a.type() == LuaValue.TNUMBER)
                return a.todouble() == b.todouble() && (a instanceof ErlangFloat) == (b instanceof ErlangFloat);
            return a.raweq(b) || a.eq_b(b);
        }

        private static LuaValue lookup(LuaTable t, LuaValue key) {
            if (!key.istable()) {
                LuaValue v = t.rawget(key);
                return v.isnil() ? null : v;
            }
            for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
                if (kv.arg1().istable() && equal(key, kv.arg1())) return kv.arg(2);
            }
            return null;
        }

        private static int count(LuaTable t) {
            int n = 0;
            for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) n++;
            return n;
        }

        static String show(LuaValue v) {
            if (!v.istable()) return v.typename() + " " + TermBridge.describe(v);
            StringBuilder s = new StringBuilder("{");
            LuaTable t = (LuaTable) v;
            for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
                s.append('[')
                        .append(show(kv.arg1()))
                        .append("]=")
                        .append(show(kv.arg(2)))
                        .append(", ");
            }
            return s.append('}').toString();
        }
    }
}
