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

    void repeat(char c, int times) {
        room(times);
        Arrays.fill(bytes, length, length + times, (byte) c);
        length += times;
    }

    LuaString toLuaString() {
        return LuaString.valueUsing(Arrays.copyOf(bytes, length));
    }
}
