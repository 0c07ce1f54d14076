package org.luanode.jnode.dist;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/** Distribution over plain TCP (inet_tcp_dist, inet6_tcp_dist): the socket itself. */
record PlainWire(SocketChannel socket) implements Wire {
    @Override
    public InputStream handshakeInput() throws IOException {
        return socket.socket().getInputStream(); // the socket's own stream honours its timeout
    }

    @Override
    public OutputStream handshakeOutput() throws IOException {
        return socket.socket().getOutputStream();
    }

    @Override
    public int handshakeLengthBytes() {
        return 2;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return socket.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return socket.write(src);
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
