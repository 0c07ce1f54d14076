package org.luanode.jnode.runtime;

import java.nio.charset.StandardCharsets;
import org.luaj.vm2.LuaError;
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
 * does. Errors read as C Lua's.
 */
final class StringFormat extends VarArgFunction {
    private static final String FLAGS = "-+ #0";

    @Override
    public Varargs invoke(Varargs args) {
        LuaString format = args.checkstring(1);
        byte[] f = format.m_bytes;
        int end = format.m_offset + format.m_length;
        ByteText out = new ByteText(format.m_length + 16);
        int arg = 1;
        for (int i = format.m_offset; i < end; ) {
            byte c = f[i++];
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i < end && f[i] == '%') {
                out.write('%');
                i++;
                continue;
            }
            // the specification
            int start = i;
            while (i < end && FLAGS.indexOf(f[i]) >= 0) i++;
            if (i - start > FLAGS.length()) throw new LuaError("invalid format (repeated flags)");
            String flags = i == start ? "" : new String(f, start, i - start, StandardCharsets.US_ASCII);
            int width = -1;
            int precision = -1;
            int digits = 0;
            while (i < end && isDigit(f[i])) {
                width = (width < 0 ? 0 : width * 10) + (f[i++] - '0');
                digits++;
            }
            if (i < end && f[i] == '.') {
                i++;
                precision = 0;
                int pd = 0;
                while (i < end && isDigit(f[i])) {
                    precision = precision * 10 + (f[i++] - '0');
                    pd++;
                }
                if (pd > 2) throw new LuaError("invalid format (width or precision too long)");
            }
            if (digits > 2) throw new LuaError("invalid format (width or precision too long)");
            if (i >= end) throw new LuaError("invalid option '%' to 'format'");
            char conversion = (char) (f[i++] & 0xff);
            if (++arg > args.narg()) throw new LuaError("bad argument #" + arg + " to 'format' (no value)");
            switch (conversion) {
                case 'c' -> pad(out, new byte[] {(byte) (long) number(args, arg)}, 0, 1, flags, width);
                case 'd', 'i' -> {
                    long v = toLong(number(args, arg));
                    if (flags.isEmpty() && width < 0 && precision < 0) out.writeAscii(Long.toString(v)); // plain %d
                    else integer(out, v, flags, width, precision, true, 10, false);
                }
                case 'o' -> integer(out, toLong(number(args, arg)), flags, width, precision, false, 8, false);
                case 'u' -> integer(out, toLong(number(args, arg)), flags, width, precision, false, 10, false);
                case 'x' -> integer(out, toLong(number(args, arg)), flags, width, precision, false, 16, false);
                case 'X' -> integer(out, toLong(number(args, arg)), flags, width, precision, false, 16, true);
                case 'e', 'E', 'f', 'g', 'G' -> real(out, number(args, arg), conversion, flags, width, precision);
                case 'q' -> quoted(out, string(args, arg));
                case 's' -> {
                    LuaString s = string(args, arg);
                    if (precision < 0 && s.m_length >= 100) {
                        out.write(s.m_bytes, s.m_offset, s.m_length); // as lstrlib: too long to format
                    } else {
                        int n = precision < 0 ? s.m_length : Math.min(precision, s.m_length);
                        for (int k = 0; k < n; k++) if (s.m_bytes[s.m_offset + k] == 0) n = k; // C reads up to NUL
                        pad(out, s.m_bytes, s.m_offset, n, flags, width);
                    }
                }
                default -> throw new LuaError("invalid option '%" + conversion + "' to 'format'");
            }
        }
        return out.toLuaString();
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    private static double number(Varargs args, int n) {
        LuaValue v = args.arg(n);
        LuaValue number = v.tonumber();
        if (number.isnil()) throw badArgument(args, n, "number");
        return number.todouble();
    }

    private static LuaString string(Varargs args, int n) {
        LuaValue v = args.arg(n);
        if (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER) return v.strvalue();
        throw badArgument(args, n, "string");
    }

    private static LuaError badArgument(Varargs args, int n, String expected) {
        String got = n > args.narg() ? "no value" : args.arg(n).typename();
        return new LuaError("bad argument #" + n + " to 'format' (" + expected + " expected, got " + got + ")");
    }

    /** C's conversion of a double to a 64-bit integer on x86-64: out of range gives the lowest value. */
    private static long toLong(double d) {
        if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) return Long.MIN_VALUE;
        return (long) d;
    }

    private static void integer(
            ByteText out, long v, String flags, int width, int precision, boolean signed, int radix, boolean upper) {
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
        else if (signed && flags.indexOf('+') >= 0) prefix = "+";
        else if (signed && flags.indexOf(' ') >= 0) prefix = " ";
        if (flags.indexOf('#') >= 0) {
            if (radix == 8 && !digits.startsWith("0")) digits = "0" + digits;
            if (radix == 16 && v != 0) prefix = upper ? "0X" : "0x";
        }
        boolean zeros = flags.indexOf('0') >= 0 && flags.indexOf('-') < 0 && precision < 0;
        padNumber(out, prefix, digits, flags, width, zeros);
    }

    private static void real(ByteText out, double v, char conversion, String flags, int width, int precision) {
        String sign = flags.indexOf('+') >= 0 ? "+" : flags.indexOf(' ') >= 0 ? " " : "";
        boolean alternate = flags.indexOf('#') >= 0;
        int p = precision < 0 ? 6 : precision;
        String text = switch (conversion) {
            case 'e', 'E' -> CNumbers.e(v, p, conversion == 'E', alternate, sign);
            case 'f' -> CNumbers.f(v, p, alternate, sign);
            default -> {
                String g = CNumbers.g(v, p, alternate, sign);
                yield conversion == 'G' ? g.toUpperCase() : g;
            }
        };
        boolean finite = !Double.isNaN(v) && !Double.isInfinite(v);
        boolean zeros = finite && flags.indexOf('0') >= 0 && flags.indexOf('-') < 0;
        int signLength = !text.isEmpty() && "+- ".indexOf(text.charAt(0)) >= 0 ? 1 : 0;
        padNumber(out, text.substring(0, signLength), text.substring(signLength), flags, width, zeros);
    }

    /** Sign or prefix, then zeros or not, then digits, within the width. */
    private static void padNumber(ByteText out, String prefix, String digits, String flags, int width, boolean zeros) {
        int length = prefix.length() + digits.length();
        int fill = Math.max(0, width - length);
        boolean left = flags.indexOf('-') >= 0;
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
    private static void pad(ByteText out, byte[] body, int off, int n, String flags, int width) {
        int fill = Math.max(0, width - n);
        boolean left = flags.indexOf('-') >= 0;
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
