package org.luanode.bridge;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The texts of atoms read off the wire, kept in a small direct-mapped cache: traffic repeats the same
 * few atoms and node names (every pid carries its node's name), and making a new String of each was a
 * tenth of the time of reading a message from another node.
 */
final class AtomTexts {
    private static final int SLOTS = 1024;
    /** Longer texts are decoded every time (rare, and not worth the comparison). */
    private static final int MAX_KEPT_LENGTH = 64;

    /** Immutable: safe to publish through the racy array below. */
    private record Entry(byte[] bytes, boolean latin1, String text) {}

    private static final Entry[] cache = new Entry[SLOTS];

    private AtomTexts() {}

    /** The text of an atom whose {@code n} bytes start at {@code pos}: Latin-1 (ATOM_EXT) or UTF-8. */
    static String text(byte[] buf, int pos, int n, boolean latin1) {
        if (n > MAX_KEPT_LENGTH) return decode(buf, pos, n, latin1);
        int h = latin1 ? 1 : 0;
        for (int i = 0; i < n; i++) h = 31 * h + buf[pos + i];
        int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
        Entry e = cache[slot];
        if (e != null && e.latin1 == latin1 && Arrays.equals(e.bytes, 0, e.bytes.length, buf, pos, pos + n))
            return e.text;
        String text = decode(buf, pos, n, latin1);
        cache[slot] = new Entry(Arrays.copyOfRange(buf, pos, pos + n), latin1, text);
        return text;
    }

    private static String decode(byte[] buf, int pos, int n, boolean latin1) {
        return new String(buf, pos, n, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
}
