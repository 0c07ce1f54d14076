package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.luanode.jnode.dist.ControlCodecTest.packet;
import static org.luanode.jnode.dist.ControlCodecTest.tuple;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each control message from a peer does to the process model, and what is answered. */
class ControlHandlerTest {
    private static final OtpErlangPid REMOTE = new OtpErlangPid("peer@host", 9, 0, 1);
    private static final OtpErlangPid LOCAL = new OtpErlangPid("me@host", 5, 0, 2);
    private static final OtpErlangPid GONE = new OtpErlangPid("me@host", 6, 0, 2);
    private static final OtpErlangRef REF = new OtpErlangRef("peer@host", new int[] {1, 2, 3}, 1);
    private static final OtpErlangAtom NOPROC = new OtpErlangAtom("noproc");

    private final RecordingSignals signals = new RecordingSignals();
    private final SpawnRequests spawnRequests = new SpawnRequests();
    private final ControlHandler handler = new ControlHandler(signals, spawnRequests, new OutgoingCalls());
    private final List<String> answers = new ArrayList<>();
    private final ControlHandler.Peer peer = new ControlHandler.Peer() {
        @Override
        public String name() {
            return "peer@host";
        }

        @Override
        public void send(ControlMessage message, OtpErlangObject payload) {
            answers.add(message + (payload == null ? "" : " " + payload));
        }
    };

    {
        signals.existing.add(LOCAL);
        signals.names.add("echo");
    }

    private void receive(OtpErlangTuple control, OtpErlangObject payload) {
        handler.packet(peer, packet(control, payload));
    }

    @Test
    void sendAndRegSendDeliverTheMessage() throws Exception {
        receive(tuple(2, new OtpErlangAtom(""), LOCAL), new OtpErlangAtom("hi"));
        assertThat(signals.next()).isEqualTo("send " + LOCAL + " hi");
        receive(tuple(6, REMOTE, new OtpErlangAtom(""), new OtpErlangAtom("echo")), new OtpErlangAtom("hi"));
        assertThat(signals.next()).isEqualTo("send echo hi");
    }

    @Test
    void netAdmPingIsAnsweredYes() {
        OtpErlangObject call = tuple(
                new OtpErlangAtom("$gen_call"),
                tuple(REMOTE, REF),
                tuple(new OtpErlangAtom("is_auth"), new OtpErlangAtom("peer@host")));
        receive(tuple(6, REMOTE, new OtpErlangAtom(""), new OtpErlangAtom("net_kernel")), call);
        assertThat(answers).containsExactly(new ControlMessage.Send(null, REMOTE) + " {" + REF + ",yes}");
    }

    @Test
    void aMessageToAnUnknownNameIsDropped() throws Exception {
        receive(tuple(6, REMOTE, new OtpErlangAtom(""), new OtpErlangAtom("nobody")), new OtpErlangAtom("hello"));
        assertThat(signals.calls).isEmpty();
        assertThat(answers).isEmpty();
    }

    @Test
    void aLinkToAProcessThatDoesNotExistIsAnsweredNoproc() throws Exception {
        receive(tuple(1, REMOTE, LOCAL), null);
        assertThat(signals.next()).isEqualTo("link " + REMOTE + " " + LOCAL);
        receive(tuple(1, REMOTE, GONE), null);
        assertThat(signals.next()).isEqualTo("link " + REMOTE + " " + GONE);
        assertThat(answers).containsExactly(new ControlMessage.Exit(GONE, REMOTE, NOPROC).toString());
    }

    @Test
    void unlinkAndUnlinkIdUnlinkAndUnlinkIdIsAcknowledged() throws Exception {
        receive(tuple(4, REMOTE, LOCAL), null);
        assertThat(signals.next()).isEqualTo("unlink " + REMOTE + " " + LOCAL);
        receive(tuple(35, new OtpErlangLong(7), REMOTE, LOCAL), null);
        assertThat(signals.next()).isEqualTo("unlink " + REMOTE + " " + LOCAL);
        assertThat(answers).containsExactly(new ControlMessage.UnlinkIdAck(7, LOCAL, REMOTE).toString());
    }

    @Test
    void exitSignalsThroughLinksAndDirectOnes() throws Exception {
        receive(tuple(3, REMOTE, LOCAL, new OtpErlangAtom("boom")), null);
        assertThat(signals.next()).isEqualTo("exit " + REMOTE + " " + LOCAL + " boom");
        receive(tuple(24, REMOTE, LOCAL), new OtpErlangAtom("payload_boom"));
        assertThat(signals.next()).isEqualTo("exit " + REMOTE + " " + LOCAL + " payload_boom");
        receive(tuple(8, REMOTE, LOCAL, new OtpErlangAtom("kill")), null);
        assertThat(signals.next()).isEqualTo("exit2 " + REMOTE + " " + LOCAL + " kill");
        receive(tuple(26, REMOTE, LOCAL), new OtpErlangAtom("kill"));
        assertThat(signals.next()).isEqualTo("exit2 " + REMOTE + " " + LOCAL + " kill");
    }

    @Test
    void monitorsOfMissingProcessesAreAnsweredDownNoprocAndNetKernelIsNeverMonitored() throws Exception {
        receive(tuple(19, REMOTE, LOCAL, REF), null);
        assertThat(signals.next()).isEqualTo("monitor " + REMOTE + " " + LOCAL);
        receive(tuple(19, REMOTE, GONE, REF), null);
        assertThat(signals.next()).isEqualTo("monitor " + REMOTE + " " + GONE);
        receive(tuple(19, REMOTE, new OtpErlangAtom("net_kernel"), REF), null);
        assertThat(signals.calls).isEmpty();
        assertThat(answers).containsExactly(new ControlMessage.MonitorPExit(GONE, REMOTE, REF, NOPROC).toString());
        receive(tuple(20, REMOTE, LOCAL, REF), null);
        assertThat(signals.next()).isEqualTo("demonitor " + REMOTE + " " + LOCAL);
    }

    @Test
    void monitorExitsAreDowns() throws Exception {
        receive(tuple(21, REMOTE, LOCAL, REF, new OtpErlangAtom("normal")), null);
        assertThat(signals.next()).isEqualTo("down " + REMOTE + " " + LOCAL + " normal");
        receive(tuple(28, REMOTE, LOCAL, REF), new OtpErlangAtom("killed"));
        assertThat(signals.next()).isEqualTo("down " + REMOTE + " " + LOCAL + " killed");
    }

    @Test
    void aSpawnRequestIsAnsweredWithTheNewPidAndItsOptions() throws Exception {
        signals.spawnResult = LOCAL;
        OtpErlangTuple mfa = tuple(new OtpErlangAtom("mod"), new OtpErlangAtom("fun"), new OtpErlangLong(1));
        OtpErlangList options = new OtpErlangList(new OtpErlangObject[] {
            new OtpErlangAtom("link"), tuple(new OtpErlangAtom("monitor"), new OtpErlangList())
        });
        receive(tuple(29, REF, REMOTE, REMOTE, mfa, options), new OtpErlangList(new OtpErlangBinary("x".getBytes())));
        assertThat(signals.next()).isEqualTo("spawn mod:fun[#Bin<1>] link=true monitor=true");
        assertThat(answers).containsExactly(new ControlMessage.SpawnReply(REF, REMOTE, 3, LOCAL).toString());
    }

    @Test
    void aSpawnReplyCompletesOurRequest() throws Exception {
        OtpErlangRef ours = new OtpErlangRef("me@host", new int[] {4, 5, 6}, 2);
        List<OtpErlangPid> recorded = new ArrayList<>();
        var reply = spawnRequests.sent(ours, "peer@host", recorded::add);
        receive(tuple(31, ours, LOCAL, new OtpErlangLong(0), REMOTE), null);
        assertThat(reply.get()).isEqualTo(REMOTE);
        assertThat(recorded).containsExactly(REMOTE);
    }

    @Test
    void aMessageToAnAliasGoesToTheAlias() throws Exception {
        receive(tuple(33, REMOTE, REF), new OtpErlangAtom("hi"));
        assertThat(signals.next()).isEqualTo("alias " + REF + " hi");
    }

    @Test
    void ignoredMessagesDoNothing() {
        receive(tuple(7, REMOTE, LOCAL), null); // GROUP_LEADER
        receive(tuple(36, new OtpErlangLong(1), LOCAL, REMOTE), null); // UNLINK_ID_ACK
        receive(tuple(99, REMOTE), null); // unknown
        assertThat(signals.calls).isEmpty();
        assertThat(answers).isEmpty();
    }

    @Test
    void aMalformedPayloadIsThePeersFaultAnErrorOfOursIsNot() {
        byte[] bad = packet(tuple(2, new OtpErlangAtom(""), LOCAL), null);
        byte[] withBrokenPayload = java.util.Arrays.copyOf(bad, bad.length + 2);
        withBrokenPayload[bad.length] = (byte) 131;
        withBrokenPayload[bad.length + 1] = 42; // no such tag
        assertThatThrownBy(() -> handler.packet(peer, withBrokenPayload))
                .isInstanceOf(ControlCodec.MalformedPacket.class);

        ControlHandler failing = new ControlHandler(
                new RecordingSignals() {
                    @Override
                    public boolean link(OtpErlangPid from, OtpErlangPid to) {
                        throw new IllegalStateException("a bug in the runtime");
                    }
                },
                spawnRequests,
                new OutgoingCalls());
        failing.packet(peer, packet(tuple(1, REMOTE, LOCAL), null)); // logged, not thrown: the connection stays
        assertThat(answers).isEmpty();
    }
}
