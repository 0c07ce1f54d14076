package org.luanode.bridge;

import com.ericsson.otp.erlang.OtpErlangDecodeException;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpInputStream;
import com.ericsson.otp.erlang.OtpOutputStream;
import org.luaj.vm2.LuaValue;

/**
 * Lua values to and from Erlang's external term format ({@code term_to_binary}/{@code binary_to_term}):
 * JInterface's codec with the bridge's mapping on top, and the input checked first so that malformed
 * or hostile bytes get a clear error instead of a stack overflow.
 */
public final class TermCodec {
    /**
     * The largest message, in bytes, a node takes from another (-Dluanode.dist.maxPacket, default 256 MB):
     * longer packets close the connection, and a compressed term may not inflate to more.
     */
    public static final int MAX_MESSAGE_BYTES = Integer.getInteger("luanode.dist.maxPacket", 256 << 20);

    private TermCodec() {}

    /** Bytes as {@code term_to_binary} writes them (with the version byte). */
    public static byte[] encode(OtpErlangObject term) {
        OtpOutputStream out = new TermOutputStream();
        out.write1(131);
        out.write_any(term);
        return out.toByteArray();
    }

    public static byte[] encode(LuaValue value) {
        return encode(TermBridge.toErlang(value));
    }

    /** Reads one whole term, as {@code binary_to_term} does; trailing bytes are an error. */
    public static OtpErlangObject decodeTerm(byte[] bytes) {
        int end = ExternalFormatScanner.check(bytes, 0, TermBridge.MAX_DEPTH);
        if (end != bytes.length) {
            throw new TermConversionException(
                    "malformed Erlang term: " + (bytes.length - end) + " bytes after the term");
        }
        try {
            return new OtpInputStream(bytes, 0).read_any();
        } catch (OtpErlangDecodeException e) {
            throw new TermConversionException("malformed Erlang term: " + e.getMessage(), e);
        }
    }

    /** One term of several in a buffer (as in a distribution message): the term and where it ends. */
    public record Decoded(OtpErlangObject term, int end) {}

    /** Reads the term (with its version byte) that starts at {@code offset}, checked like {@link #decodeTerm}. */
    public static Decoded decodeAt(byte[] buf, int offset) {
        int end = ExternalFormatScanner.check(buf, offset, TermBridge.MAX_DEPTH);
        try {
            return new Decoded(new OtpInputStream(buf, offset, end - offset, 0).read_any(), end);
        } catch (OtpErlangDecodeException e) {
            throw new TermConversionException("malformed Erlang term: " + e.getMessage(), e);
        }
    }

    /**
     * A distribution control message at {@code offset}: read directly when it is a tuple of integers,
     * atoms and pids (nearly always), else as {@link #decodeAt} reads any term.
     */
    public static Decoded decodeControlAt(byte[] buf, int offset) {
        Decoded simple = ControlDecoder.decode(buf, offset);
        return simple != null ? simple : decodeAt(buf, offset);
    }

    /** Reads one whole term straight into its Lua value ({@code binary_to_term} for Lua). */
    public static LuaValue decode(byte[] bytes) {
        int[] end = new int[1];
        LuaValue v = LuaTermDecoder.decode(bytes, 0, bytes.length, end);
        if (end[0] != bytes.length) {
            throw new TermConversionException(
                    "malformed Erlang term: " + (bytes.length - end[0]) + " bytes after the term");
        }
        return v;
    }

    /** The Lua value of the term at {@code offset} that ends the buffer (a message's payload). */
    public static LuaValue decodeLuaAt(byte[] buf, int offset) {
        int[] end = new int[1];
        LuaValue v = LuaTermDecoder.decode(buf, offset, buf.length, end);
        if (end[0] != buf.length) {
            throw new TermConversionException(
                    "malformed Erlang term: " + (buf.length - end[0]) + " bytes after the term");
        }
        return v;
    }
}
