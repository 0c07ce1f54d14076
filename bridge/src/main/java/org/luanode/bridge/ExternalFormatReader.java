package org.luanode.bridge;

/**
 * Reading big-endian fields of Erlang's external term format from a byte array, with every read checked
 * against the end of the data: what the format scanner and the Lua decoder share.
 */
abstract class ExternalFormatReader {
    final byte[] buf;
    final int end;
    int pos;

    ExternalFormatReader(byte[] buf, int pos, int end) {
        this.buf = buf;
        this.pos = pos;
        this.end = end;
    }

    final int u8() {
        need(1);
        return buf[pos++] & 0xff;
    }

    final int u16() {
        need(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    final int s32() {
        need(4);
        int v = ((buf[pos] & 0xff) << 24)
                | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    final long u32() {
        return s32() & 0xffffffffL;
    }

    final long s64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) v = (v << 8) | (buf[pos + i] & 0xff);
        pos += 8;
        return v;
    }

    final void skip(long n) {
        need(n);
        pos += (int) n;
    }

    final void need(long n) {
        if (pos + n > end) throw truncated(n);
    }

    final TermConversionException truncated(long n) {
        return new TermConversionException("malformed Erlang term: truncated at byte " + pos + " (needs " + n
                + " more bytes, " + (end - pos) + " left)");
    }

    final TermConversionException error(String what) {
        return new TermConversionException("malformed Erlang term: " + what + " (at byte " + pos + ")");
    }
}
