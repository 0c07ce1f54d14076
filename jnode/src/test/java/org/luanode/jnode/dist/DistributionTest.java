package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.net.InetAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.luanode.bridge.TermCodec;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;
import org.luanode.jnode.process.LocalNode;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Terms;

/** The distribution layer against a fake process model ({@link RecordingSignals}) and scripted peers. */
class DistributionTest {
    private static final String COOKIE = "distribution_test";
    private PortMapper mapper;
    private ProcessRuntime poller;
    private final RecordingSignals signals = new RecordingSignals();
    private final LocalNode node = new LocalNode();
    private Distribution distribution;
    private final OtpErlangPid local = new OtpErlangPid("dist_test@localhost", 5, 0, 1);

    @BeforeEach
    void start() throws Exception {
        mapper = new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 10)).start();
        System.setProperty("luanode.epmd.port", Integer.toString(mapper.port()));
        poller = new ProcessRuntime(Terms.ERLANG, () -> {});
        distribution = Distribution.start(signals, node, poller.io(), "dist_test@localhost", () -> COOKIE);
        signals.existing.add(local);
    }

    @AfterEach
    void stop() {
        distribution.close();
        poller.close();
        mapper.close();
        System.clearProperty("luanode.epmd.port");
    }

    @Test
    void startingRenamesTheNodeAndRegistersIt() throws Exception {
        assertThat(node.name()).isEqualTo("dist_test@localhost");
        assertThat(EpmdClient.local(mapper.port()).names()).contains("dist_test");
    }

    /** erl's inet_dist_use_interface and inet_dist_listen_min/max: the address and the first free port. */
    @Test
    void listenSettingsPickTheAddressAndAFreePortOfTheRange() throws Exception {
        int first = twoFreePorts();
        ListenSettings range = new ListenSettings(InetAddress.getByName("127.0.0.1"), first, first + 1);
        try (java.nio.channels.ServerSocketChannel a = range.open();
                java.nio.channels.ServerSocketChannel b = range.open()) {
            assertThat(a.socket().getLocalPort()).isEqualTo(first);
            assertThat(b.socket().getLocalPort()).isEqualTo(first + 1);
            assertThat(a.socket().getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            assertThatThrownBy(range::open).hasMessageContaining("no free port in " + first + ".." + (first + 1));
        }
        assertThat(org.luanode.jnode.Main.erlangAddress("{127,0,0,1}")).isEqualTo("127.0.0.1");
        assertThat(org.luanode.jnode.Main.erlangAddress("{0,0,0,0,0,0,0,1}")).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(org.luanode.jnode.Main.erlangAddress("{300,0,0,1}")).isNull();
    }

    /** A port P such that P and P + 1 are both free now (other tests take ports meanwhile: probe both). */
    private static int twoFreePorts() throws java.io.IOException {
        for (int attempt = 0; ; attempt++) {
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                    java.net.ServerSocket next = new java.net.ServerSocket(
                            probe.getLocalPort() + 1, 1, InetAddress.getByName("127.0.0.1"))) {
                return probe.getLocalPort();
            } catch (java.net.BindException e) {
                if (attempt == 20) throw e;
            }
        }
    }

    /** After the cookie: the read buffer grows with the bytes that arrive, not to what a header claims. */
    @Test
    void aHeaderClaimingAHugePacketReservesOnlyWhatArrives() throws Exception {
        try (ScriptedPeer peer =
                ScriptedPeer.connect(mapper.port(), "claims@localhost", "dist_test@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup claims@localhost");
            int claimed = 200 << 20;
            byte[] start = new byte[4 + 100_000];
            start[0] = (byte) (claimed >>> 24);
            start[1] = (byte) (claimed >>> 16);
            start[2] = (byte) (claimed >>> 8);
            start[3] = (byte) claimed;
            peer.sendRaw(start);
            Thread.sleep(300); // read by the node
            assertThat(distribution.existing("claims@localhost").readBufferCapacity())
                    .as("at most twice what came")
                    .isLessThanOrEqualTo(2 * start.length)
                    .isGreaterThanOrEqualTo(start.length);
        }
    }

    @Test
    void aPeerConnectsSendsAndLinksAndIsAnswered() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.connect(mapper.port(), "peer@localhost", "dist_test@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup peer@localhost");
            assertThat(distribution.nodes()).containsExactly("peer@localhost");
            peer.send(new ControlMessage.Send(null, local), new OtpErlangAtom("hello"));
            assertThat(signals.next()).isEqualTo("send " + local + " hello");

            OtpErlangPid missing = new OtpErlangPid("dist_test@localhost", 99, 0, 1);
            peer.send(new ControlMessage.Link(peer.pid(1), missing), null);
            assertThat(signals.next()).startsWith("link");
            assertThat(peer.expect(ControlMessage.Exit.class))
                    .isEqualTo(new ControlMessage.Exit(missing, peer.pid(1), new OtpErlangAtom("noproc")));

            distribution.send(local, peer.pid(1), new OtpErlangAtom("back"));
            ControlCodec.Incoming in = peer.take();
            assertThat(in.message()).isEqualTo(new ControlMessage.Send(null, peer.pid(1)));
            assertThat(TermCodec.decodeAt(in.packet(), in.payloadAt()).term()).isEqualTo(new OtpErlangAtom("back"));
        }
        assertThat(signals.next()).isEqualTo("nodedown peer@localhost");
    }

    @Test
    void aPeerSendingGarbageLosesItsConnectionAndTheNodeGoesOn() throws Exception {
        try (ScriptedPeer rogue =
                ScriptedPeer.connect(mapper.port(), "rogue@localhost", "dist_test@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup rogue@localhost");
            rogue.sendRaw(new byte[] {0, 0, 0, 3, 112, (byte) 131, 42});
            rogue.awaitClosed();
        }
        assertThat(signals.next()).isEqualTo("nodedown rogue@localhost");
        try (ScriptedPeer fine = ScriptedPeer.connect(mapper.port(), "fine@localhost", "dist_test@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup fine@localhost");
        }
    }

    @Test
    void aCookieSetWhileDistributedIsUsedForEveryLaterHandshake() throws Exception {
        distribution.close();
        awaitUnregistered(); // else the name may still be taken when the node registers it again
        java.util.concurrent.atomic.AtomicReference<String> cookie =
                new java.util.concurrent.atomic.AtomicReference<>(COOKIE);
        distribution = Distribution.start(signals, node, poller.io(), "dist_test@localhost", cookie::get);
        cookie.set("changed");
        assertThatThrownBy(() -> ScriptedPeer.connect(mapper.port(), "old@localhost", "dist_test@localhost", COOKIE))
                .isInstanceOf(java.io.IOException.class);
        try (ScriptedPeer peer =
                ScriptedPeer.connect(mapper.port(), "new@localhost", "dist_test@localhost", "changed")) {
            assertThat(signals.next()).isEqualTo("nodeup new@localhost");
        }
    }

    @Test
    void aWrongCookieIsRefused() {
        assertThatThrownBy(
                        () -> ScriptedPeer.connect(mapper.port(), "intruder@localhost", "dist_test@localhost", "wrong"))
                .isInstanceOf(java.io.IOException.class); // the node closes the connection (and logs why)
        assertThat(signals.calls).isEmpty();
    }

    @Test
    void closingUnregistersAndDropsConnections() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.connect(mapper.port(), "peer@localhost", "dist_test@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup peer@localhost");
            distribution.close();
            peer.awaitClosed();
        }
        assertThat(signals.next()).isEqualTo("nodedown peer@localhost");
        awaitUnregistered();
        assertThat(EpmdClient.local(mapper.port()).names()).doesNotContain("dist_test");
    }

    /** Waits (5 s at most) for the port mapper to notice the closed registration, as epmd does: a while later. */
    private void awaitUnregistered() throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (EpmdClient.local(mapper.port()).names().contains("dist_test") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
