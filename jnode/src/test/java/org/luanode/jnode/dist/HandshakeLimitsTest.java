package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;
import org.luanode.jnode.process.LocalNode;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Terms;

/**
 * What a peer that never authenticates can cost the node, measured with raw sockets against a real
 * acceptor: the time until it is closed, the size of message it may announce, how many handshakes it
 * may hold open; a real peer still gets in afterwards.
 */
class HandshakeLimitsTest {
    private static final String COOKIE = "limits_test";
    private PortMapper mapper;
    private ProcessRuntime poller;
    private final RecordingSignals signals = new RecordingSignals();
    private Distribution distribution;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        mapper = new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 10)).start();
        System.setProperty("luanode.epmd.port", Integer.toString(mapper.port()));
        poller = new ProcessRuntime(Terms.ERLANG, () -> {});
        distribution = Distribution.start(signals, new LocalNode(), poller.io(), "limits@localhost", () -> COOKIE);
        port = EpmdClient.local(mapper.port()).portPlease("limits");
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : sockets) s.close();
        distribution.close();
        poller.close();
        mapper.close();
        System.clearProperty("luanode.epmd.port");
    }

    @Test
    void aHandshakeMessageBiggerThanAnyRealOneClosesTheConnectionAtOnce() throws Exception {
        Socket s = open();
        s.getOutputStream().write(new byte[] {(byte) 0xff, (byte) 0xff}); // announces 65535 bytes
        assertThat(secondsUntilClosed(s, 5)).isLessThan(2);
        assertThat(Handshake.MAX_MESSAGE).isLessThan(2048);
    }

    /** A peer sending one byte at a time keeps no connection beyond the handshake's deadline (7 s). */
    @Test
    void aTricklingPeerIsClosedAtTheHandshakeDeadline() throws Exception {
        Socket s = open();
        OutputStream out = s.getOutputStream();
        out.write(new byte[] {0, 40}); // a 40-byte name message, then one byte every 500 ms
        long start = System.nanoTime();
        s.setSoTimeout(500);
        InputStream in = s.getInputStream();
        boolean closed = false;
        while (!closed && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15)) {
            try {
                out.write('N');
                closed = in.read() < 0;
            } catch (SocketTimeoutException e) {
                // still open: another byte
            } catch (IOException e) {
                closed = true;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(closed).isTrue();
        assertThat(seconds)
                .isBetween(
                        HandshakeSettings.TIMEOUT_MILLIS / 1000.0 - 1, HandshakeSettings.TIMEOUT_MILLIS / 1000.0 + 2);
    }

    @Test
    void handshakesBeyondTheCapAreClosedAtOnceAndARealPeerGetsInLater() throws Exception {
        for (int i = 0; i < Acceptor.MAX_PENDING; i++) open();
        Thread.sleep(300); // all of them taken in by the acceptor
        Socket extra = open();
        assertThat(secondsUntilClosed(extra, 5)).as("over the cap").isLessThan(2);
        Socket first = sockets.get(0);
        first.setSoTimeout(300);
        assertThat(readTimesOut(first))
                .as("under the cap, still waiting for its name")
                .isTrue();
        for (Socket s : sockets) s.close();
        sockets.clear();
        Thread.sleep(300);
        try (ScriptedPeer peer = ScriptedPeer.connect(mapper.port(), "real@localhost", "limits@localhost", COOKIE)) {
            assertThat(signals.next()).isEqualTo("nodeup real@localhost");
        }
    }

    private Socket open() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        sockets.add(s);
        return s;
    }

    /** Seconds until the node closes {@code s}, waiting {@code atMost} seconds. */
    private static double secondsUntilClosed(Socket s, int atMost) throws IOException {
        long start = System.nanoTime();
        s.setSoTimeout(atMost * 1000);
        try {
            while (s.getInputStream().read() >= 0) {
                // a status or challenge would be a failure of the test's premise; keep reading to the end
            }
        } catch (SocketTimeoutException e) {
            return atMost;
        } catch (IOException e) {
            // reset: closed too
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static boolean readTimesOut(Socket s) throws IOException {
        try {
            return s.getInputStream().read() >= 0 && false;
        } catch (SocketTimeoutException e) {
            return true;
        }
    }
}
