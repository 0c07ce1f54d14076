package org.luanode.jnode.dist;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections from other nodes: each on a virtual thread of its own, the acceptor's side of the
 * handshake ({@link Handshake#accept}), then the connection joins the {@link ConnectionTable}.
 */
final class Acceptor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");

    private final ServerSocketChannel channel;
    private final HandshakeSettings settings;
    private final ConnectionTable connections;
    private final Consumer<String> nodeUp;
    private volatile boolean closed;

    Acceptor(
            ServerSocketChannel channel,
            HandshakeSettings settings,
            ConnectionTable connections,
            Consumer<String> nodeUp) {
        this.channel = channel;
        this.settings = settings;
        this.connections = connections;
        this.nodeUp = nodeUp;
        Thread.ofVirtual().name("dist-acceptor").start(this::acceptLoop);
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel s;
            try {
                s = channel.accept();
            } catch (IOException e) {
                if (!closed) log.warn("accept failed: {}", e.getMessage());
                continue;
            }
            Thread.ofVirtual().name("dist-accept").start(() -> acceptOne(s));
        }
    }

    private void acceptOne(SocketChannel ch) {
        Socket s = ch.socket();
        String[] admitted = new String[1]; // the peer the table counts as being accepted, once admitted
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(HandshakeSettings.TIMEOUT_MILLIS);
            // Unbuffered input: the handshake must read no byte past its last message; the peer may send
            // its first messages right behind it, and those belong to the connection.
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            Handshake.Peer peer =
                    Handshake.accept(in, out, settings.name(), settings.creation(), settings.cookie(), name -> {
                        String status = connections.admit(name);
                        if (!status.equals("nok")) admitted[0] = name;
                        return status;
                    });
            s.setSoTimeout(0);
            Connection c = connections.accepted(peer.name());
            if (!c.established(ch, peer.flags())) throw new IOException("already connected to " + peer.name());
            log.info("node {} connected (from there)", peer.name());
            nodeUp.accept(peer.name());
        } catch (IOException | RuntimeException e) {
            log.warn("refused a distribution connection from {}: {}", s.getRemoteSocketAddress(), e.getMessage());
            Connector.closeQuietly(s);
        } finally {
            if (admitted[0] != null) connections.acceptEnded(admitted[0]);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
