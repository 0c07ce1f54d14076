package org.luanode.jnode.runtime;

import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaInteger;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.bridge.CNumbers;

/**
 * Lua 5.1's string.format, as C Lua runs it (LuaJ's ignores flags, width and precision of most
 * conversions): each {@code %[flags][width][.precision]conversion} is what C's sprintf makes of it,
 * with lstrlib.c's rules: flags {@code -+ #0}, width and precision of at most two digits; {@code %d %i}
 * of the number cut to a 64-bit integer, {@code %o %u %x %X} of it unsigned, {@code %c} of a byte,
 * {@code %e %E %f %g %G} of the double, {@code %s} of a string (or number; not other values, as 5.1),
 * which goes in whole when it has 100 bytes or more and no precision, and {@code %q} quoting as 5.1
 * does. Errors read as C Lua's and come in its order: for each item, a missing argument first, then a
 * malformed item, then an argument of the wrong type.
 *
 * <p>A format is read once into a {@link FormatPlan} (its literal text and items), kept in a small
 * cache: a loop formats with the same few formats. This keeps the call itself a short loop, which the
 * JIT compiles soon and cheaply (the one method that read and wrote everything was the longest
 * compilation of a string-heavy program, compiled three times); {@code %d}, {@code %s} and {@code
 * %.Nf} write their digits without making Strings.
 */
final class StringFormat extends VarArgFunction {
    /** Formats longer than this are read at each call, not cached. */
    private static final int CACHED_LENGTH = 256;

    /**
     * Plans of recent formats, by the format's hash. Written and read without a lock by every state
     * that shares this function: a plan is immutable (final fields), so a reader sees a whole plan or
     * another slot's, and a lost write only means reading a format again.
     */
    private final FormatPlan[] plans = new FormatPlan[64];

    @Override
    public Varargs invoke(Varargs args) {
        LuaString format = args.checkstring(1);
        FormatPlan plan = planOf(format);
        ByteText out = new ByteText(plan.sizeHint);
        FormatPlan.Piece[] pieces = plan.pieces;
        int arg = 1;
        for (FormatPlan.Piece piece : pieces) {
            if (piece instanceof FormatPlan.Literal text) {
                out.write(text.bytes(), text.offset(), text.length());
            } else {
                if (++arg > args.narg()) throw new LuaError("bad argument #" + arg + " to '?' (no value)");
                write(out, (FormatPlan.Item) piece, args, arg);
            }
        }
        return out.toLuaString();
    }

    private FormatPlan planOf(LuaString format) {
        if (format.m_length > CACHED_LENGTH) return FormatPlan.read(format);
        int slot = format.hashCode() & (plans.length - 1);
        FormatPlan plan = plans[slot];
        if (plan != null && (plan.format == format || plan.format.raweq(format))) return plan;
        plan = FormatPlan.read(format);
        plans[slot] = plan;
        return plan;
    }

    private static void write(ByteText out, FormatPlan.Item item, Varargs args, int arg) {
        if (item.error() != null) throw new LuaError(item.error());
        switch (item.conversion()) {
            case 'd', 'i' -> {
                long v = integer(args, arg);
                if (item.plain()) out.writeLong(v);
                else integer(out, v, item, true, 10, false);
            }
            case 's' -> string(out, item, string(args, arg));
            case 'f' -> fixed(out, item, number(args, arg));
            case 'c' -> pad(out, new byte[] {(byte) (long) number(args, arg)}, 0, 1, item);
            case 'o' -> integer(out, integer(args, arg), item, false, 8, false);
            case 'u' -> integer(out, integer(args, arg), item, false, 10, false);
            case 'x' -> integer(out, integer(args, arg), item, false, 16, false);
            case 'X' -> integer(out, integer(args, arg), item, false, 16, true);
            case 'e', 'E', 'g', 'G' -> real(out, number(args, arg), item);
            case 'q' -> quoted(out, string(args, arg));
            default -> throw new IllegalStateException("format plan with conversion " + item.conversion());
        }
    }

    private static double number(Varargs args, int n) {
        LuaValue v = args.arg(n);
        LuaValue number = v.tonumber();
        if (number.isnil()) throw badArgument(args, n, "number");
        return number.todouble();
    }

    /** The argument as C's cast of the number to a 64-bit integer. */
    private static long integer(Varargs args, int n) {
        LuaValue v = args.arg(n);
        if (v instanceof LuaInteger i) return i.v;
        return toLong(number(args, n));
    }

    private static LuaString string(Varargs args, int n) {
        LuaValue v = args.arg(n);
        if (v instanceof LuaString s) return s;
        if (v.type() == LuaValue.TNUMBER) return v.strvalue();
        throw badArgument(args, n, "string");
    }

    private static LuaError badArgument(Varargs args, int n, String expected) {
        String got = n > args.narg() ? "no value" : args.arg(n).typename();
        return new LuaError("bad argument #" + n + " to '?' (" + expected + " expected, got " + got + ")");
    }

    /** C's conversion of a double to a 64-bit integer on x86-64: out of range gives the lowest value. */
    private static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) return Long.MIN_VALUE;
        return (long) d;
    }

    private static void string(ByteText out, FormatPlan.Item item, LuaString s) {
        if (item.precision() < 0 && s.m_length >= 100) {
            out.write(s.m_bytes, s.m_offset, s.m_length); // as lstrlib: too long to format
        } else {
            int n = item.precision() < 0 ? s.m_length : Math.min(item.precision(), s.m_length);
            for (int k = 0; k < n; k++) if (s.m_bytes[s.m_offset + k] == 0) n = k; // C reads up to NUL
            pad(out, s.m_bytes, s.m_offset, n, item);
        }
    }

    private static void integer(ByteText out, long v, FormatPlan.Item item, boolean signed, int radix, boolean upper) {
        int precision = item.precision();
        boolean negative = signed && v < 0;
        String digits = switch (radix) {
            case 8 -> Long.toOctalString(v);
            case 16 -> Long.toHexString(v);
            default -> signed ? Long.toString(Math.abs(v)).replace("-", "") : Long.toUnsignedString(v);
        };
        if (signed && v == Long.MIN_VALUE) digits = "9223372036854775808";
        if (upper) digits = digits.toUpperCase();
        if (precision == 0 && v == 0) digits = ""; // C: no digits for zero with precision 0
        if (precision > digits.length()) digits = "0".repeat(precision - digits.length()) + digits;
        String prefix = "";
        if (negative) prefix = "-";
        else if (signed && item.plus()) prefix = "+";
        else if (signed && item.space()) prefix = " ";
        if (item.alternate()) {
            if (radix == 8 && !digits.startsWith("0")) digits = "0" + digits;
            if (radix == 16 && v != 0) prefix = upper ? "0X" : "0x";
        }
        boolean zeros = item.zero() && !item.left() && precision < 0;
        padNumber(out, prefix, digits, item, zeros);
    }

    /**
     * {@code %f}: finite numbers whose digits a long holds, written straight from the scaled and rounded
     * value ({@link CNumbers#scaledFixed}); ties, huge numbers, infinities and NaN as {@link #real}.
     */
    private static void fixed(ByteText out, FormatPlan.Item item, double v) {
        int p = item.precision() < 0 ? 6 : item.precision();
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        long scaled = CNumbers.scaledFixed(Math.abs(v), p);
        if (scaled < 0) {
            real(out, v, item);
            return;
        }
        int digits = Math.max(ByteText.digitCount(scaled), p + 1); // at least "0" before the point
        int length = digits + (p > 0 || item.alternate() ? 1 : 0);
        char sign = negative ? '-' : item.plus() ? '+' : item.space() ? ' ' : 0;
        if (sign != 0) length++;
        int fill = Math.max(0, item.width() - length);
        boolean zeros = item.zero() && !item.left();
        if (!item.left() && !zeros) out.repeat(' ', fill);
        if (sign != 0) out.write(sign);
        if (zeros) out.repeat('0', fill);
        out.writeFixed(scaled, p, digits);
        if (p == 0 && item.alternate()) out.write('.');
        if (item.left()) out.repeat(' ', fill);
    }

    private static void real(ByteText out, double v, FormatPlan.Item item) {
        char conversion = item.conversion();
        String sign = item.plus() ? "+" : item.space() ? " " : "";
        boolean alternate = item.alternate();
        int p = item.precision() < 0 ? 6 : item.precision();
        String text = switch (conversion) {
            case 'e', 'E' -> CNumbers.e(v, p, conversion == 'E', alternate, sign);
            case 'f' -> CNumbers.f(v, p, alternate, sign);
            default -> {
                String g = CNumbers.g(v, p, alternate, sign);
                yield conversion == 'G' ? g.toUpperCase() : g;
            }
        };
        boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
        boolean zeros = finite && item.zero() && !item.left();
        int signLength = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
        padNumber(out, text.substring(0, signLength), text.substring(signLength), item, zeros);
    }

    /** Sign or prefix, then zeros or not, then digits, within the width. */
    private static void padNumber(ByteText out, String prefix, String digits, FormatPlan.Item item, boolean zeros) {
        int length = prefix.length() + digits.length();
        int fill = Math.max(0, item.width() - length);
        boolean left = item.left();
        if (!left && !zeros) out.repeat(' ', fill);
        out.writeAscii(prefix);
        if (!left && zeros) out.repeat('0', fill);
        out.writeAscii(digits);
        if (left) out.repeat(' ', fill);
    }

    /**
     * The piece ({@code n} bytes of {@code body} from {@code off}) within its width; as lstrlib adds
     * sprintf's result with strlen, it ends at its first NUL ({@code %c} of 0 adds nothing, or only the
     * padding before it).
     */
    private static void pad(ByteText out, byte[] body, int off, int n, FormatPlan.Item item) {
        int fill = Math.max(0, item.width() - n);
        boolean left = item.left();
        // C writes the padded piece up to its first zero byte: nothing after a zero in the body
        int end = 0;
        while (end < n && body[off + end] != 0) end++;
        if (!left) out.repeat(' ', fill);
        out.write(body, off, end);
        if (left && end == n) out.repeat(' ', fill);
    }

    /** %q as Lua 5.1: quotes, backslash before " \ and newline, \r as \r, NUL as \000. */
    private static void quoted(ByteText out, LuaString s) {
        out.write('"');
        for (int i = 0; i < s.m_length; i++) {
            byte b = s.m_bytes[s.m_offset + i];
            switch (b) {
                case '"', '\\', '\n' -> {
                    out.write('\\');
                    out.write(b);
                }
                case '\r' -> out.writeAscii("\\r");
                case 0 -> out.writeAscii("\\000");
                default -> out.write(b);
            }
        }
        out.write('"');
    }
}
