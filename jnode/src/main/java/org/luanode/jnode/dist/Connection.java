package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpOutputStream;
import org.luanode.bridge.TermOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.io.EOFException;

/**
 * One connection to another node, after the handshake: 4-byte length-prefixed packets, each a
 * pass-through message (112, the control tuple, and the message or reason when there is one); an empty
 * packet is a tick. One reader and one writer (virtual) thread. Senders only enqueue, so a slow peer
 * never blocks a Lua process, and the writer sends everything queued before it flushes: under load,
 * many messages share one write. Both are virtual threads, like the node's Lua thread; a process
 * computing for a long time lets them use the carriers every few milliseconds.
 */
final class Connection {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    private static final byte[] TICK = new byte[0];
    static final int PASS_THROUGH = 112;

    final String peer;
    private final Distribution distribution;
    private final ConcurrentLinkedQueue<byte[]> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Socket socket;
    private volatile Thread writer;
    private volatile long flags;
    volatile long lastReceived = System.nanoTime();
    volatile long lastSent = System.nanoTime();

    Connection(String peer, Distribution distribution) {
        this.peer = peer;
        this.distribution = distribution;
    }

    boolean isUp() {
        return socket != null && !closed.get();
    }

    /** Whether the handshake had completed (the connection was ever up). */
    boolean wasUp() {
        return socket != null;
    }

    boolean isClosed() {
        return closed.get();
    }

    long flags() {
        return flags;
    }

    /** Starts exchanging messages over a socket whose handshake is done; queued messages go first. */
    void established(Socket s, long peerFlags) throws IOException {
        this.flags = peerFlags;
        DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        this.socket = s;
        lastReceived = System.nanoTime();
        writer = Thread.ofVirtual().name("dist-writer-" + peer).start(() -> writeLoop(out));
        Thread.ofVirtual().name("dist-reader-" + peer).start(() -> readLoop(in));
    }

    /** Queues a control message (and its payload, or null) for the peer. */
    void send(OtpErlangObject control, OtpErlangObject payload) {
        OtpOutputStream o = new TermOutputStream();
        o.write1(PASS_THROUGH);
        o.write1(131);
        o.write_any(control);
        if (payload != null) {
            o.write1(131);
            o.write_any(payload);
        }
        enqueue(o.toByteArray());
    }

    void tick() {
        enqueue(TICK);
    }

    private void enqueue(byte[] packet) {
        if (closed.get()) return;
        outbox.add(packet);
        Thread w = writer;
        if (w != null) LockSupport.unpark(w);
    }

    private void writeLoop(DataOutputStream out) {
        try {
            while (!closed.get()) {
                byte[] packet = outbox.poll();
                if (packet == null) {
                    out.flush();
                    LockSupport.park(this);
                    continue;
                }
                out.writeInt(packet.length);
                out.write(packet);
                lastSent = System.nanoTime();
            }
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        }
    }

    private void readLoop(DataInputStream in) {
        try {
            while (!closed.get()) {
                int length = in.readInt();
                lastReceived = System.nanoTime();
                if (length == 0) continue; // tick
                if (length < 0 || length > Distribution.MAX_PACKET) throw new IOException("packet of " + Integer.toUnsignedString(length) + " bytes");
                byte[] packet = new byte[length];
                in.readFully(packet);
                distribution.dispatch(this, packet);
            }
        } catch (IOException e) {
            close(e instanceof EOFException ? "connection closed by peer" : e.getMessage());
        } catch (RuntimeException e) {
            log.warn("closing the connection to {}: bad message ({})", peer, e.getMessage());
            close("bad message: " + e.getMessage());
        }
    }

    /** Closes the connection (once); the distribution then tells links, monitors and node monitors. */
    void close(String why) {
        if (!closed.compareAndSet(false, true)) return;
        Socket s = socket;
        try {
            if (s != null) s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        Thread w = writer;
        if (w != null) LockSupport.unpark(w);
        outbox.clear();
        distribution.connectionClosed(this, why);
    }
}
