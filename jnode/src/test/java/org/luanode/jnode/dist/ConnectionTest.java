package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Terms;

/** A connection's framing over a real socket: 4-byte lengths, ticks, split and joined packets, bad lengths. */
class ConnectionTest {
    private final ProcessRuntime poller = new ProcessRuntime(Terms.ERLANG, () -> {}); // its thread polls the socket
    private final BlockingQueue<byte[]> packets = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> closed = new CompletableFuture<>();
    private Socket peer;
    private DataOutputStream out;
    private Connection connection;

    @BeforeEach
    void connect() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            peer = new Socket(
                    InetAddress.getLoopbackAddress(), ((InetSocketAddress) listener.getLocalAddress()).getPort());
            SocketChannel ours = listener.accept();
            connection = new Connection(
                    "peer@host",
                    new Connection.Listener() {
                        @Override
                        public void packet(Connection from, byte[] packet) {
                            packets.add(packet);
                        }

                        @Override
                        public void closed(Connection c, String why) {
                            closed.complete(why);
                        }
                    },
                    poller.io());
            assertThat(connection.established(ours, DistFlags.MANDATORY)).isTrue();
        }
        peer.setTcpNoDelay(true);
        out = new DataOutputStream(peer.getOutputStream());
    }

    @AfterEach
    void close() throws IOException {
        connection.close("test over");
        peer.close();
        poller.close();
    }

    private byte[] nextPacket() throws InterruptedException {
        byte[] p = packets.poll(5, TimeUnit.SECONDS);
        assertThat(p).as("a packet").isNotNull();
        return p;
    }

    @Test
    void packetsJoinedInOneWriteArriveOneByOneAndTicksAreSkipped() throws Exception {
        out.write(new byte[] {0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 'c'});
        out.flush();
        assertThat(nextPacket()).containsExactly('a', 'b');
        assertThat(nextPacket()).containsExactly('c');
    }

    @Test
    void aPacketSplitAcrossWritesArrivesWhole() throws Exception {
        byte[] framed = {0, 0, 0, 5, 'h', 'e', 'l', 'l', 'o'};
        for (byte b : framed) {
            out.write(b);
            out.flush();
            Thread.sleep(2);
        }
        assertThat(nextPacket()).containsExactly('h', 'e', 'l', 'l', 'o');
    }

    @Test
    void aPacketBiggerThanTheReadBufferArrivesWhole() throws Exception {
        byte[] big = new byte[1 << 20];
        Arrays.fill(big, (byte) 7);
        out.writeInt(big.length);
        out.write(big);
        out.writeInt(1);
        out.write('z');
        out.flush();
        assertThat(nextPacket()).isEqualTo(big);
        assertThat(nextPacket()).containsExactly('z');
    }

    @Test
    void aNegativeLengthClosesTheConnection() throws Exception {
        out.writeInt(-1);
        out.flush();
        assertThat(closed.get(5, TimeUnit.SECONDS)).contains("packet of 4294967295 bytes");
    }

    @Test
    void thePeerClosingIsReported() throws Exception {
        peer.close();
        assertThat(closed.get(5, TimeUnit.SECONDS)).isEqualTo("connection closed by peer");
    }

    @Test
    void whatWeSendArrivesFramedAndTicksAreEmptyPackets() throws Exception {
        connection.send(
                new ControlMessage.Link(
                        new com.ericsson.otp.erlang.OtpErlangPid("a@h", 1, 0, 1),
                        new com.ericsson.otp.erlang.OtpErlangPid("b@h", 2, 0, 1)),
                null);
        connection.tick();
        var in = new java.io.DataInputStream(peer.getInputStream());
        peer.setSoTimeout(5000);
        int length = in.readInt();
        byte[] packet = in.readNBytes(length);
        assertThat(ControlCodec.decode(packet).message()).isInstanceOf(ControlMessage.Link.class);
        assertThat(in.readInt()).as("a tick").isZero();
    }
}
