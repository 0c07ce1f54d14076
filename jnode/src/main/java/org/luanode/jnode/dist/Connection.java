package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.luanode.bridge.TermCodec;
import org.luanode.jnode.process.IoLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection to another node, after the handshake: 4-byte length-prefixed packets, each a
 * pass-through message (112, the control tuple, and the message or reason when there is one); an empty
 * packet is a tick. The socket is non-blocking and watched by the node's {@link IoLoop}: the Lua thread
 * reads and dispatches incoming packets itself and writes what processes sent when it next polls (when
 * it runs out of work, or every few hundred microseconds while busy), so a burst of sends shares one
 * write. Senders only queue: a slow peer never blocks a Lua process; what the socket cannot take yet
 * waits here until the socket is writable again.
 */
final class Connection implements IoLoop.Handler, ControlHandler.Peer {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    private static final byte[] TICK = new byte[4];
    /** Packets longer than this close the connection (-Dluanode.dist.maxPacket, bytes). */
    static final int MAX_PACKET = TermCodec.MAX_MESSAGE_BYTES;

    /** Who hears what a connection reads, and that it closed; called on the polling thread. */
    interface Listener {
        /** One whole packet (without its length); a {@link ControlCodec.MalformedPacket} closes the connection. */
        void packet(Connection from, byte[] packet);

        /** Called once, when the connection has closed. */
        void closed(Connection c, String why);
    }
    /** Bytes written in one socket write at most (but a bigger packet goes in one piece). */
    private static final int WRITE_BUFFER = 1 << 18;
    /** Queued bytes at which a process's sends are written at once instead of at the next poll. */
    private static final int WRITE_EARLY_AT = 1 << 15;
    /** Bytes read at most per poll (more for a bigger packet): a busy peer cannot starve the processes. */
    private static final int READ_BUFFER = 1 << 16;

    final String peer;
    private final Listener listener;
    private final IoLoop io;
    /** Completes with true when the handshake is done and messages flow, false when closed before. */
    private final CompletableFuture<Boolean> up = new CompletableFuture<>();
    /** Packets (each with its 4-byte length) not written to the socket yet; any thread adds. */
    private final Outbox outbox = new Outbox(WRITE_BUFFER);

    private final AtomicBoolean flushRequested = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The socket's bytes, plain or TLS; null until the handshake is done. */
    private volatile Wire channel;

    private volatile long flags;
    volatile long lastReceived = System.nanoTime();
    volatile long lastSent = System.nanoTime();

    // Read state: touched only by the polling thread, with the poll lock held.
    private ByteBuffer in = ByteBuffer.allocate(READ_BUFFER);
    /** The socket took less than offered; the next write waits until it is writable. */
    private volatile boolean socketFull;

    private SelectionKey key;

    Connection(String peer, Listener listener, IoLoop io) {
        this.peer = peer;
        this.listener = listener;
        this.io = io;
    }

    @Override
    public String name() {
        return peer;
    }

    /** Completes with true once the connection is up, false if it closes before. */
    CompletableFuture<Boolean> whenUp() {
        return up;
    }

    boolean isUp() {
        return channel != null && !closed.get();
    }

    /** Whether the handshake had completed (the connection was ever up). */
    boolean wasUp() {
        return channel != null;
    }

    boolean isClosed() {
        return closed.get();
    }

    long flags() {
        return flags;
    }

    /**
     * Starts exchanging messages over a channel whose handshake is done; queued messages go first. The
     * channel may come from our own attempt or from the peer's (when both connect at once, the one the
     * handshake lets through); false, and the channel closed, when this connection has one already or
     * was closed meanwhile.
     */
    synchronized boolean established(SocketChannel ch, long peerFlags) throws IOException {
        return established(new PlainWire(ch), peerFlags);
    }

    /** As {@link #established(SocketChannel, long)}, over plain TCP or TLS. */
    synchronized boolean established(Wire wire, long peerFlags) throws IOException {
        if (channel != null || closed.get()) {
            wire.close();
            return false;
        }
        this.flags = peerFlags;
        wire.startNonBlocking();
        lastReceived = System.nanoTime();
        this.channel = wire;
        io.register(wire.socket(), this);
        requestFlush();
        up.complete(true);
        return true;
    }

    /** Our attempt to connect failed: closes the connection unless the peer's own attempt got it up. */
    synchronized void attemptFailed(String why) {
        if (channel == null) close(why);
    }

    @Override
    public void send(ControlMessage message, OtpErlangObject payload) {
        enqueue(ControlCodec.encode(message, payload));
    }

    void tick() {
        enqueue(TICK);
    }

    private void enqueue(byte[] packet) {
        if (closed.get()) return;
        // A process sending a stream: write as it goes, so the peer works on the first messages meanwhile.
        if (outbox.add(packet) >= WRITE_EARLY_AT && !socketFull && io.flushNowIfLuaThread(this)) return;
        requestFlush();
    }

    private void requestFlush() {
        if (channel != null && flushRequested.compareAndSet(false, true)) io.requestFlush(this);
    }

    @Override
    public void registered(SelectionKey key) {
        this.key = key;
    }

    /**
     * Writes queued packets until the socket takes no more; then waits to be told it is writable. Also
     * reads what TLS has decrypted already, which no poll would report.
     */
    @Override
    public void flush() {
        flushRequested.set(false); // before taking packets: one queued after this asks again
        Wire ch = channel;
        if (ch == null || closed.get()) return;
        if (ch.hasBufferedInput()) readable();
        try {
            long before = outbox.bytesWritten();
            boolean written = outbox.writeTo(ch) && !ch.hasPendingOutput();
            if (outbox.bytesWritten() != before) lastSent = System.nanoTime();
            // All written: wait for input only; else also for the socket to take more.
            watch(written ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        }
    }

    private void watch(int ops) {
        socketFull = (ops & SelectionKey.OP_WRITE) != 0;
        if (key != null && key.isValid() && key.interestOps() != ops) key.interestOps(ops);
    }

    /** Reads what the socket has and dispatches every whole packet in it. */
    @Override
    public void readable() {
        Wire ch = channel;
        if (ch == null || closed.get()) return;
        try {
            int n = ch.read(in);
            if (n < 0) {
                close("connection closed by peer");
                return;
            }
            lastReceived = System.nanoTime();
            in.flip();
            while (in.remaining() >= 4) {
                int length = in.getInt(in.position());
                if (length < 0 || length > MAX_PACKET) {
                    throw new IOException("packet of " + Integer.toUnsignedString(length) + " bytes");
                }
                if (in.remaining() < 4 + length) {
                    // The buffer grows with the bytes that come, never to what the header claims: a
                    // peer announcing 256 MB gets a bigger buffer only by sending that much.
                    if (in.remaining() == in.capacity())
                        in = grown(in, (int) Math.min(4L + length, 2L * in.capacity()));
                    break;
                }
                in.position(in.position() + 4);
                if (length == 0) continue; // tick
                byte[] packet = new byte[length];
                in.get(packet);
                listener.packet(this, packet);
            }
            in.compact();
            if (in.position() == 0 && in.capacity() > READ_BUFFER)
                in = ByteBuffer.allocate(READ_BUFFER); // after a big packet
            if (ch.hasBufferedInput()) requestFlush(); // TLS has more than fitted: read it at the next poll
        } catch (IOException e) {
            close(e.getMessage());
        } catch (RuntimeException e) {
            log.warn("closing the connection to {}: bad message ({})", peer, e.getMessage());
            close("bad message: " + e.getMessage());
        }
    }

    /** Bytes the connection holds for reading now (for tests of this package). */
    int readBufferCapacity() {
        return in.capacity();
    }

    /** A buffer of {@code size} bytes holding what {@code b} holds unread. */
    private static ByteBuffer grown(ByteBuffer b, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(size);
        bigger.put(b);
        bigger.flip();
        return bigger;
    }

    /**
     * Closes the connection after writing what was already sent on it (a script's last messages before
     * it ends), waiting until {@code deadline} (System.nanoTime) at most for the connection to come up
     * and for a slow peer to take them.
     */
    void closeAfterWriting(String why, long deadline) {
        try { // still connecting: wait for the handshake
            up.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long timeoutMillis = Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        io.runPolling(
                () -> {
                    flush();
                    while (!closed.get() && hasUnwritten() && System.nanoTime() < deadline) {
                        LockSupport.parkNanos(
                                TimeUnit.MILLISECONDS.toNanos(1)); // the socket is full: let the peer read
                        flush();
                    }
                },
                timeoutMillis);
        close(why);
    }

    private boolean hasUnwritten() {
        Wire ch = channel;
        return outbox.hasUnwritten() || (ch != null && ch.hasPendingOutput());
    }

    /** Closes the connection (once); the distribution then tells links, monitors and node monitors. */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) return;
        Wire ch = channel;
        try {
            if (ch != null) ch.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        // A registered channel's socket is released by the selector's next select: make it come now.
        io.wakeup();
        outbox.clear();
        up.complete(false);
        listener.closed(this, why);
    }
}
