package org.luanode.jnode.dist;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections from other nodes: each on a virtual thread of its own, the acceptor's side of the
 * handshake ({@link Handshake#accept}), then the connection joins the {@link ConnectionTable}.
 *
 * <p>Before the cookie is checked a connection costs little and not for long: the whole handshake has
 * one deadline ({@link HandshakeSettings#TIMEOUT_MILLIS}, as net_setuptime), each message is small
 * ({@link Handshake#MAX_MESSAGE}), and at most {@value #MAX_PENDING} handshakes run at once (more are
 * closed at once). Out of file descriptors, the loop backs off instead of spinning, logging once in a
 * while; established connections are served meanwhile.
 */
final class Acceptor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    static final int MAX_PENDING = Integer.getInteger("luanode.dist.max_pending_handshakes", 64);
    private static final long MAX_BACKOFF_MILLIS = 1000;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Closes handshakes that overrun their deadline (one thread for all). */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dist-handshake-deadlines");
        t.setDaemon(true);
        return t;
    });

    /** Connections refused for the cap since the last report, and when that was (the accept loop's own). */
    private int refusedForCap;

    private long lastCapLogged = System.nanoTime() - LOG_EVERY_NANOS;

    /** Handshakes under way: a permit each. */
    private final Semaphore pending = new Semaphore(MAX_PENDING);

    private final ServerSocketChannel channel;
    private final HandshakeSettings settings;
    private final ProtoDist proto;
    private final ConnectionTable connections;
    private final Consumer<String> nodeUp;
    private volatile boolean closed;

    Acceptor(
            ServerSocketChannel channel,
            HandshakeSettings settings,
            ProtoDist proto,
            ConnectionTable connections,
            Consumer<String> nodeUp) {
        this.channel = channel;
        this.settings = settings;
        this.proto = proto;
        this.connections = connections;
        this.nodeUp = nodeUp;
        Thread.ofVirtual().name("dist-acceptor").start(this::acceptLoop);
    }

    int port() {
        return channel.socket().getLocalPort();
    }

    private void acceptLoop() {
        long backoff = 0;
        long lastLogged = System.nanoTime() - LOG_EVERY_NANOS;
        int failures = 0;
        while (!closed) {
            SocketChannel s;
            try {
                s = channel.accept();
                backoff = 0;
            } catch (IOException e) {
                if (closed) return;
                // Out of descriptors (EMFILE, ENFILE) the call fails at once, again and again: wait, and
                // say so once in a while, instead of spinning and flooding the log.
                failures++;
                if (System.nanoTime() - lastLogged >= LOG_EVERY_NANOS) {
                    log.warn("accept failed ({} times since the last report): {}", failures, e.getMessage());
                    lastLogged = System.nanoTime();
                    failures = 0;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, Math.max(10, backoff * 2));
                sleep(backoff);
                continue;
            }
            if (!pending.tryAcquire()) {
                refusedForCap++;
                if (System.nanoTime() - lastCapLogged >= LOG_EVERY_NANOS) {
                    log.warn(
                            "refused {} distribution connection(s) (the last from {}): {} handshakes under way"
                                    + " already",
                            refusedForCap,
                            remoteAddress(s),
                            MAX_PENDING);
                    lastCapLogged = System.nanoTime();
                    refusedForCap = 0;
                }
                closeQuietly(s);
                continue;
            }
            Thread.ofVirtual().name("dist-accept").start(() -> {
                try {
                    acceptOne(s);
                } finally {
                    pending.release();
                }
            });
        }
    }

    private void acceptOne(SocketChannel ch) {
        Socket s = ch.socket();
        String[] admitted = new String[1]; // the peer the table counts as being accepted, once admitted
        // One deadline for the whole handshake: a peer trickling bytes cannot hold it open.
        ScheduledFuture<?> deadline =
                DEADLINES.schedule(() -> closeQuietly(ch), HandshakeSettings.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(HandshakeSettings.TIMEOUT_MILLIS);
            // Unbuffered input: the handshake must read no byte past its last message; the peer may send
            // its first messages right behind it, and those belong to the connection.
            Wire wire = proto.server(ch); // TLS: its handshake first, under the same deadline
            DataInputStream in = new DataInputStream(wire.handshakeInput());
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(wire.handshakeOutput()));
            Handshake.Peer peer = Handshake.accept(
                    wire.handshakeLengthBytes(),
                    in,
                    out,
                    settings.name(),
                    settings.creation(),
                    settings.cookie(),
                    name -> {
                        String status = connections.admit(name);
                        if (!status.equals("nok")) admitted[0] = name;
                        return status;
                    });
            if (!deadline.cancel(false)) throw new IOException("handshake took longer than its deadline");
            s.setSoTimeout(0);
            Connection c = connections.accepted(peer.name());
            if (!c.established(wire, peer.flags())) throw new IOException("already connected to " + peer.name());
            log.info("node {} connected (from there)", peer.name());
            nodeUp.accept(peer.name());
        } catch (IOException | RuntimeException e) {
            String why = deadline.isDone() && !deadline.isCancelled()
                    ? "no handshake within " + HandshakeSettings.TIMEOUT_MILLIS + " ms"
                    : e.getMessage();
            if (why != null && why.endsWith(": nok")) {
                // both nodes connected at once and the other's attempt wins: the normal outcome
                log.debug("gave way to a simultaneous connection from {}: {}", s.getRemoteSocketAddress(), why);
            } else {
                log.warn("refused a distribution connection from {}: {}", s.getRemoteSocketAddress(), why);
            }
            Connector.closeQuietly(s);
        } finally {
            deadline.cancel(false);
            if (admitted[0] != null) connections.acceptEnded(admitted[0]);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Object remoteAddress(SocketChannel s) {
        try {
            return s.getRemoteAddress();
        } catch (IOException e) {
            return "?";
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing anyway
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
