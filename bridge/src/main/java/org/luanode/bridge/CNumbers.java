package org.luanode.bridge;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Numbers as text the way C's printf writes them (glibc: the exact binary value, rounded half to even),
 * for Lua 5.1's number-to-string conversion ({@code "%.14g"}: print, tostring, {@code ..}, io.write)
 * and for string.format's {@code %e %f %g}. Every function returns the number's text without padding:
 * the sign (or the flag's {@code +} or space), then the digits.
 */
public final class CNumbers {
    /**
     * The NaN this machine's arithmetic makes (0.0 / 0.0 at run time): on x86-64 its sign bit is set, and
     * C prints it "-nan". LuaJ's own NaNs (0/0 is special-cased there) use it instead of Java's constant
     * (see LuaJPatch), so both print as C Lua's do on the same machine.
     */
    public static final double MACHINE_NAN = divide(0.0, 0.0);

    private CNumbers() {}

    private static double divide(double a, double b) {
        return a / b; // at run time, not folded by the compiler
    }

    /** A Lua number as C Lua 5.1 writes it: {@code %.14g}. */
    public static String luaNumber(double v) {
        if (v == (long) v && Math.abs(v) < 1e14 && (v != 0 || 1 / v > 0)) return Long.toString((long) v); // fast path
        return g(v, 14, false, "");
    }

    /** Whether {@code v} is -0.0 (which equals 0 but prints as -0). */
    public static boolean isNegativeZero(double v) {
        return v == 0 && Double.doubleToRawLongBits(v) != 0;
    }

    /** {@code %.<precision>g}; {@code sign} is what a non-negative number starts with ("", "+" or " "). */
    public static String g(double v, int precision, boolean alternate, String sign) {
        String special = special(v, sign, false);
        if (special != null) return special;
        int p = precision == 0 ? 1 : precision;
        if (v == 0) return signOf(v, sign) + (alternate ? zero(p - 1, true) : "0");
        BigDecimal exact = new BigDecimal(Math.abs(v));
        BigDecimal rounded = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        int x = rounded.precision() - rounded.scale() - 1; // the decimal exponent after rounding
        int before = exact.precision() - exact.scale() - 1; // and before
        // glibc: when rounding carries a fixed-style number into the exponent form (999.5 with %#.3g), the
        // digits after the point are still counted from the exponent before rounding ("1.e+03")
        int sciDecimals = (before >= -4 && before < p) ? p - 1 - before : p - 1;
        String body = (x < -4 || x >= p) ? scientific(rounded, sciDecimals, x, false) : fixed(rounded, p - 1 - x);
        if (!alternate) body = stripZeros(body);
        else if (!body.contains(".")) body = body.contains("e") ? body.replaceFirst("e", ".e") : body + ".";
        return signOf(v, sign) + body;
    }

    /** {@code %.<precision>e} (or {@code %E} when {@code upper}). */
    public static String e(double v, int precision, boolean upper, boolean alternate, String sign) {
        String special = special(v, sign, upper);
        if (special != null) return special;
        String body;
        if (v == 0) {
            body = zero(precision, alternate) + (upper ? "E+00" : "e+00");
        } else {
            BigDecimal rounded =
                    new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
            int x = rounded.precision() - rounded.scale() - 1;
            body = scientific(rounded, precision, x, upper);
            if (precision == 0 && alternate) body = body.replaceFirst("([eE])", ".$1");
        }
        return signOf(v, sign) + body;
    }

    /** {@code %.<precision>f}. */
    public static String f(double v, int precision, boolean alternate, String sign) {
        String special = special(v, sign, false);
        if (special != null) return special;
        String body = fixedFast(Math.abs(v), precision);
        if (body == null)
            body = new BigDecimal(Math.abs(v))
                    .setScale(precision, RoundingMode.HALF_EVEN)
                    .toPlainString();
        if (precision == 0 && alternate) body += ".";
        return signOf(v, sign) + body;
    }

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15
    };

    /**
     * {@code a} (not negative, finite) with {@code precision} decimals, as glibc rounds it (the exact
     * binary value, ties to even), without BigDecimal: a * 10^precision is computed in doubles, off from
     * the exact product by half an ulp at most, so its nearest integer is the right one unless the
     * product lies within a few ulps of a half (a tie, or too close to tell): then null, and the exact
     * path decides. Null too beyond 2^52, where doubles no longer hold every integer.
     */
    static String fixedFast(double a, int precision) {
        long scaled = scaledFixed(a, precision);
        if (scaled < 0) return null;
        String digits = Long.toString(scaled);
        if (precision == 0) return digits;
        if (digits.length() <= precision) digits = "0".repeat(precision - digits.length() + 1) + digits;
        int point = digits.length() - precision;
        return digits.substring(0, point) + "." + digits.substring(point);
    }

    /**
     * {@code a} (not negative) times 10^precision, rounded as glibc's {@code %.<precision>f} rounds (see
     * {@link #fixedFast}): the digits of the result without the point; -1 where only the exact path can
     * tell (ties, beyond 2^52, infinity, NaN).
     */
    public static long scaledFixed(double a, int precision) {
        if (precision >= POWERS_OF_TEN.length) return -1;
        double x = a * POWERS_OF_TEN[precision];
        if (!(x < 0x1p52)) return -1;
        double floor = Math.floor(x);
        if (Math.abs(x - floor - 0.5) <= 4 * Math.ulp(x)) return -1;
        return (long) Math.rint(x);
    }

    /** inf, -inf, nan (and -nan, as glibc writes a NaN whose sign bit is set); null for finite numbers. */
    public static String special(double v, String sign, boolean upper) {
        String s;
        if (Double.isNaN(v)) s = (Double.doubleToRawLongBits(v) < 0 ? "-" : sign) + "nan";
        else if (Double.isInfinite(v)) s = (v < 0 ? "-" : sign) + "inf";
        else return null;
        return upper ? s.toUpperCase() : s;
    }

    private static String signOf(double v, String sign) {
        return (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : sign;
    }

    /** Zero with {@code decimals} decimals; with none, the point only for '#'. */
    private static String zero(int decimals, boolean alternate) {
        return decimals == 0 ? (alternate ? "0." : "0") : "0." + "0".repeat(decimals);
    }

    /** d.ddd (decimals digits after the point) and the exponent, from a value already rounded. */
    private static String scientific(BigDecimal rounded, int decimals, int x, boolean upper) {
        String digits = rounded.unscaledValue().toString();
        StringBuilder out = new StringBuilder();
        out.append(digits.charAt(0));
        if (decimals > 0) {
            out.append('.');
            for (int i = 1; i <= decimals; i++) out.append(i < digits.length() ? digits.charAt(i) : '0');
        }
        out.append(upper ? 'E' : 'e').append(x < 0 ? '-' : '+');
        int ax = Math.abs(x);
        if (ax < 10) out.append('0');
        out.append(ax);
        return out.toString();
    }

    private static String fixed(BigDecimal rounded, int decimals) {
        return rounded.setScale(Math.max(decimals, 0), RoundingMode.HALF_EVEN).toPlainString();
    }

    /** %g without '#': no trailing zeros in the fraction, and no point without a fraction. */
    private static String stripZeros(String body) {
        int e = body.indexOf('e');
        String mantissa = e < 0 ? body : body.substring(0, e);
        String exponent = e < 0 ? "" : body.substring(e);
        if (mantissa.indexOf('.') >= 0) {
            int end = mantissa.length();
            while (mantissa.charAt(end - 1) == '0') end--;
            if (mantissa.charAt(end - 1) == '.') end--;
            mantissa = mantissa.substring(0, end);
        }
        return mantissa + exponent;
    }
}
