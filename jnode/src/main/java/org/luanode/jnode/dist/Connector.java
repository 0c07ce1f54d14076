package org.luanode.jnode.dist;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.luanode.jnode.epmd.EpmdClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens connections to other nodes: asks the peer's port mapper for its port, connects, and runs the
 * initiator's side of the handshake ({@link Handshake#initiate}), on a virtual thread per attempt.
 */
final class Connector {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");

    private final HandshakeSettings settings;
    private final ProtoDist proto;
    private final int epmdPort;
    private final Consumer<String> nodeUp;
    /** Asked whether a peer's "alive" connection is a real one (see {@link ConnectionTable#peersConnectionIsGone}). */
    private final ConnectionTable connections;

    private volatile boolean closed;

    Connector(
            HandshakeSettings settings,
            ProtoDist proto,
            int epmdPort,
            ConnectionTable connections,
            Consumer<String> nodeUp) {
        this.connections = connections;
        this.settings = settings;
        this.proto = proto;
        this.epmdPort = epmdPort;
        this.nodeUp = nodeUp;
    }

    /** Starts connecting {@code c} in the background. */
    void start(Connection c) {
        Thread.ofVirtual().name("dist-connect-" + c.peer).start(() -> connect(c));
    }

    void close() {
        closed = true;
    }

    private void connect(Connection c) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
        } catch (IOException e) {
            c.close("cannot connect: " + e.getMessage());
            return;
        }
        Socket s = ch.socket();
        try {
            if (closed) throw new IOException("node shut down");
            NodeNames.validate(c.peer);
            InetAddress host = proto.resolve(NodeNames.host(c.peer));
            int port = new EpmdClient(host, epmdPort).portPlease(NodeNames.alive(c.peer));
            if (port < 0) {
                throw new IOException(
                        "no node " + c.peer + " is registered with the port mapper of " + host.getHostName());
            }
            s.connect(new InetSocketAddress(host, port), HandshakeSettings.TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            s.setSoTimeout(HandshakeSettings.TIMEOUT_MILLIS);
            Wire wire = proto.client(ch, NodeNames.host(c.peer), port);
            DataInputStream in = new DataInputStream(wire.handshakeInput()); // unbuffered: see Acceptor
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(wire.handshakeOutput()));
            Handshake.Peer peer = Handshake.initiate(
                    wire.handshakeLengthBytes(),
                    in,
                    out,
                    settings.name(),
                    settings.creation(),
                    settings.cookie(),
                    c.peer,
                    () -> connections.peersConnectionIsGone(c));
            s.setSoTimeout(0);
            if (!c.established(wire, peer.flags())) return; // the peer's own attempt came up first
            log.info("node {} connected (from here)", c.peer);
            nodeUp.accept(c.peer);
        } catch (Handshake.LostSimultaneousConnect e) {
            log.debug("{}", e.getMessage());
            closeQuietly(s);
            awaitPeersAttempt(c);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot connect to {}: {}", c.peer, e.getMessage());
            closeQuietly(s);
            c.attemptFailed("cannot connect: " + e.getMessage());
        }
    }

    /** The peer refused our attempt because its own is under way: that one must come up soon. */
    private static void awaitPeersAttempt(Connection c) {
        boolean up = c.whenUp()
                .copy()
                .completeOnTimeout(false, HandshakeSettings.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .join();
        if (!up) c.attemptFailed("cannot connect: " + c.peer + " refused our connection but did not complete its own");
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
