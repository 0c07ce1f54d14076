package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangBitstr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.function.Function;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * The {@code erlang} Lua module: constructors for the Erlang types Lua lacks, type inspection, and
 * {@code term_to_binary}/{@code binary_to_term}. Loaded as a global and as {@code require 'erlang'}.
 */
public final class ErlangLib extends TwoArgFunction {

    @Override
    public LuaValue call(LuaValue modname, LuaValue env) {
        LuaTable erlang = new LuaTable();
        fn(erlang, "atom", args -> Atoms.atom(args.checkjstring(1)));
        fn(erlang, "atomname", args -> {
            LuaValue a = args.arg1();
            if (!Atoms.isAtom(a))
                throw new LuaError("bad argument #1 to 'atomname' (atom expected, got " + describe(a) + ")");
            return LuaValue.valueOf(Atoms.name(a));
        });
        fn(erlang, "tuple", args -> sequence(ErlangTypes.Kind.TUPLE, args));
        fn(erlang, "list", args -> sequence(ErlangTypes.Kind.LIST, args));
        fn(erlang, "map", args -> {
            LuaTable t = args.isnoneornil(1) ? new LuaTable() : args.checktable(1);
            if (t.getmetatable() != null && ErlangTypes.kindOf(t) != ErlangTypes.Kind.MAP) {
                throw new LuaError("bad argument #1 to 'map' (table already has a metatable)");
            }
            t.setmetatable(ErlangTypes.MAP_MT);
            return t;
        });
        fn(erlang, "improperlist", args -> {
            LuaTable elements = args.checktable(1);
            if (args.arg(2).isnil()) throw new LuaError("bad argument #2 to 'improperlist' (tail expected)");
            int n = elements.rawlen();
            LuaTable list = ErlangTypes.newImproperList(n, args.arg(2));
            for (int i = 1; i <= n; i++) list.rawset(i, elements.rawget(i));
            return list;
        });
        fn(erlang, "tail", args -> {
            LuaTable t = args.checktable(1);
            ErlangTypes.Kind kind = ErlangTypes.kindOf(t);
            if (kind == ErlangTypes.Kind.IMPROPER_LIST) return ErlangTypes.improperTail(t);
            if (kind == ErlangTypes.Kind.LIST || kind == null) return ErlangTypes.newTable(ErlangTypes.Kind.LIST, 0, 0);
            throw new LuaError("bad argument #1 to 'tail' (list expected, got " + describe(t) + ")");
        });
        fn(erlang, "float", args -> ErlangFloat.valueOf(args.checkdouble(1)));
        fn(erlang, "int", args -> {
            LuaValue v = args.arg1();
            try {
                if (v.type() == LuaValue.TSTRING)
                    return ErlangTypes.integer(new BigInteger(v.tojstring().trim()));
            } catch (NumberFormatException e) {
                throw new LuaError("bad argument #1 to 'int' (not an integer: '" + v.tojstring() + "')");
            }
            double d = args.checkdouble(1);
            if (d != Math.rint(d) || Double.isInfinite(d))
                throw new LuaError("bad argument #1 to 'int' (" + v.tojstring() + " is not whole)");
            return ErlangTypes.integer(new BigDecimal(d).toBigIntegerExact());
        });
        fn(erlang, "bitstring", args -> {
            LuaString bytes = args.checkstring(1);
            int bits = args.optint(2, bytes.length() * 8);
            if (bits < 0 || bits > bytes.length() * 8 || bits <= (bytes.length() - 1) * 8 && bytes.length() > 0) {
                throw new LuaError("bad argument #2 to 'bitstring' (" + bits + " bits do not fit in " + bytes.length()
                        + " bytes)");
            }
            byte[] raw = new byte[bytes.length()];
            bytes.copyInto(0, raw, 0, raw.length);
            int pad = raw.length * 8 - bits;
            return pad == 0 ? LuaValue.valueOf(raw) : ErlangTypes.wrap(new OtpErlangBitstr(raw, pad));
        });
        fn(erlang, "type", args -> {
            if (args.narg() == 0) throw new LuaError("bad argument #1 to 'type' (value expected)");
            return LuaValue.valueOf(erlangType(args.arg1()));
        });
        fn(erlang, "encode", args -> {
            try {
                return LuaValue.valueOf(TermCodec.encode(TermBridge.toErlang(args.arg1(), "value")));
            } catch (TermConversionException e) {
                throw new LuaError(e.getMessage());
            }
        });
        fn(erlang, "decode", args -> {
            LuaString s = args.checkstring(1);
            byte[] bytes = new byte[s.length()];
            s.copyInto(0, bytes, 0, bytes.length);
            try {
                return TermCodec.decode(bytes);
            } catch (TermConversionException e) {
                throw new LuaError(e.getMessage());
            }
        });
        env.set("erlang", erlang);
        LuaValue loaded = env.get("package").get("loaded");
        if (loaded.istable()) loaded.set("erlang", erlang);
        return erlang;
    }

    private static LuaTable sequence(ErlangTypes.Kind kind, Varargs args) {
        int n = args.narg();
        LuaTable t = ErlangTypes.newTable(kind, n, 0);
        // A Lua table cannot hold nil: nil arguments become the atom nil, which is what they mean in Erlang.
        for (int i = 1; i <= n; i++) t.rawset(i, args.arg(i).isnil() ? Atoms.atom("nil") : args.arg(i));
        return t;
    }

    /** The Erlang type a Lua value is, or would be once sent. */
    public static String erlangType(LuaValue v) {
        switch (v.type()) {
            case LuaValue.TNIL:
            case LuaValue.TBOOLEAN:
                return "atom";
            case LuaValue.TNUMBER: {
                if (v instanceof ErlangFloat) return "float";
                double d = v.todouble();
                return d == Math.rint(d) && Math.abs(d) <= ErlangTypes.MAX_EXACT ? "integer" : "float";
            }
            case LuaValue.TSTRING:
                return "binary";
            case LuaValue.TTABLE: {
                ErlangTypes.Kind kind = ErlangTypes.kindOf((LuaTable) v);
                if (kind != null) return kind.name().toLowerCase();
                return TermBridge.isSequence((LuaTable) v) ? "list" : "map";
            }
            default: {
                String name = ErlangTypes.typeName(v);
                return name != null ? name : "none";
            }
        }
    }

    private static String describe(LuaValue v) {
        String t = ErlangTypes.typeName(v);
        return t != null ? "erlang." + t : v.typename();
    }

    private static void fn(LuaTable lib, String name, Function<Varargs, LuaValue> body) {
        lib.rawset(name, LuaFunctions.named(name, body));
    }
}
