package org.luanode.jnode.dist;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * Distribution over TLS (inet_tls_dist): an {@link SSLEngine} between the connection and its socket, so
 * the one polling thread keeps driving every connection, encrypted or not. While the socket blocks (the
 * TLS handshake, then the distribution handshake on their own thread) ciphertext moves through the
 * socket's streams, which honour its timeout; once non-blocking, through the channel: a read unwraps
 * what the socket has, a write wraps what fits and keeps the ciphertext the socket did not take for the
 * next write.
 *
 * <p>Used by one thread at a time (the handshake's, then the poll loop's), so it needs no lock.
 */
final class TlsWire implements Wire {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel socket;
    private final SSLEngine engine;
    private final InputStream socketIn;
    private final OutputStream socketOut;
    /** Ciphertext read and not yet unwrapped (filling: position = end of data). */
    private ByteBuffer netIn;
    /** Plaintext unwrapped and not yet read (draining: position..limit). */
    private ByteBuffer appIn;
    /** Ciphertext wrapped and not yet written (draining: position..limit). */
    private ByteBuffer netOut;
    /** The last read stopped with its buffer full: more plaintext may come without the socket. */
    private boolean stoppedFull;

    private boolean inputEnded;

    private TlsWire(SocketChannel socket, SSLEngine engine) throws IOException {
        this.socket = socket;
        this.engine = engine;
        this.socketIn = socket.socket().getInputStream();
        this.socketOut = socket.socket().getOutputStream();
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize())
                .flip();
        netOut = ByteBuffer.allocate(packet).flip();
    }

    /** Runs the TLS handshake on a connected, blocking socket; throws (with TLS's reason) when it fails. */
    static TlsWire handshake(SocketChannel socket, SSLEngine engine) throws IOException {
        TlsWire wire = new TlsWire(socket, engine);
        wire.runHandshake();
        return wire;
    }

    private void runHandshake() throws IOException {
        try {
            engine.beginHandshake();
            while (true) {
                switch (engine.getHandshakeStatus()) {
                    case NEED_WRAP -> {
                        wrap(NOTHING);
                        writeNet();
                    }
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (unwrap() == Status.BUFFER_UNDERFLOW && readNet() < 0)
                            throw new EOFException("the peer closed the connection during the TLS handshake");
                    }
                    case NEED_TASK -> runTasks();
                    case FINISHED, NOT_HANDSHAKING -> {
                        return;
                    }
                }
            }
        } catch (SSLException e) {
            sendAlert();
            throw new SSLException("TLS handshake failed: " + e.getMessage(), e);
        }
    }

    /** After a failed handshake the engine holds an alert saying why: the peer's log shows it. */
    private void sendAlert() {
        try {
            engine.closeOutbound();
            for (int i = 0; i < 4 && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP; i++) {
                wrap(NOTHING);
                writeNet();
            }
        } catch (IOException | RuntimeException ignored) {
            // the handshake failed already; the alert is a courtesy
        }
    }

    @Override
    public SocketChannel socket() {
        return socket;
    }

    @Override
    public InputStream handshakeInput() {
        return Channels.newInputStream(this);
    }

    @Override
    public OutputStream handshakeOutput() {
        return Channels.newOutputStream(this);
    }

    @Override
    public int handshakeLengthBytes() {
        return 4;
    }

    @Override
    public boolean hasBufferedInput() {
        return stoppedFull;
    }

    @Override
    public boolean hasPendingOutput() {
        return netOut.hasRemaining();
    }

    /**
     * Plaintext into {@code dst}: what was unwrapped before, then what the socket has. Blocking, returns
     * once there is some; non-blocking, reads until {@code dst} is full or the socket has no more.
     */
    @Override
    public int read(ByteBuffer dst) throws IOException {
        stoppedFull = false;
        int total = 0;
        while (dst.hasRemaining()) {
            if (appIn.hasRemaining()) {
                total += transfer(appIn, dst);
                continue;
            }
            if (inputEnded) break;
            Status status = unwrap();
            if (status == Status.CLOSED) {
                inputEnded = true; // close_notify
            } else if (status == Status.BUFFER_UNDERFLOW) {
                if (total > 0 && socket.isBlocking()) break; // a blocking reader gets what there is
                int n = readNet();
                if (n < 0) inputEnded = true;
                if (n == 0) break;
            }
            afterUnwrap();
        }
        if (!dst.hasRemaining()) stoppedFull = true;
        return total == 0 && inputEnded ? -1 : total;
    }

    /** TLS 1.3 may answer what it read (a key update) or hand out work; do both. */
    private void afterUnwrap() throws IOException {
        HandshakeStatus hs = engine.getHandshakeStatus();
        if (hs == HandshakeStatus.NEED_TASK) runTasks();
        if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
            wrap(NOTHING);
            writeNet();
        }
    }

    /**
     * Wraps as much of {@code src} as the socket takes now; returns the plaintext bytes taken. Ciphertext
     * the socket left over goes first at the next write, and nothing new is taken until it has gone.
     */
    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!writeNet()) return 0;
        int consumed = 0;
        while (src.hasRemaining()) {
            consumed += wrap(src);
            if (!writeNet()) break;
        }
        return consumed;
    }

    private int wrap(ByteBuffer src) throws IOException {
        while (true) {
            netOut.compact();
            SSLEngineResult r;
            try {
                r = engine.wrap(src, netOut);
            } finally {
                netOut.flip();
            }
            switch (r.getStatus()) {
                case OK -> {
                    return r.bytesConsumed();
                }
                case BUFFER_OVERFLOW ->
                    netOut = grown(netOut, engine.getSession().getPacketBufferSize());
                case CLOSED -> throw new IOException("the TLS connection is closed");
                case BUFFER_UNDERFLOW -> throw new IllegalStateException("wrap wants more input");
            }
        }
    }

    /** Unwraps one record if a whole one is here; grows the buffers when TLS asks for more room. */
    private Status unwrap() throws IOException {
        while (true) {
            netIn.flip();
            appIn.compact();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
                appIn.flip();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW ->
                    appIn = grownDraining(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (netIn.remaining() == 0)
                        netIn = grownFilling(netIn, engine.getSession().getPacketBufferSize());
                    return r.getStatus();
                }
                default -> {
                    return r.getStatus();
                }
            }
        }
    }

    private int readNet() throws IOException {
        if (!socket.isBlocking()) return socket.read(netIn);
        int n = socketIn.read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        if (n > 0) netIn.position(netIn.position() + n);
        return n;
    }

    /** Writes pending ciphertext; true when none is left (always, while blocking). */
    private boolean writeNet() throws IOException {
        if (!netOut.hasRemaining()) return true;
        if (socket.isBlocking()) {
            socketOut.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
            socketOut.flush();
            netOut.position(netOut.limit());
            return true;
        }
        socket.write(netOut);
        return !netOut.hasRemaining();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) task.run();
    }

    private static int transfer(ByteBuffer from, ByteBuffer to) {
        int n = Math.min(from.remaining(), to.remaining());
        ByteBuffer slice = from.slice(from.position(), n);
        to.put(slice);
        from.position(from.position() + n);
        return n;
    }

    /** A draining buffer with room for at least {@code size} more bytes, keeping what it holds. */
    private static ByteBuffer grownDraining(ByteBuffer b, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(b.remaining() + Math.max(size, b.capacity()));
        bigger.put(b).flip();
        return bigger;
    }

    /** A filling buffer twice as big (at least {@code size}), keeping what it holds. */
    private static ByteBuffer grownFilling(ByteBuffer b, int size) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(size, 2 * b.capacity()));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private static ByteBuffer grown(ByteBuffer draining, int size) {
        return grownDraining(draining, size);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /**
     * Closes the socket. No close_notify: closing may happen on any thread, and only the polling thread
     * may drive the engine; the peer sees the connection end all the same.
     */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
