package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpOutputStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JInterface's term writer, with each atom's encoded bytes kept after first use. JInterface encodes an
 * atom's text to UTF-8 every time it writes it, and every pid carries its node's name as an atom, so
 * message-heavy traffic spent a tenth of its time re-encoding the same few names.
 */
public final class TermOutputStream extends OtpOutputStream {
    /** Atoms are few in practice; past this many, new ones are written without being kept. */
    private static final int MAX_KEPT = 1 << 16;

    private static final ConcurrentHashMap<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    @Override
    public void write_atom(String atom) {
        byte[] encoded = ENCODED.get(atom);
        if (encoded == null) {
            OtpOutputStream plain = new OtpOutputStream();
            plain.write_atom(atom);
            encoded = plain.toByteArray();
            if (ENCODED.size() < MAX_KEPT) ENCODED.put(atom, encoded);
        }
        writeN(encoded);
    }
}
