package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangBitstr;
import com.ericsson.otp.erlang.OtpErlangDouble;
import com.ericsson.otp.erlang.OtpErlangExternalFun;
import com.ericsson.otp.erlang.OtpErlangFun;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangPort;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The one mapping between Lua values and Erlang terms (docs/terms.md), used by every part of the node.
 *
 * <p>Both directions are exact: Erlang to Lua to Erlang gives back a term that is {@code =:=} to the
 * original, and Lua to Erlang to Lua gives back an equal value. Values with no form on the other side
 * (Lua functions, coroutines, foreign userdata, NaN and infinities, cyclic or over-deep tables) raise a
 * {@link TermConversionException} that names the value and its place in the message.
 */
public final class TermBridge {
    /** Deepest nesting converted; deeper input is refused rather than risking the thread's stack. */
    public static final int MAX_DEPTH = Integer.getInteger("luanode.bridge.maxDepth", 1000);

    private static final OtpErlangAtom TRUE = new OtpErlangAtom("true");
    private static final OtpErlangAtom FALSE = new OtpErlangAtom("false");
    private static final OtpErlangAtom NIL_ATOM = new OtpErlangAtom("nil");
    private static final OtpErlangList EMPTY_LIST = new OtpErlangList();

    private TermBridge() {}

    // ---------------------------------------------------------------- Erlang -> Lua

    /**
     * The Lua value of a whole term. The atom {@code nil} becomes Lua nil here; inside a tuple, list or
     * map it stays {@code erlang.atom'nil'}, because a Lua table cannot hold nil.
     */
    public static LuaValue toLua(OtpErlangObject term) {
        if (term instanceof OtpErlangAtom a && a.atomValue().equals("nil")) return LuaValue.NIL;
        return element(term, 0);
    }

    private static LuaValue element(OtpErlangObject term, int depth) {
        if (depth > MAX_DEPTH) {
            throw new TermConversionException("Erlang term nested deeper than " + MAX_DEPTH + " levels");
        }
        if (term instanceof OtpErlangAtom a) {
            String name = a.atomValue();
            if (name.equals("true")) return LuaValue.TRUE;
            if (name.equals("false")) return LuaValue.FALSE;
            return Atoms.atom(name);
        }
        if (term instanceof OtpErlangLong l) {
            return l.isLong() ? ErlangTypes.integer(l.longValue()) : ErlangTypes.integer(l.bigIntegerValue());
        }
        if (term instanceof OtpErlangDouble d) return ErlangFloat.valueOf(d.doubleValue());
        if (term instanceof OtpErlangBinary b) return LuaString.valueUsing(b.binaryValue());
        if (term instanceof OtpErlangString s) return charlist(s.stringValue());
        if (term instanceof OtpErlangTuple t) {
            LuaTable table = ErlangTypes.newTable(ErlangTypes.Kind.TUPLE, t.arity(), 0);
            for (int i = 0; i < t.arity(); i++) table.rawset(i + 1, element(t.elementAt(i), depth + 1));
            return table;
        }
        if (term instanceof OtpErlangList l) return list(l, depth);
        if (term instanceof OtpErlangMap m) {
            LuaTable table = ErlangTypes.newTable(ErlangTypes.Kind.MAP, 0, m.arity());
            for (Map.Entry<OtpErlangObject, OtpErlangObject> e : m.entrySet()) {
                LuaValue key = e.getKey() instanceof OtpErlangDouble d
                        ? ErlangTypes.floatKey(d.doubleValue())
                        : element(e.getKey(), depth + 1);
                table.rawset(key, element(e.getValue(), depth + 1));
            }
            return table;
        }
        if (term instanceof OtpErlangPid
                || term instanceof OtpErlangRef
                || term instanceof OtpErlangPort
                || term instanceof OtpErlangFun
                || term instanceof OtpErlangExternalFun
                || term instanceof OtpErlangBitstr) {
            return ErlangTypes.wrap(term);
        }
        throw new TermConversionException(
                "unknown Erlang term type " + term.getClass().getSimpleName() + ": " + term);
    }

    private static LuaValue list(OtpErlangList l, int depth) {
        OtpErlangObject tail = l.getLastTail();
        int n = l.arity();
        LuaTable table = tail == null
                ? ErlangTypes.newTable(ErlangTypes.Kind.LIST, n, 0)
                : ErlangTypes.newImproperList(n, element(tail, depth + 1));
        for (int i = 0; i < n; i++) table.rawset(i + 1, element(l.elementAt(i), depth + 1));
        return table;
    }

    /**
     * A proper list term as a list, however JInterface read it: a list of small integers ([1, 2]) comes
     * as a string. Null for any other term.
     */
    public static OtpErlangList asList(OtpErlangObject term) {
        if (term instanceof OtpErlangList l) return l;
        if (term instanceof OtpErlangString s) return new OtpErlangList(s.stringValue());
        return null;
    }

    /** A charlist ("abc" in Erlang) is just a list of integers: JInterface hands it over as a string. */
    private static LuaTable charlist(String s) {
        int[] codePoints = s.codePoints().toArray();
        LuaTable table = ErlangTypes.newTable(ErlangTypes.Kind.LIST, codePoints.length, 0);
        for (int i = 0; i < codePoints.length; i++) table.rawset(i + 1, LuaInteger.valueOf(codePoints[i]));
        return table;
    }

    // ---------------------------------------------------------------- Lua -> Erlang

    /** The Erlang term of a Lua value; {@code what} names it in error messages (e.g. "message"). */
    public static OtpErlangObject toErlang(LuaValue value, String what) {
        return new ToErlang(what).convertRoot(value);
    }

    public static OtpErlangObject toErlang(LuaValue value) {
        return toErlang(value, "value");
    }

    /**
     * The bytes of a Lua string without a copy when the string owns its whole array (Lua strings are
     * immutable and the binary is only read), else a copy.
     */
    static byte[] sharedBytes(LuaString s) {
        return s.m_offset == 0 && s.m_length == s.m_bytes.length ? s.m_bytes : bytes(s);
    }

    /** The bytes of a Lua string. */
    public static byte[] bytes(LuaString s) {
        byte[] bytes = new byte[s.m_length];
        System.arraycopy(s.m_bytes, s.m_offset, bytes, 0, s.m_length);
        return bytes;
    }

    /** A plain table is a list when its keys are exactly 1..n; the empty table is the empty list. */
    public static boolean isSequence(LuaTable t) {
        int n = t.rawlen();
        int count = 0;
        for (LuaValue k = t.next(LuaValue.NIL).arg1(); !k.isnil(); k = t.next(k).arg1()) {
            if (!k.isinttype() || k.toint() < 1 || k.toint() > n) return false;
            count++;
        }
        return count == n;
    }

    /**
     * One conversion. The tables on the current path are kept in a small array (a cycle is a table met
     * again on its own path); where a value sits is worked out only when a conversion fails, as the
     * failure unwinds through the keys that led to it, so the common case pays nothing for it.
     */
    private static final class ToErlang {
        private final String root;
        private LuaTable[] onPath = new LuaTable[8];

        ToErlang(String root) {
            this.root = root;
        }

        OtpErlangObject convert(LuaValue v, int depth) {
            switch (v.type()) {
                case LuaValue.TNIL:
                    return NIL_ATOM;
                case LuaValue.TBOOLEAN:
                    return v.toboolean() ? TRUE : FALSE;
                case LuaValue.TNUMBER:
                    return number(v);
                case LuaValue.TSTRING:
                    return new SharedBinary(sharedBytes(v.checkstring()));
                case LuaValue.TTABLE:
                    return table((LuaTable) v, depth);
                case LuaValue.TUSERDATA: {
                    OtpErlangObject term = ErlangTypes.unwrap(v);
                    if (term != null) return term;
                    throw new Failure(
                            "userdata (" + v.tojstring() + ")", "only Erlang values made by the bridge can be sent");
                }
                case LuaValue.TFUNCTION:
                    throw new Failure("function", "Lua functions have no Erlang form");
                case LuaValue.TTHREAD:
                    throw new Failure("coroutine", "coroutines have no Erlang form");
                default:
                    throw new Failure(v.typename(), "this Lua type has no Erlang form");
            }
        }

        OtpErlangObject convertRoot(LuaValue v) {
            try {
                return convert(v, 0);
            } catch (Failure f) {
                throw new TermConversionException("cannot send " + f.what + " at " + root + f.place() + ": " + f.why);
            }
        }

        private OtpErlangObject number(LuaValue v) {
            if (v instanceof ErlangFloat f) return new OtpErlangDouble(f.value());
            if (v instanceof LuaInteger) return new OtpErlangLong(v.toint());
            double d = v.todouble();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new Failure(
                        "number " + (Double.isNaN(d) ? "nan" : d > 0 ? "inf" : "-inf"),
                        "Erlang floats have no NaN or infinities");
            }
            if (v instanceof LuaDouble && d == Math.rint(d) && Math.abs(d) <= ErlangTypes.MAX_EXACT) {
                return new OtpErlangLong((long) d);
            }
            return new OtpErlangDouble(d);
        }

        private OtpErlangObject table(LuaTable t, int depth) {
            if (depth >= MAX_DEPTH) throw new Failure("table", "nested deeper than " + MAX_DEPTH + " levels");
            for (int i = 0; i < depth && i < onPath.length; i++) {
                if (onPath[i] == t) throw new Failure("table", "it contains itself (a cycle)");
            }
            if (depth >= onPath.length) onPath = Arrays.copyOf(onPath, Math.min(MAX_DEPTH + 1, onPath.length * 2));
            onPath[depth] = t;
            ErlangTypes.Kind kind = ErlangTypes.kindOf(t);
            if (kind == null) {
                if (t.getmetatable() != null && !t.getmetatable().istable()) {
                    throw new Failure("table with a protected metatable", "it is not an Erlang value");
                }
                kind = isSequence(t) ? ErlangTypes.Kind.LIST : ErlangTypes.Kind.MAP;
            }
            return switch (kind) {
                case TUPLE -> new OtpErlangTuple(sequence(t, depth, "tuple"));
                case LIST -> new OtpErlangList(sequence(t, depth, "list"));
                case IMPROPER_LIST -> improperList(t, depth);
                case MAP -> map(t, depth);
            };
        }

        private OtpErlangObject[] sequence(LuaTable t, int depth, String kind) {
            int n = t.rawlen();
            int count = 0;
            for (LuaValue k = t.next(LuaValue.NIL).arg1();
                    !k.isnil();
                    k = t.next(k).arg1()) count++;
            if (count != n) {
                throw new Failure("erlang." + kind, "it has keys other than 1.." + n + " (" + count + " keys in all)");
            }
            OtpErlangObject[] elements = new OtpErlangObject[n];
            for (int i = 0; i < n; i++) elements[i] = child(LuaValue.valueOf(i + 1), false, t.rawget(i + 1), depth);
            return elements;
        }

        private OtpErlangObject improperList(LuaTable t, int depth) {
            OtpErlangObject[] elements = sequence(t, depth, "improper_list");
            OtpErlangObject tail = child(TAIL, false, ErlangTypes.improperTail(t), depth);
            if (elements.length == 0) return tail;
            try {
                return new OtpErlangList(elements, tail);
            } catch (Exception e) {
                throw new Failure("improper list", e.getMessage());
            }
        }

        private OtpErlangObject map(LuaTable t, int depth) {
            List<OtpErlangObject> keys = new ArrayList<>();
            List<OtpErlangObject> values = new ArrayList<>();
            for (Varargs kv = t.next(LuaValue.NIL); !kv.arg1().isnil(); kv = t.next(kv.arg1())) {
                LuaValue k = kv.arg1();
                keys.add(child(k, true, k, depth));
                values.add(child(k, false, kv.arg(2), depth));
            }
            return new OtpErlangMap(keys.toArray(new OtpErlangObject[0]), values.toArray(new OtpErlangObject[0]));
        }

        private OtpErlangObject child(LuaValue key, boolean isKey, LuaValue value, int depth) {
            try {
                return convert(value, depth + 1);
            } catch (Failure f) {
                throw f.under(key, isKey);
            }
        }
    }

    /** A value with no Erlang form; collects the keys that lead to it while unwinding. */
    private static final class Failure extends RuntimeException {
        final String what, why;
        private final ArrayList<String> steps = new ArrayList<>(); // innermost first

        Failure(String what, String why) {
            super(null, null, false, false);
            this.what = what;
            this.why = why;
        }

        Failure under(LuaValue key, boolean isKey) {
            if (key == TAIL) steps.add(" (tail)");
            else if (isKey) steps.add(" (the key " + describe(key) + ")");
            else {
                String text = describe(key);
                if (key.type() == LuaValue.TSTRING && text.matches("'[A-Za-z_][A-Za-z0-9_]*'"))
                    steps.add("." + text.substring(1, text.length() - 1));
                else steps.add("[" + text + "]");
            }
            return this;
        }

        /** Where the failing value sits, as Lua code would reach it: {@code .handlers[2]}. */
        String place() {
            StringBuilder s = new StringBuilder();
            for (int i = steps.size() - 1; i >= 0; i--) s.append(steps.get(i));
            return s.toString();
        }
    }

    private static final LuaValue TAIL = LuaValue.userdataOf(new Object());

    /** A short printable form of a key: strings quoted with unprintable bytes escaped. */
    static String describe(LuaValue k) {
        if (k.type() != LuaValue.TSTRING) {
            String type = ErlangTypes.typeName(k);
            return k.istable()
                    ? "a table"
                    : k.type() == LuaValue.TNUMBER ? k.tojstring() : type != null ? k.tojstring() : k.typename();
        }
        LuaString str = k.checkstring();
        StringBuilder s = new StringBuilder("'");
        for (int i = 0; i < Math.min(str.length(), 40); i++) {
            int b = str.luaByte(i);
            if (b >= 32 && b < 127 && b != '\\' && b != '\'') s.append((char) b);
            else s.append('\\').append(b);
        }
        if (str.length() > 40) s.append("...");
        return s.append('\'').toString();
    }
}
