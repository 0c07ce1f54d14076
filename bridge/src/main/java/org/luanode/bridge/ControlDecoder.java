package org.luanode.bridge;

import static org.luanode.bridge.ExternalTags.*;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;

/**
 * Distribution control messages, read directly: most are a tuple of small integers, atoms and pids
 * ({2, '', To} heads every message sent to a pid), and reading those needs neither the format check
 * nor JInterface's stream. Anything else in the tuple (a reference, an exit reason) sends the whole
 * message down the general path.
 */
final class ControlDecoder extends ExternalFormatReader {
    private ControlDecoder(byte[] buf, int pos) {
        super(buf, pos, buf.length);
    }

    /** The control term (with its version byte) at {@code offset}, or null when it is not of the simple kind. */
    static TermCodec.Decoded decode(byte[] buf, int offset) {
        ControlDecoder d = new ControlDecoder(buf, offset);
        if (d.u8() != VERSION || d.u8() != SMALL_TUPLE) return null;
        OtpErlangObject[] elements = new OtpErlangObject[d.u8()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = d.simple();
            if (elements[i] == null) return null;
        }
        return new TermCodec.Decoded(new OtpErlangTuple(elements), d.pos);
    }

    private OtpErlangObject simple() {
        int tag = u8();
        return switch (tag) {
            case SMALL_INTEGER -> new OtpErlangLong(u8());
            case INTEGER -> new OtpErlangLong(s32());
            case ATOM, ATOM_UTF8 -> new OtpErlangAtom(text(u16(), tag == ATOM));
            case SMALL_ATOM, SMALL_ATOM_UTF8 -> new OtpErlangAtom(text(u8(), tag == SMALL_ATOM));
            case NEW_PID -> new OtpErlangPid(nodeName(), s32(), s32(), s32());
            case PID -> new OtpErlangPid(nodeName(), s32(), s32(), u8());
            default -> null;
        };
    }

    private String nodeName() {
        int tag = u8();
        return switch (tag) {
            case ATOM, ATOM_UTF8 -> text(u16(), tag == ATOM);
            case SMALL_ATOM, SMALL_ATOM_UTF8 -> text(u8(), tag == SMALL_ATOM);
            default -> throw error("expected a node name atom, found tag " + tag);
        };
    }

    private String text(int n, boolean latin1) {
        need(n);
        String s = AtomTexts.text(buf, pos, n, latin1);
        pos += n;
        return s;
    }
}
