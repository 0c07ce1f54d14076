package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpOutputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every control message tag, read from the bytes a BEAM node writes, and written back. */
class ControlCodecTest {
    private static final OtpErlangPid A = new OtpErlangPid("a@host", 1, 0, 3);
    private static final OtpErlangPid B = new OtpErlangPid("b@host", 7, 2, 5);
    private static final OtpErlangRef REF = new OtpErlangRef("a@host", new int[] {1, 2, 3}, 3);
    private static final OtpErlangAtom REASON = new OtpErlangAtom("boom");
    private static final OtpErlangObject TOKEN = new OtpErlangAtom("trace_token");

    @Test
    void everyMessageThisNodeSendsReadsBackAsItself() {
        List<ControlMessage> messages = List.of(
                new ControlMessage.Send(null, B),
                new ControlMessage.Send(A, B),
                new ControlMessage.RegSend(A, "echo"),
                new ControlMessage.Link(A, B),
                new ControlMessage.Unlink(A, B),
                new ControlMessage.UnlinkId(42, A, B),
                new ControlMessage.UnlinkIdAck(42, B, A),
                new ControlMessage.Exit(A, B, REASON),
                new ControlMessage.Exit2(A, B, REASON),
                new ControlMessage.GroupLeader(A, B),
                new ControlMessage.MonitorP(A, B, REF),
                new ControlMessage.MonitorP(A, new OtpErlangAtom("echo"), REF),
                new ControlMessage.DemonitorP(A, B, REF),
                new ControlMessage.MonitorPExit(B, A, REF, REASON),
                new ControlMessage.SpawnReply(REF, A, 3, B),
                new ControlMessage.AliasSend(A, REF));
        for (ControlMessage m : messages) {
            assertThat(roundTrip(m, null).message()).as("%s", m).isEqualTo(m);
        }
    }

    @Test
    void aSpawnRequestCarriesItsArgumentsInThePayload() {
        OtpErlangList args =
                new OtpErlangList(new OtpErlangObject[] {new OtpErlangLong(1), new OtpErlangBinary(new byte[] {'x'})});
        OtpErlangList options = new OtpErlangList(new OtpErlangAtom("link"));
        ControlMessage request = new ControlMessage.SpawnRequest(REF, A, A, "mod", "fun", options, args);
        assertThat(roundTrip(request, args).message()).isEqualTo(request);
    }

    @Test
    void smallIntegerArgumentsThatArriveAsAStringAreAList() {
        // [1, 2] is written as a STRING_EXT by BEAM; it is still the argument list [1, 2]
        OtpErlangTuple mfa = tuple(new OtpErlangAtom("m"), new OtpErlangAtom("f"), new OtpErlangLong(2));
        byte[] packet = packet(
                tuple(29, REF, A, A, mfa, new OtpErlangList()),
                new com.ericsson.otp.erlang.OtpErlangString("\u0001\u0002"));
        ControlMessage.SpawnRequest r =
                (ControlMessage.SpawnRequest) ControlCodec.decode(packet).message();
        assertThat(r.args().elements()).containsExactly(new OtpErlangLong(1), new OtpErlangLong(2));
    }

    @Test
    void traceTokenVariantsReadAsTheirPlainKind() {
        assertThat(decode(tuple(12, new OtpErlangAtom(""), B, TOKEN), REASON))
                .isEqualTo(new ControlMessage.Send(null, B));
        assertThat(decode(tuple(23, A, B, TOKEN), REASON)).isEqualTo(new ControlMessage.Send(A, B));
        assertThat(decode(tuple(16, A, new OtpErlangAtom(""), new OtpErlangAtom("echo"), TOKEN), REASON))
                .isEqualTo(new ControlMessage.RegSend(A, "echo"));
        assertThat(decode(tuple(13, A, B, TOKEN, REASON), null)).isEqualTo(new ControlMessage.Exit(A, B, REASON));
        assertThat(decode(tuple(18, A, B, TOKEN, REASON), null)).isEqualTo(new ControlMessage.Exit2(A, B, REASON));
        assertThat(decode(tuple(34, A, REF, TOKEN), REASON)).isEqualTo(new ControlMessage.AliasSend(A, REF));
        assertThat(decode(tuple(32, REF, A, new OtpErlangLong(0), B, TOKEN), null))
                .isEqualTo(new ControlMessage.SpawnReply(REF, A, 0, B));
    }

    @Test
    void payloadVariantsTakeTheirReasonFromThePayload() {
        assertThat(decode(tuple(24, A, B), REASON)).isEqualTo(new ControlMessage.Exit(A, B, REASON));
        assertThat(decode(tuple(25, A, B, TOKEN), REASON)).isEqualTo(new ControlMessage.Exit(A, B, REASON));
        assertThat(decode(tuple(26, A, B), REASON)).isEqualTo(new ControlMessage.Exit2(A, B, REASON));
        assertThat(decode(tuple(27, A, B, TOKEN), REASON)).isEqualTo(new ControlMessage.Exit2(A, B, REASON));
        assertThat(decode(tuple(28, B, A, REF), REASON)).isEqualTo(new ControlMessage.MonitorPExit(B, A, REF, REASON));
    }

    @Test
    void aMessageStaysInThePacketUntilItsReceiverIsKnown() {
        OtpErlangObject message = tuple(new OtpErlangAtom("hello"), new OtpErlangLong(1));
        ControlCodec.Incoming in = roundTrip(new ControlMessage.Send(null, B), message);
        assertThat(in.hasPayload()).isTrue();
        assertThat(org.luanode.bridge.TermCodec.decodeAt(in.packet(), in.payloadAt())
                        .term())
                .isEqualTo(message);
    }

    @Test
    void anUnknownTagIsReadAsUnknown() {
        assertThat(decode(tuple(99, A), null)).isEqualTo(new ControlMessage.Unknown(99));
    }

    @Test
    void malformedPacketsAreThePeersFault() {
        assertThatThrownBy(() -> ControlCodec.decode(new byte[] {68, 0}))
                .isInstanceOf(ControlCodec.MalformedPacket.class)
                .hasMessageContaining("unsupported message type 68");
        assertThatThrownBy(() -> ControlCodec.decode(new byte[] {112, (byte) 131, 42}))
                .isInstanceOf(ControlCodec.MalformedPacket.class);
        assertThatThrownBy(() -> ControlCodec.decode(packet(new OtpErlangAtom("no_tuple"), null)))
                .isInstanceOf(ControlCodec.MalformedPacket.class)
                .hasMessageContaining("not a control message");
        assertThatThrownBy(() -> ControlCodec.decode(packet(tuple(1, REASON, B), null))) // a LINK from an atom
                .isInstanceOf(ControlCodec.MalformedPacket.class)
                .hasMessageContaining("malformed control message");
        assertThatThrownBy(() -> ControlCodec.decode(packet(tuple(2), null)))
                .isInstanceOf(ControlCodec.MalformedPacket.class);
    }

    private static ControlCodec.Incoming roundTrip(ControlMessage m, OtpErlangObject payload) {
        byte[] framed = ControlCodec.encode(m, payload);
        assertThat(java.nio.ByteBuffer.wrap(framed).getInt()).isEqualTo(framed.length - 4);
        return ControlCodec.decode(Arrays.copyOfRange(framed, 4, framed.length));
    }

    private static ControlMessage decode(OtpErlangTuple control, OtpErlangObject payload) {
        return ControlCodec.decode(packet(control, payload)).message();
    }

    /** A packet as a BEAM node writes it: pass-through, the control term, the payload. */
    static byte[] packet(OtpErlangObject control, OtpErlangObject payload) {
        OtpOutputStream o = new OtpOutputStream();
        o.write1(112);
        o.write1(131);
        o.write_any(control);
        if (payload != null) {
            o.write1(131);
            o.write_any(payload);
        }
        return o.toByteArray();
    }

    static OtpErlangTuple tuple(int tag, OtpErlangObject... rest) {
        OtpErlangObject[] e = new OtpErlangObject[rest.length + 1];
        e[0] = new OtpErlangLong(tag);
        System.arraycopy(rest, 0, e, 1, rest.length);
        return new OtpErlangTuple(e);
    }

    static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }
}
