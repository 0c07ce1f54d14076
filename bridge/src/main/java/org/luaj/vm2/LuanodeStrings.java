package org.luaj.vm2;

/** What LuaJPatch puts into LuaString: string comparison as C Lua 5.1 compares. */
public final class LuanodeStrings {
    private LuanodeStrings() {}

    /**
     * Lua 5.1's l_strcmp in the C locale (strcoll is strcmp there): the first differing byte, taken
     * unsigned, decides, and a string comes before its extensions, embedded zeros included. A plain
     * loop: most strings compared are short, where {@code Arrays.compareUnsigned} costs more to set up
     * than it saves.
     */
    public static int compare(byte[] a, int aOffset, int aLength, byte[] b, int bOffset, int bLength) {
        int n = Math.min(aLength, bLength);
        for (int i = 0; i < n; i++) {
            int d = (a[aOffset + i] & 0xff) - (b[bOffset + i] & 0xff);
            if (d != 0) return d;
        }
        return aLength - bLength;
    }
}
