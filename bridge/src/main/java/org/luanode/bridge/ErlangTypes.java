package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangBitstr;
import com.ericsson.otp.erlang.OtpErlangDouble;
import com.ericsson.otp.erlang.OtpErlangExternalFun;
import com.ericsson.otp.erlang.OtpErlangFun;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangPort;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.math.BigInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.ThreeArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * How each Erlang-only type looks in Lua: the metatables that mark them, and the wrappers.
 *
 * <p>Tuples, lists and maps are ordinary Lua tables whose (shared, protected) metatable records their
 * Erlang kind, so they can be indexed and iterated naturally and still go back as the same term.
 * Atoms, pids, refs, ports, funs, bitstrings and integers beyond Lua's exact range are userdata
 * wrapping the JInterface object itself; LuaJ compares userdata by the wrapped object's
 * {@code equals}, so {@code ==} and table keys work for them as in Erlang.
 */
public final class ErlangTypes {
    private ErlangTypes() {}

    /** Largest integer magnitude a Lua 5.2 number (a double) holds exactly. */
    public static final long MAX_EXACT = 1L << 53;

    /** The kinds of Lua table that stand for an Erlang compound term. */
    public enum Kind {
        TUPLE,
        LIST,
        MAP,
        IMPROPER_LIST
    }

    private static final LuaValue KIND_KEY = LuaValue.valueOf("__erlang");

    /**
     * The node whose pids print as {@code <0.N.S>}: the node of the Lua state running on this thread.
     * Per thread, not per JVM, so that several nodes in one JVM each print their own pids that way.
     */
    private static final ThreadLocal<Supplier<String>> LOCAL_NODE =
            ThreadLocal.withInitial(() -> () -> "nonode@nohost");

    /** Binds this thread to a node's (changing) name; a node's Lua thread does this when it starts. */
    public static void bindLocalNode(Supplier<String> node) {
        LOCAL_NODE.set(node);
    }

    /** Binds this thread to a fixed node name. */
    public static void setLocalNode(String node) {
        LOCAL_NODE.set(() -> node);
    }

    public static String localNode() {
        return LOCAL_NODE.get().get();
    }

    public static final LuaTable ATOM_MT = userdataMetatable("atom", v -> Atoms.format(Atoms.name(v)));
    public static final LuaTable PID_MT = userdataMetatable("pid", v -> formatPid((OtpErlangPid) unwrap(v)));
    public static final LuaTable REF_MT = userdataMetatable("ref", v -> formatRef((OtpErlangRef) unwrap(v)));
    public static final LuaTable PORT_MT = userdataMetatable("port", v -> formatPort((OtpErlangPort) unwrap(v)));
    public static final LuaTable FUN_MT = userdataMetatable("fun", v -> formatFun(unwrap(v)));
    public static final LuaTable BITSTRING_MT =
            userdataMetatable("bitstring", v -> formatBitstring((OtpErlangBitstr) unwrap(v)));
    /** Whole floats as map keys: Lua cannot tell the keys 3 and 3.0 apart, Erlang can. */
    public static final LuaTable FLOAT_KEY_MT =
            userdataMetatable("float", v -> ((OtpErlangDouble) unwrap(v)).doubleValue() + "");

    public static final LuaTable BIGINT_MT = BigIntegers.metatable(userdataMetatable(
            "integer", v -> ((OtpErlangLong) unwrap(v)).bigIntegerValue().toString()));

    public static final LuaTable TUPLE_MT = tableMetatable(Kind.TUPLE);
    public static final LuaTable LIST_MT = tableMetatable(Kind.LIST);
    public static final LuaTable MAP_MT = tableMetatable(Kind.MAP);

    static {
        // msg.body finds the atom key 'body' of a map that came from Erlang (#{body => ...}).
        MAP_MT.rawset(LuaValue.INDEX, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue map, LuaValue key) {
                if (key.type() != TSTRING) return NIL;
                LuaValue atom = Atoms.existing(key.checkstring());
                return atom == null ? NIL : map.rawget(atom);
            }
        });
        // msg.body = x updates that atom key rather than adding a second, binary key "body"; a key the
        // map does not have yet is added as the string (a binary in Erlang).
        MAP_MT.rawset(LuaValue.NEWINDEX, new ThreeArgFunction() {
            @Override
            public LuaValue call(LuaValue map, LuaValue key, LuaValue value) {
                LuaValue atom = key.type() == TSTRING ? Atoms.existing(key.checkstring()) : null;
                map.rawset(atom != null && !map.rawget(atom).isnil() ? atom : key, value);
                return NONE;
            }
        });
    }

    private static LuaTable userdataMetatable(String type, Function<LuaValue, String> format) {
        LuaTable mt = new LuaTable();
        mt.rawset("__name", "erlang." + type);
        mt.rawset(KIND_KEY, LuaValue.valueOf(type));
        mt.rawset(LuaValue.TOSTRING, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue v) {
                return valueOf(format.apply(v));
            }
        });
        mt.rawset(LuaValue.METATABLE, LuaValue.valueOf("erlang." + type));
        return mt;
    }

    private static LuaTable tableMetatable(Kind kind) {
        LuaTable mt = new LuaTable();
        String name = kind.name().toLowerCase();
        mt.rawset("__name", "erlang." + name);
        mt.rawset(KIND_KEY, LuaValue.valueOf(name));
        mt.rawset(LuaValue.METATABLE, LuaValue.valueOf("erlang." + name));
        return mt;
    }

    /** The Erlang kind of a table made by the bridge or by erlang.tuple/list/map, or null for a plain table. */
    public static Kind kindOf(LuaTable t) {
        LuaValue mt = t.getmetatable();
        if (mt == null) return null;
        if (mt == TUPLE_MT) return Kind.TUPLE;
        if (mt == LIST_MT) return Kind.LIST;
        if (mt == MAP_MT) return Kind.MAP;
        if (mt instanceof ImproperListMetatable) return Kind.IMPROPER_LIST;
        return null;
    }

    public static LuaTable newTable(Kind kind, int arraySize, int hashSize) {
        LuaTable t = new LuaTable(arraySize, hashSize);
        t.setmetatable(
                switch (kind) {
                    case TUPLE -> TUPLE_MT;
                    case LIST -> LIST_MT;
                    case MAP -> MAP_MT;
                    case IMPROPER_LIST -> throw new IllegalArgumentException("use newImproperList");
                });
        return t;
    }

    /** An improper list: the elements in the array part, the tail in the table's own metatable. */
    /** An Erlang tuple of these values (nil stands for the atom nil, as erlang.tuple does). */
    public static LuaTable tuple(LuaValue... elements) {
        return sequence(Kind.TUPLE, elements);
    }

    /** An Erlang list of these values (nil stands for the atom nil). */
    public static LuaTable list(LuaValue... elements) {
        return sequence(Kind.LIST, elements);
    }

    private static LuaTable sequence(Kind kind, LuaValue[] elements) {
        LuaTable t = newTable(kind, elements.length, 0);
        for (int i = 0; i < elements.length; i++) {
            t.rawset(i + 1, elements[i].isnil() ? Atoms.atom("nil") : elements[i]);
        }
        return t;
    }

    public static LuaTable newImproperList(int size, LuaValue tail) {
        LuaTable t = new LuaTable(size, 0);
        t.setmetatable(new ImproperListMetatable(tail));
        return t;
    }

    public static LuaValue improperTail(LuaTable t) {
        return ((ImproperListMetatable) t.getmetatable()).tail;
    }

    /** Replaces the tail of an improper list (used when copying one whose tail refers back to it). */
    public static void setImproperTail(LuaTable t, LuaValue tail) {
        ((ImproperListMetatable) t.getmetatable()).tail = tail;
    }

    /** Wraps an Erlang-only term; the metatable says which kind it is. */
    public static LuaUserdata wrap(OtpErlangObject term) {
        LuaTable mt;
        if (term instanceof OtpErlangPid) mt = PID_MT;
        else if (term instanceof OtpErlangRef) mt = REF_MT;
        else if (term instanceof OtpErlangPort) mt = PORT_MT;
        else if (term instanceof OtpErlangFun || term instanceof OtpErlangExternalFun) mt = FUN_MT;
        else if (term instanceof OtpErlangLong) mt = BIGINT_MT;
        else if (term instanceof OtpErlangBitstr) mt = BITSTRING_MT;
        else
            throw new IllegalArgumentException(
                    "not an opaque Erlang term: " + term.getClass().getSimpleName());
        return new LuaUserdata(term, mt);
    }

    /** The Erlang term inside a userdata made by this bridge, or null for any other value. */
    public static OtpErlangObject unwrap(LuaValue v) {
        if (v instanceof LuaUserdata u
                && u.userdata() instanceof OtpErlangObject term
                && isBridgeMetatable(u.getmetatable())) {
            return term;
        }
        return null;
    }

    private static boolean isBridgeMetatable(LuaValue mt) {
        return mt == ATOM_MT
                || mt == PID_MT
                || mt == REF_MT
                || mt == PORT_MT
                || mt == FUN_MT
                || mt == BIGINT_MT
                || mt == BITSTRING_MT
                || mt == FLOAT_KEY_MT;
    }

    /** A map key that is a float: whole ones become a userdata so they stay apart from integer keys. */
    public static LuaValue floatKey(double d) {
        LuaValue plain = ErlangFloat.valueOf(d);
        return plain instanceof ErlangFloat ? new LuaUserdata(new OtpErlangDouble(d), FLOAT_KEY_MT) : plain;
    }

    /** An Erlang integer as Lua sees it: a plain number while exact, a big-integer userdata beyond. */
    public static LuaValue integer(BigInteger i) {
        if (i.bitLength() <= 63) return integer(i.longValue());
        return new LuaUserdata(new OtpErlangLong(i), BIGINT_MT);
    }

    public static LuaValue integer(long i) {
        if (i >= -MAX_EXACT && i <= MAX_EXACT) return LuaValue.valueOf((double) i);
        return new LuaUserdata(new OtpErlangLong(i), BIGINT_MT);
    }

    /** The Lua name of a value's Erlang type, as {@code erlang.type} reports it. */
    public static String typeName(LuaValue v) {
        if (v instanceof LuaUserdata u && isBridgeMetatable(u.getmetatable())) {
            return u.getmetatable().rawget(KIND_KEY).tojstring();
        }
        return null;
    }

    static String formatPid(OtpErlangPid pid) {
        String node = pid.node().equals(localNode()) ? "0" : pid.node();
        return "<" + node + "." + pid.id() + "." + pid.serial() + ">";
    }

    static String formatRef(OtpErlangRef ref) {
        String node = ref.node().equals(localNode()) ? "0" : ref.node();
        StringBuilder s = new StringBuilder("#Ref<").append(node);
        int[] ids = ref.ids();
        for (int i = ids.length - 1; i >= 0; i--) s.append('.').append(Integer.toUnsignedString(ids[i]));
        return s.append('>').toString();
    }

    static String formatPort(OtpErlangPort port) {
        String node = port.node().equals(localNode()) ? "0" : port.node();
        return "#Port<" + node + "." + port.id() + ">";
    }

    static String formatFun(OtpErlangObject fun) {
        if (fun instanceof OtpErlangExternalFun f) return "fun " + f.module + ":" + f.function + "/" + f.arity;
        return fun.toString(); // JInterface's own #Fun<...> form
    }

    static String formatBitstring(OtpErlangBitstr bits) {
        byte[] bytes = bits.binaryValue();
        int pad = bits.pad_bits();
        StringBuilder s = new StringBuilder("<<");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) s.append(',');
            if (i == bytes.length - 1 && pad > 0) {
                s.append((bytes[i] & 0xff) >>> pad).append(':').append(8 - pad);
            } else {
                s.append(bytes[i] & 0xff);
            }
        }
        return s.append(">>").toString();
    }
}
