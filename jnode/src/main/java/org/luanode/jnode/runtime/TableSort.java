package org.luanode.jnode.runtime;

import java.util.Arrays;
import org.luaj.vm2.LuaDouble;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/**
 * Lua 5.1's table.sort: the same quicksort (median of three, the pivot kept at u-1, the smaller half
 * sorted first) on the table's raw elements, so a program sees the same comparisons, in the same order,
 * and the same errors as under C Lua: {@code attempt to compare nil with number} for a hole,
 * {@code invalid order function for sorting} for an inconsistent comparator (LuaJ sorted around nils
 * silently and worded comparison errors its own way). Lists of plain numbers or of strings without a
 * comparator, where no comparison can be seen, are sorted by the JDK's sort instead (below).
 */
final class TableSort extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
        LuaTable t = args.checktable(1);
        int n = t.length();
        LuaValue comparator = args.arg(2);
        if (!comparator.isnil() && !comparator.isfunction())
            throw new LuaError("bad argument #2 to '?' (function expected, got " + comparator.typename() + ")");
        if (comparator.isnil() && (sortedNumbers(t, n) || sortedStrings(t, n))) return NONE;
        sort(t, 1, n, comparator.isnil() ? null : comparator);
        return NONE;
    }

    /*
     * Without a comparator, a list of plain numbers or of strings is sorted by the JDK's sort on the
     * values themselves: nothing in it can see the comparisons (no function is called, no metamethod
     * applies) and two elements that compare equal are the same Lua value, so the result is the one C
     * Lua's quicksort gives. Boxed numbers compared through LuaValue were most of table.sort's time (a
     * pointer to follow per comparison). Anything else (a nil, a mixed list, NaN, whose order depends on
     * the comparisons made, -0 beside 0, which print differently, Erlang floats) takes the quicksort.
     */

    /** Sorts t[1..n] when all are plain numbers (LuaJ's LuaInteger and LuaDouble); false, untouched, if not. */
    private static boolean sortedNumbers(LuaTable t, int n) {
        if (n < 2) return false;
        double[] values = new double[n];
        for (int i = 1; i <= n; i++) {
            LuaValue v = t.rawget(i);
            if (v.getClass() != LuaInteger.class && v.getClass() != LuaDouble.class) return false;
            double d = v.todouble();
            if (d != d || (d == 0 && Double.doubleToRawLongBits(d) != 0)) return false; // NaN, -0
            values[i - 1] = d;
        }
        Arrays.sort(values);
        for (int i = 1; i <= n; i++) t.rawset(i, LuaValue.valueOf(values[i - 1]));
        return true;
    }

    /** Sorts t[1..n] when all are strings (compared as Lua compares them); false, untouched, if not. */
    private static boolean sortedStrings(LuaTable t, int n) {
        if (n < 2) return false;
        LuaString[] values = new LuaString[n];
        for (int i = 1; i <= n; i++) {
            if (!(t.rawget(i) instanceof LuaString v)) return false;
            values[i - 1] = v;
        }
        Arrays.sort(values, LuaString::strcmp);
        for (int i = 1; i <= n; i++) t.rawset(i, values[i - 1]);
        return true;
    }

    private static void sort(LuaTable t, int l, int u, LuaValue comparator) {
        while (l < u) {
            // order a[l], a[(l+u)/2], a[u]
            if (less(t.rawget(u), t.rawget(l), comparator)) swap(t, l, u);
            if (u - l == 1) break;
            int i = (l + u) / 2;
            if (less(t.rawget(i), t.rawget(l), comparator)) {
                swap(t, i, l);
            } else if (less(t.rawget(u), t.rawget(i), comparator)) {
                swap(t, i, u);
            }
            if (u - l == 2) break;
            LuaValue pivot = t.rawget(i);
            swap(t, i, u - 1); // a[l] <= P == a[u-1] <= a[u]: sort from l+1 to u-2
            i = l;
            int j = u - 1;
            while (true) {
                while (less(t.rawget(++i), pivot, comparator)) {
                    if (i > u) throw new LuaError("invalid order function for sorting");
                }
                while (less(pivot, t.rawget(--j), comparator)) {
                    if (j < l) throw new LuaError("invalid order function for sorting");
                }
                if (j < i) break;
                swap(t, i, j);
            }
            swap(t, u - 1, i);
            // the smaller half recursively, the larger one in this loop
            if (i - l < u - i) {
                j = l;
                i = i - 1;
                l = i + 2;
            } else {
                j = i + 1;
                i = u;
                u = j - 2;
            }
            sort(t, j, i, comparator);
        }
    }

    private static void swap(LuaTable t, int a, int b) {
        LuaValue va = t.rawget(a);
        t.rawset(a, t.rawget(b));
        t.rawset(b, va);
    }

    /** a < b: the comparator's answer, or Lua's {@code <} with C Lua's error when there is none. */
    private static boolean less(LuaValue a, LuaValue b, LuaValue comparator) {
        if (comparator != null) return comparator.call(a, b).toboolean();
        int ta = a.type();
        int tb = b.type();
        if (ta == LuaValue.TNUMBER && tb == LuaValue.TNUMBER) return a.todouble() < b.todouble();
        if (ta == LuaValue.TSTRING && tb == LuaValue.TSTRING)
            return a.strvalue().strcmp(b.strvalue()) < 0;
        if (ta == tb) {
            LuaValue lt = a.metatag(LuaValue.LT);
            if (!lt.isnil() && lt.raweq(b.metatag(LuaValue.LT)))
                return lt.call(a, b).toboolean();
        }
        String na = a.typename();
        String nb = b.typename();
        throw new LuaError(
                na.equals(nb)
                        ? "attempt to compare two " + na + " values"
                        : "attempt to compare " + na + " with " + nb);
    }
}
