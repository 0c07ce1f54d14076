package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangLong;
import java.math.BigInteger;
import java.util.function.BinaryOperator;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaUserdata;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.OneArgFunction;
import org.luaj.vm2.lib.TwoArgFunction;

/**
 * Arithmetic and ordering for Erlang integers beyond Lua's exact range (2^53), so that a big integer
 * from Erlang can be computed with in Lua and stay exact. Results that fit go back to plain numbers;
 * mixing with a non-whole Lua number falls back to floating point, as Erlang does.
 */
final class BigIntegers {
    private BigIntegers() {}

    static LuaTable metatable(LuaTable mt) {
        mt.rawset(LuaValue.ADD, arith(BigInteger::add, Double::sum));
        mt.rawset(LuaValue.SUB, arith(BigInteger::subtract, (a, b) -> a - b));
        mt.rawset(LuaValue.MUL, arith(BigInteger::multiply, (a, b) -> a * b));
        mt.rawset(
                LuaValue.MOD,
                arith(
                        (a, b) -> {
                            if (b.signum() == 0) throw new LuaError("attempt to perform 'n%%0' on an integer");
                            BigInteger r = a.mod(b.abs());
                            return b.signum() < 0 && r.signum() != 0 ? r.add(b) : r; // Lua's floored modulo
                        },
                        (a, b) -> a - Math.floor(a / b) * b));
        mt.rawset(LuaValue.DIV, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                return valueOf(toDouble(a) / toDouble(b));
            }
        });
        mt.rawset(LuaValue.UNM, new OneArgFunction() {
            @Override
            public LuaValue call(LuaValue a) {
                return ErlangTypes.integer(big(a).negate());
            }
        });
        mt.rawset(LuaValue.EQ, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                return valueOf(isBig(a) && isBig(b) && big(a).equals(big(b)));
            }
        });
        mt.rawset(LuaValue.LT, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                return valueOf(compare(a, b) < 0);
            }
        });
        mt.rawset(LuaValue.LE, new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                return valueOf(compare(a, b) <= 0);
            }
        });
        return mt;
    }

    private static LuaValue arith(BinaryOperator<BigInteger> exact, BinaryOperator<Double> inexact) {
        return new TwoArgFunction() {
            @Override
            public LuaValue call(LuaValue a, LuaValue b) {
                if (isWhole(a) && isWhole(b)) return ErlangTypes.integer(exact.apply(big(a), big(b)));
                return valueOf(inexact.apply(toDouble(a), toDouble(b)));
            }
        };
    }

    private static int compare(LuaValue a, LuaValue b) {
        if (isWhole(a) && isWhole(b)) return big(a).compareTo(big(b));
        return Double.compare(toDouble(a), toDouble(b));
    }

    private static boolean isBig(LuaValue v) {
        return v instanceof LuaUserdata u && u.getmetatable() == ErlangTypes.BIGINT_MT;
    }

    private static boolean isWhole(LuaValue v) {
        if (isBig(v)) return true;
        if (!v.isnumber() || v.isstring() && !(v.type() == LuaValue.TNUMBER)) {
            throw new LuaError("attempt to perform arithmetic on a " + v.typename() + " value and an Erlang integer");
        }
        double d = v.todouble();
        return d == Math.rint(d) && Math.abs(d) <= ErlangTypes.MAX_EXACT;
    }

    static BigInteger big(LuaValue v) {
        if (isBig(v)) return ((OtpErlangLong) ((LuaUserdata) v).userdata()).bigIntegerValue();
        return BigInteger.valueOf((long) v.todouble());
    }

    private static double toDouble(LuaValue v) {
        return isBig(v) ? big(v).doubleValue() : v.checkdouble();
    }
}
