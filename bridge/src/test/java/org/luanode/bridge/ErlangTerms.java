package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangBitstr;
import com.ericsson.otp.erlang.OtpErlangDouble;
import com.ericsson.otp.erlang.OtpErlangExternalFun;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangPort;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for Erlang terms of every type, nested. */
final class ErlangTerms {
    private ErlangTerms() {}

    static Arbitrary<OtpErlangObject> any() {
        return Arbitraries.integers().between(0, 4).flatMap(ErlangTerms::nested);
    }

    /** Terms nested at most {@code depth} levels. */
    static Arbitrary<OtpErlangObject> nested(int depth) {
        if (depth == 0) return leaf();
        Arbitrary<OtpErlangObject> inner = nested(depth - 1);
        return Arbitraries.oneOf(
                leaf(),
                inner.list().ofMaxSize(4).map(l -> new OtpErlangTuple(l.toArray(new OtpErlangObject[0]))),
                inner.list().ofMaxSize(4).map(l -> new OtpErlangList(l.toArray(new OtpErlangObject[0]))),
                Combinators.combine(inner.list().ofMinSize(1).ofMaxSize(3), improperTail())
                        .as(ErlangTerms::improper),
                Arbitraries.maps(inner, inner)
                        .ofMaxSize(3)
                        .map(m -> new OtpErlangMap(
                                m.keySet().toArray(new OtpErlangObject[0]),
                                m.values().toArray(new OtpErlangObject[0]))));
    }

    static Arbitrary<OtpErlangObject> leaf() {
        return Arbitraries.oneOf(
                atoms().map(OtpErlangAtom::new),
                Arbitraries.longs().map(OtpErlangLong::new),
                Arbitraries.integers().between(-1000, 1000).map(i -> (OtpErlangObject) new OtpErlangLong(i)),
                Arbitraries.bigIntegers()
                        .between(BigInteger.TWO.pow(200).negate(), BigInteger.TWO.pow(200))
                        .map(OtpErlangLong::new),
                Arbitraries.doubles().map(OtpErlangDouble::new),
                Arbitraries.integers().between(-100000, 100000).map(i -> (OtpErlangObject) new OtpErlangDouble(i)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40).map(OtpErlangBinary::new),
                Combinators.combine(
                                Arbitraries.bytes()
                                        .array(byte[].class)
                                        .ofMinSize(1)
                                        .ofMaxSize(8),
                                Arbitraries.integers().between(1, 7))
                        .as((b, pad) -> (OtpErlangObject) new OtpErlangBitstr(maskPad(b, pad), pad)),
                Combinators.combine(
                                nodes(),
                                Arbitraries.integers().between(0, 32767),
                                Arbitraries.integers().between(0, 8191),
                                Arbitraries.integers().between(1, 1 << 30))
                        .as((n, id, serial, creation) -> (OtpErlangObject) new OtpErlangPid(n, id, serial, creation)),
                Combinators.combine(
                                nodes(),
                                Arbitraries.integers().between(0, (1 << 18) - 1),
                                Arbitraries.integers(),
                                Arbitraries.integers().between(1, 1 << 30))
                        .as((n, a, b, creation) ->
                                (OtpErlangObject) new OtpErlangRef(n, new int[] {a, b, 7}, creation)),
                Combinators.combine(
                                nodes(),
                                Arbitraries.integers().between(0, 1 << 27),
                                Arbitraries.integers().between(1, 1 << 30))
                        .as((n, id, creation) -> (OtpErlangObject) new OtpErlangPort(n, id, creation)),
                Combinators.combine(atoms(), atoms(), Arbitraries.integers().between(0, 255))
                        .as((m, f, a) -> (OtpErlangObject) new OtpErlangExternalFun(m, f, a)),
                Arbitraries.just(new OtpErlangList()),
                Arbitraries.just(new OtpErlangTuple(new OtpErlangObject[0])),
                Arbitraries.just(new OtpErlangAtom("nil")),
                Arbitraries.just(new OtpErlangAtom("true")));
    }

    static Arbitrary<String> atoms() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings()
                        .all()
                        .ofMaxLength(20)
                        .filter(s -> s.codePointCount(0, s.length()) <= 255
                                && s.codePoints().allMatch(c -> c < 0xD800 || c > 0xDFFF)),
                Arbitraries.of("ok", "EXIT", "héllo", "日本", "with space", "'quoted'", "nil", "undefined"));
    }

    private static Arbitrary<String> nodes() {
        return Arbitraries.of("a@localhost", "pong@gaia", "nonode@nohost");
    }

    private static Arbitrary<OtpErlangObject> improperTail() {
        return leaf().filter(t -> !(t instanceof OtpErlangList));
    }

    private static OtpErlangObject improper(List<OtpErlangObject> elements, OtpErlangObject tail) {
        try {
            return new OtpErlangList(elements.toArray(new OtpErlangObject[0]), tail);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Erlang keeps the unused low bits of a bitstring's last byte zero. */
    private static byte[] maskPad(byte[] b, int pad) {
        b[b.length - 1] &= (byte) (0xff << pad);
        return b;
    }
}
