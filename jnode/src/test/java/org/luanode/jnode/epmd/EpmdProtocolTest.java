package org.luanode.jnode.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The byte layouts of erl_dist_protocol's EPMD section, request by request. */
class EpmdProtocolTest {

    @Test
    void parsesAlive2AsErlSendsIt() throws Exception {
        byte[] packet = EpmdProtocol.alive2Request(40000, 77, 6, 5, "node@host");
        EpmdProtocol.Alive2 a = (EpmdProtocol.Alive2) EpmdProtocol.parse(packet);
        assertThat(a.port()).isEqualTo(40000);
        assertThat(a.nodeType()).isEqualTo(77);
        assertThat(a.protocol()).isZero();
        assertThat(a.highestVersion()).isEqualTo(6);
        assertThat(a.lowestVersion()).isEqualTo(5);
        assertThat(a.name()).isEqualTo("node@host");
        assertThat(a.extra()).isEmpty();
    }

    @Test
    void alive2ReplyDependsOnTheClientsVersion() {
        assertThat(EpmdProtocol.alive2Reply(true, 0x01020304, 6)).containsExactly(118, 0, 1, 2, 3, 4);
        assertThat(EpmdProtocol.alive2Reply(true, 3, 5)).containsExactly(121, 0, 0, 3);
        assertThat(EpmdProtocol.alive2Reply(false, 99, 6)).containsExactly(118, 1, 0, 0, 0, 99);
    }

    @Test
    void portPleaseAndItsReply() throws Exception {
        EpmdProtocol.PortPlease2 req =
                (EpmdProtocol.PortPlease2) EpmdProtocol.parse(EpmdProtocol.nameRequest(122, "pong"));
        assertThat(req.name()).isEqualTo("pong");
        EpmdProtocol.Alive2 node = new EpmdProtocol.Alive2(4242, 77, 0, 6, 5, "pong", new byte[] {9});
        byte[] reply = EpmdProtocol.port2Reply(node);
        ByteBuffer b = ByteBuffer.wrap(reply);
        assertThat(b.get()).isEqualTo((byte) 119);
        assertThat(b.get()).isZero();
        assertThat(b.getShort()).isEqualTo((short) 4242);
        assertThat(b.get()).isEqualTo((byte) 77);
        assertThat(b.get()).isZero();
        assertThat(b.getShort()).isEqualTo((short) 6);
        assertThat(b.getShort()).isEqualTo((short) 5);
        assertThat(b.getShort()).isEqualTo((short) 4);
        byte[] name = new byte[4];
        b.get(name);
        assertThat(new String(name, StandardCharsets.UTF_8)).isEqualTo("pong");
        assertThat(b.getShort()).isEqualTo((short) 1);
        assertThat(b.get()).isEqualTo((byte) 9);
        assertThat(EpmdProtocol.port2NotFound()).containsExactly(119, 1);
    }

    @Test
    void namesReplyIsThePortThenOneLinePerNode() {
        byte[] reply =
                EpmdProtocol.namesReply(4369, List.of(new EpmdProtocol.Alive2(5000, 77, 0, 6, 5, "a", new byte[0])));
        assertThat(ByteBuffer.wrap(reply).getInt()).isEqualTo(4369);
        assertThat(new String(reply, 4, reply.length - 4, StandardCharsets.UTF_8))
                .isEqualTo("name a at port 5000\n");
    }

    @Test
    void otherRequests() throws Exception {
        assertThat(EpmdProtocol.parse(new byte[] {110})).isInstanceOf(EpmdProtocol.Names.class);
        assertThat(EpmdProtocol.parse(new byte[] {100})).isInstanceOf(EpmdProtocol.Dump.class);
        assertThat(EpmdProtocol.parse(new byte[] {107})).isInstanceOf(EpmdProtocol.Kill.class);
        assertThat(((EpmdProtocol.Stop) EpmdProtocol.parse(EpmdProtocol.nameRequest(115, "x"))).name())
                .isEqualTo("x");
    }

    @Test
    void malformedRequestsAreRejectedWithAReason() {
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[] {42})).hasMessageContaining("unknown request code 42");
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[] {120, 0, 1})).hasMessageContaining("too short");
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[] {122})).hasMessageContaining("without a node name");
        assertThatThrownBy(() -> EpmdProtocol.parse(EpmdProtocol.nameRequest(122, "x".repeat(256))))
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[] {122, 'a', 0, 'b'}))
                .hasMessageContaining("NUL");
        assertThatThrownBy(() -> EpmdProtocol.parse(new byte[] {122, (byte) 0xff, (byte) 0xfe}))
                .hasMessageContaining("UTF-8");
        byte[] lyingLength = EpmdProtocol.alive2Request(1, 77, 6, 5, "abc");
        lyingLength[10] = 100; // name length beyond the packet
        assertThatThrownBy(() -> EpmdProtocol.parse(lyingLength)).hasMessageContaining("too short");
    }
}
