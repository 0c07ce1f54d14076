package org.luanode.bridge;

import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaNumber;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;

/**
 * A whole-valued Erlang float (such as {@code 3.0}) as a Lua number.
 *
 * <p>LuaJ folds every whole double into a {@link LuaInteger}, which would turn the Erlang float
 * {@code 3.0} into the integer {@code 3} on the way back. This number behaves exactly like the plain
 * Lua number of the same value (arithmetic, comparison, table keys: {@code 3.0 == 3} as in Lua 5.2),
 * but the bridge sees that it came from a float and returns it as one. Arithmetic results are plain
 * Lua numbers again. Non-whole floats need no help: they stay {@link LuaDouble}s.
 */
public final class ErlangFloat extends LuaNumber {
    private final double v;
    /** The plain Lua number with the same value; every numeric operation is delegated to it. */
    private final LuaNumber n;

    private ErlangFloat(double v) {
        this.v = v;
        this.n = LuaDouble.valueOf(v);
    }

    /**
     * The Lua value for an Erlang float: a plain number unless the bridge would take it for an integer
     * on the way back (whole and within +-2^53, where Lua numbers are exact integers).
     */
    public static LuaNumber valueOf(double v) {
        boolean looksIntegral = v == Math.rint(v) && Math.abs(v) <= ErlangTypes.MAX_EXACT;
        return looksIntegral ? new ErlangFloat(v) : LuaDouble.valueOf(v);
    }

    public double value() {
        return v;
    }

    @Override
    public String tojstring() {
        // Shown as Erlang (and Lua 5.3) show floats, so "3.0" is not mistaken for the integer 3.
        return (v == 0 && 1 / v < 0 ? "-" : "") + Long.toString((long) v) + ".0";
    }

    @Override
    public LuaString strvalue() {
        return LuaString.valueOf(tojstring());
    }

    @Override
    public LuaValue tostring() {
        return strvalue();
    }

    @Override
    public LuaString optstring(LuaString defval) {
        return strvalue();
    }

    @Override
    public String optjstring(String defval) {
        return tojstring();
    }

    @Override
    public String checkjstring() {
        return tojstring();
    }

    @Override
    public LuaString checkstring() {
        return strvalue();
    }

    @Override
    public int hashCode() {
        return n.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ErlangFloat f ? f.v == v : n.equals(o);
    }

    @Override
    public boolean isint() {
        return n.isint();
    }

    @Override
    public boolean isinttype() {
        return n.isinttype();
    }

    @Override
    public boolean islong() {
        return n.islong();
    }

    @Override
    public boolean isvalidkey() {
        return true;
    }

    @Override
    public byte tobyte() {
        return n.tobyte();
    }

    @Override
    public char tochar() {
        return n.tochar();
    }

    @Override
    public double todouble() {
        return v;
    }

    @Override
    public float tofloat() {
        return (float) v;
    }

    @Override
    public int toint() {
        return n.toint();
    }

    @Override
    public long tolong() {
        return n.tolong();
    }

    @Override
    public short toshort() {
        return n.toshort();
    }

    @Override
    public double optdouble(double defval) {
        return v;
    }

    @Override
    public int optint(int defval) {
        return n.optint(defval);
    }

    @Override
    public LuaInteger optinteger(LuaInteger defval) {
        return n.optinteger(defval);
    }

    @Override
    public long optlong(long defval) {
        return n.optlong(defval);
    }

    @Override
    public LuaInteger checkinteger() {
        return n.checkinteger();
    }

    @Override
    public int checkint() {
        return n.checkint();
    }

    @Override
    public long checklong() {
        return n.checklong();
    }

    @Override
    public double checkdouble() {
        return v;
    }

    @Override
    public LuaValue neg() {
        return n.neg();
    }

    @Override
    public LuaValue eq(LuaValue val) {
        return n.eq(val);
    }

    @Override
    public boolean eq_b(LuaValue val) {
        return n.eq_b(val);
    }

    @Override
    public boolean raweq(LuaValue val) {
        return n.raweq(val);
    }

    @Override
    public boolean raweq(double val) {
        return n.raweq(val);
    }

    @Override
    public boolean raweq(int val) {
        return n.raweq(val);
    }

    @Override
    public LuaValue add(LuaValue rhs) {
        return n.add(rhs);
    }

    @Override
    public LuaValue add(double lhs) {
        return n.add(lhs);
    }

    @Override
    public LuaValue add(int lhs) {
        return n.add(lhs);
    }

    @Override
    public LuaValue sub(LuaValue rhs) {
        return n.sub(rhs);
    }

    @Override
    public LuaValue sub(double rhs) {
        return n.sub(rhs);
    }

    @Override
    public LuaValue sub(int rhs) {
        return n.sub(rhs);
    }

    @Override
    public LuaValue subFrom(double lhs) {
        return n.subFrom(lhs);
    }

    @Override
    public LuaValue subFrom(int lhs) {
        return n.subFrom(lhs);
    }

    @Override
    public LuaValue mul(LuaValue rhs) {
        return n.mul(rhs);
    }

    @Override
    public LuaValue mul(double lhs) {
        return n.mul(lhs);
    }

    @Override
    public LuaValue mul(int lhs) {
        return n.mul(lhs);
    }

    @Override
    public LuaValue pow(LuaValue rhs) {
        return n.pow(rhs);
    }

    @Override
    public LuaValue pow(double rhs) {
        return n.pow(rhs);
    }

    @Override
    public LuaValue pow(int rhs) {
        return n.pow(rhs);
    }

    @Override
    public LuaValue powWith(double lhs) {
        return n.powWith(lhs);
    }

    @Override
    public LuaValue powWith(int lhs) {
        return n.powWith(lhs);
    }

    @Override
    public LuaValue div(LuaValue rhs) {
        return n.div(rhs);
    }

    @Override
    public LuaValue div(double rhs) {
        return n.div(rhs);
    }

    @Override
    public LuaValue div(int rhs) {
        return n.div(rhs);
    }

    @Override
    public LuaValue divInto(double lhs) {
        return n.divInto(lhs);
    }

    @Override
    public LuaValue mod(LuaValue rhs) {
        return n.mod(rhs);
    }

    @Override
    public LuaValue mod(double rhs) {
        return n.mod(rhs);
    }

    @Override
    public LuaValue mod(int rhs) {
        return n.mod(rhs);
    }

    @Override
    public LuaValue modFrom(double lhs) {
        return n.modFrom(lhs);
    }

    @Override
    public LuaValue lt(LuaValue rhs) {
        return n.lt(rhs);
    }

    @Override
    public LuaValue lt(double rhs) {
        return n.lt(rhs);
    }

    @Override
    public LuaValue lt(int rhs) {
        return n.lt(rhs);
    }

    @Override
    public boolean lt_b(LuaValue rhs) {
        return n.lt_b(rhs);
    }

    @Override
    public boolean lt_b(int rhs) {
        return n.lt_b(rhs);
    }

    @Override
    public boolean lt_b(double rhs) {
        return n.lt_b(rhs);
    }

    @Override
    public LuaValue lteq(LuaValue rhs) {
        return n.lteq(rhs);
    }

    @Override
    public LuaValue lteq(double rhs) {
        return n.lteq(rhs);
    }

    @Override
    public LuaValue lteq(int rhs) {
        return n.lteq(rhs);
    }

    @Override
    public boolean lteq_b(LuaValue rhs) {
        return n.lteq_b(rhs);
    }

    @Override
    public boolean lteq_b(int rhs) {
        return n.lteq_b(rhs);
    }

    @Override
    public boolean lteq_b(double rhs) {
        return n.lteq_b(rhs);
    }

    @Override
    public LuaValue gt(LuaValue rhs) {
        return n.gt(rhs);
    }

    @Override
    public LuaValue gt(double rhs) {
        return n.gt(rhs);
    }

    @Override
    public LuaValue gt(int rhs) {
        return n.gt(rhs);
    }

    @Override
    public boolean gt_b(LuaValue rhs) {
        return n.gt_b(rhs);
    }

    @Override
    public boolean gt_b(int rhs) {
        return n.gt_b(rhs);
    }

    @Override
    public boolean gt_b(double rhs) {
        return n.gt_b(rhs);
    }

    @Override
    public LuaValue gteq(LuaValue rhs) {
        return n.gteq(rhs);
    }

    @Override
    public LuaValue gteq(double rhs) {
        return n.gteq(rhs);
    }

    @Override
    public LuaValue gteq(int rhs) {
        return n.gteq(rhs);
    }

    @Override
    public boolean gteq_b(LuaValue rhs) {
        return n.gteq_b(rhs);
    }

    @Override
    public boolean gteq_b(int rhs) {
        return n.gteq_b(rhs);
    }

    @Override
    public boolean gteq_b(double rhs) {
        return n.gteq_b(rhs);
    }

    @Override
    public int strcmp(LuaString rhs) {
        return n.strcmp(rhs);
    }
}
