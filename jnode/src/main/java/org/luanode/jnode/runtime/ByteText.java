package org.luanode.jnode.runtime;

import java.util.Arrays;
import org.luaj.vm2.LuaString;

/**
 * A Lua string being made (string.format, gsub): a growing byte array. ByteArrayOutputStream, used
 * before, takes a lock at every write.
 */
final class ByteText {
    private byte[] bytes;
    private int length;

    ByteText(int capacity) {
        bytes = new byte[Math.max(capacity, 16)];
    }

    private void room(int more) {
        if (length + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
    }

    void write(int b) {
        room(1);
        bytes[length++] = (byte) b;
    }

    void write(byte[] b, int off, int n) {
        room(n);
        System.arraycopy(b, off, bytes, length, n);
        length += n;
    }

    /** Text of ASCII characters only (digits, signs, letters of numbers): one byte each. */
    void writeAscii(String text) {
        int n = text.length();
        room(n);
        for (int i = 0; i < n; i++) bytes[length + i] = (byte) text.charAt(i);
        length += n;
    }

    /** A 64-bit integer in decimal, as %d writes it. */
    void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808"); // has no positive counterpart
            return;
        }
        if (v < 0) {
            write('-');
            v = -v;
        }
        writeFixed(v, 0, digitCount(v));
    }

    /** The number of decimal digits of {@code v} (not negative); 1 for 0. */
    static int digitCount(long v) {
        int n = 1;
        for (long limit = 10; n < 19 && v >= limit; limit *= 10) n++;
        return n;
    }

    /**
     * {@code scaled} (not negative) as a fixed-point number with {@code decimals} digits after the point,
     * in {@code digits} digits in all (zeros before it as needed): 1234, 2, 5 is {@code 012.34}.
     */
    void writeFixed(long scaled, int decimals, int digits) {
        int n = digits + (decimals > 0 ? 1 : 0);
        room(n);
        int at = length + n;
        for (int k = 0; k < digits; k++) {
            if (k == decimals && decimals > 0) bytes[--at] = '.';
            bytes[--at] = (byte) ('0' + scaled % 10);
            scaled /= 10;
        }
        length += n;
    }

    void repeat(char c, int times) {
        room(times);
        Arrays.fill(bytes, length, length + times, (byte) c);
        length += times;
    }

    LuaString toLuaString() {
        return LuaString.valueUsing(Arrays.copyOf(bytes, length));
    }
}
