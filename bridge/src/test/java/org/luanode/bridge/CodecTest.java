package org.luanode.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** Bytes in Erlang's external format: well-formed, compressed, and hostile. */
class CodecTest {

    /** [[[...]]] nested n deep, as term_to_binary writes it. */
    private static byte[] nestedLists(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(131);
        for (int i = 0; i < n; i++) out.writeBytes(new byte[] {108, 0, 0, 0, 1});
        out.write(106);
        for (int i = 0; i < n; i++) out.write(106);
        return out.toByteArray();
    }

    @Test
    void decodesWhatTermToBinaryWrites() {
        byte[] okTuple = {(byte) 131, 104, 2, 119, 2, 'o', 'k', 97, 5}; // {ok, 5}
        assertThat(TermCodec.decodeTerm(okTuple))
                .isEqualTo(new OtpErlangTuple(
                        new OtpErlangObject[] {new OtpErlangAtom("ok"), new com.ericsson.otp.erlang.OtpErlangLong(5)}));
    }

    @Test
    void deepNestingFromTheWireIsRefusedWithoutStackOverflow() {
        assertThat(TermCodec.decodeTerm(nestedLists(500))).isInstanceOf(OtpErlangList.class);
        assertThatThrownBy(() -> TermCodec.decodeTerm(nestedLists(1_000_000)))
                .isInstanceOf(TermConversionException.class)
                .hasMessageContaining("nested deeper than " + TermBridge.MAX_DEPTH);
    }

    @Test
    void truncatedAndUnknownInputGetsAClearError() {
        byte[] okTuple = {(byte) 131, 104, 2, 119, 2, 'o', 'k', 97, 5};
        for (int cut = 1; cut < okTuple.length; cut++) {
            byte[] truncated = Arrays.copyOf(okTuple, cut);
            assertThatThrownBy(() -> TermCodec.decodeTerm(truncated))
                    .isInstanceOf(TermConversionException.class)
                    .hasMessageStartingWith("malformed Erlang term");
        }
        assertThatThrownBy(() -> TermCodec.decodeTerm(new byte[] {(byte) 131, 42}))
                .hasMessageContaining("unknown tag 42");
        assertThatThrownBy(() -> TermCodec.decodeTerm(new byte[] {(byte) 131, 106, 106}))
                .hasMessageContaining("1 bytes after the term");
        assertThatThrownBy(() -> TermCodec.decodeTerm(new byte[] {(byte) 131, 109, 127, 0, 0, 0, 1}))
                .hasMessageContaining("truncated");
    }

    @Test
    void compressedTermsAreCheckedToo() {
        byte[] plain = nestedLists(5000);
        Deflater deflater = new Deflater();
        deflater.setInput(plain, 1, plain.length - 1);
        deflater.finish();
        byte[] buf = new byte[plain.length];
        int n = deflater.deflate(buf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(131);
        out.write(80);
        int size = plain.length - 1;
        out.writeBytes(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size});
        out.write(buf, 0, n);
        assertThatThrownBy(() -> TermCodec.decodeTerm(out.toByteArray())).hasMessageContaining("nested deeper than");
    }

    /** A compressed term may not claim more than a message may hold, nor inflate past what it claims. */
    @Test
    void inflatingIsBoundedByTheMessageLimit() {
        byte[] header = {(byte) 131, 80, 0, 0, 0, 0};
        int tooBig = TermCodec.MAX_MESSAGE_BYTES + 1;
        header[2] = (byte) (tooBig >>> 24);
        header[3] = (byte) (tooBig >>> 16);
        header[4] = (byte) (tooBig >>> 8);
        header[5] = (byte) tooBig;
        assertThatThrownBy(() -> TermCodec.decodeTerm(header)).hasMessageContaining("claims");

        byte[] plain = new byte[1 << 20]; // a 1 MB binary claiming to be 100 bytes
        plain[0] = 109;
        int len = plain.length - 5;
        plain[1] = (byte) (len >>> 24);
        plain[2] = (byte) (len >>> 16);
        plain[3] = (byte) (len >>> 8);
        plain[4] = (byte) len;
        Deflater deflater = new Deflater();
        deflater.setInput(plain);
        deflater.finish();
        byte[] buf = new byte[plain.length];
        int n = deflater.deflate(buf);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 131, 80, 0, 0, 0, 100});
        out.write(buf, 0, n);
        assertThatThrownBy(() -> TermCodec.decodeTerm(out.toByteArray()))
                .hasMessageContaining("does not inflate to the size it claims");
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButAConversionError() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] junk = new byte[1 + random.nextInt(40)];
            random.nextBytes(junk);
            junk[0] = (byte) 131;
            try {
                TermCodec.decode(junk);
            } catch (TermConversionException expected) {
                // the only acceptable failure
            }
        }
    }
}
