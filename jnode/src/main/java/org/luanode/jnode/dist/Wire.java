package org.luanode.jnode.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connection's bytes as the distribution sees them, over its socket: plain TCP ({@link PlainWire}) or
 * TLS ({@link TlsWire}). The handshake uses it blocking, through streams (on the handshake's own
 * thread, with the socket's timeout); then the connection reads and writes it non-blocking, as a
 * channel, on the polling thread. Never both at once.
 */
interface Wire extends ByteChannel {
    /** The socket underneath, which the poll loop watches. */
    SocketChannel socket();

    /** For the handshake: reads no byte past what it is asked for (the rest belongs to the connection). */
    InputStream handshakeInput() throws IOException;

    OutputStream handshakeOutput() throws IOException;

    /**
     * Bytes of each handshake message's length: 2 over TCP; 4 over TLS, where OTP's inet_tls_dist frames
     * the whole connection, its handshake too, as packets of 4.
     */
    int handshakeLengthBytes();

    /** Bytes that a read would give now with nothing more from the socket (so no poll would report them). */
    default boolean hasBufferedInput() {
        return false;
    }

    /** Bytes taken by a write but not yet on the socket. */
    default boolean hasPendingOutput() {
        return false;
    }

    /** Switches the socket to non-blocking, for the connection, after the handshake. */
    default void startNonBlocking() throws IOException {
        socket().configureBlocking(false);
    }
}
