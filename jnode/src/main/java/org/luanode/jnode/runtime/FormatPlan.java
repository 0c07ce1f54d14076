package org.luanode.jnode.runtime;

import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;

/**
 * A string.format format, read: its literal text and its items ({@code %[flags][width][.precision]c}),
 * in order, as lstrlib.c's scanformat reads them. A malformed item becomes an item that carries its
 * error, and reading stops there: C Lua reports it only when the call reaches the item, after checking
 * that the item has an argument. Immutable, so states can share it.
 */
final class FormatPlan {
    private static final String FLAGS = "-+ #0";
    private static final String CONVERSIONS = "cdiouxXeEfgGqs";

    /** Literal text or an item. */
    sealed interface Piece permits Literal, Item {}

    /** {@code length} bytes of the format from {@code offset} ({@code %%} as one {@code %}). */
    record Literal(byte[] bytes, int offset, int length) implements Piece {}

    /**
     * One conversion: its flags, width and precision (-1 when absent); or, when {@code error} is not
     * null, the error C Lua gives for it.
     */
    record Item(
            char conversion,
            boolean left,
            boolean plus,
            boolean space,
            boolean alternate,
            boolean zero,
            int width,
            int precision,
            String error)
            implements Piece {
        /** No flags, width or precision: {@code %d} as it is. */
        boolean plain() {
            return !left && !plus && !space && !alternate && !zero && width < 0 && precision < 0;
        }

        static Item failing(String error) {
            return new Item('?', false, false, false, false, false, -1, -1, error);
        }
    }

    private static final byte[] PERCENT = {'%'};

    final LuaString format;
    final Piece[] pieces;
    /** A first guess at the length of a result. */
    final int sizeHint;

    private FormatPlan(LuaString format, Piece[] pieces) {
        this.format = format;
        this.pieces = pieces;
        int items = 0;
        for (Piece p : pieces) if (p instanceof Item) items++;
        this.sizeHint = Math.max(16, format.m_length + 8 * items);
    }

    static FormatPlan read(LuaString format) {
        byte[] f = format.m_bytes;
        int end = format.m_offset + format.m_length;
        List<Piece> pieces = new ArrayList<>();
        int text = format.m_offset; // where the pending literal text starts
        int i = format.m_offset;
        while (i < end) {
            if (f[i] != '%') {
                i++;
                continue;
            }
            if (i > text) pieces.add(new Literal(f, text, i - text));
            i++;
            if (i < end && f[i] == '%') {
                pieces.add(new Literal(PERCENT, 0, 1));
                text = ++i;
                continue;
            }
            int start = i;
            while (i < end && FLAGS.indexOf(f[i]) >= 0) i++;
            if (i - start > FLAGS.length()) {
                pieces.add(Item.failing("invalid format (repeated flags)"));
                return new FormatPlan(format, pieces.toArray(Piece[]::new));
            }
            boolean left = false, plus = false, space = false, alternate = false, zero = false;
            for (int k = start; k < i; k++) {
                switch (f[k]) {
                    case '-' -> left = true;
                    case '+' -> plus = true;
                    case ' ' -> space = true;
                    case '#' -> alternate = true;
                    default -> zero = true;
                }
            }
            int width = -1;
            for (int d = 0; d < 2 && i < end && isDigit(f[i]); d++) width = Math.max(width, 0) * 10 + (f[i++] - '0');
            int precision = -1;
            if (i < end && f[i] == '.') {
                i++;
                precision = 0;
                for (int d = 0; d < 2 && i < end && isDigit(f[i]); d++) precision = precision * 10 + (f[i++] - '0');
            }
            if (i < end && isDigit(f[i])) {
                pieces.add(Item.failing("invalid format (width or precision too long)"));
                return new FormatPlan(format, pieces.toArray(Piece[]::new));
            }
            // past the end, C reads the string's terminating NUL as the conversion
            char conversion = i < end ? (char) (f[i++] & 0xff) : 0;
            if (conversion == 0 || CONVERSIONS.indexOf(conversion) < 0) {
                // C's message takes the character with %c, which adds nothing for a NUL
                String shown = conversion == 0 ? "" : String.valueOf(conversion);
                pieces.add(Item.failing("invalid option '%" + shown + "' to 'format'"));
                return new FormatPlan(format, pieces.toArray(Piece[]::new));
            }
            pieces.add(new Item(conversion, left, plus, space, alternate, zero, width, precision, null));
            text = i;
        }
        if (end > text) pieces.add(new Literal(f, text, end - text));
        return new FormatPlan(format, pieces.toArray(Piece[]::new));
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
