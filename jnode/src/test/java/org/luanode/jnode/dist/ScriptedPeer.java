package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import org.luanode.jnode.epmd.EpmdClient;

/**
 * A node played by a test: it connects to a node through the port mapper, completes the handshake with
 * our own {@link Handshake}, then sends and expects control messages one by one, or misbehaves on
 * purpose ({@link #sendRaw}). Reads fail after 5 s without a packet.
 */
final class ScriptedPeer implements AutoCloseable {
    final String name;
    final int creation;
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;

    private ScriptedPeer(String name, int creation, Socket socket) throws IOException {
        this.name = name;
        this.creation = creation;
        this.socket = socket;
        socket.setSoTimeout(5000);
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
    }

    /** Connects as {@code name} to {@code node} (registered with the mapper on {@code epmdPort}). */
    static ScriptedPeer connect(int epmdPort, String name, String node, String cookie) throws IOException {
        int port = EpmdClient.local(epmdPort).portPlease(NodeNames.alive(node));
        if (port < 0) throw new IOException(node + " is not registered");
        ScriptedPeer peer = new ScriptedPeer(name, 5, new Socket(InetAddress.getLoopbackAddress(), port));
        try {
            Handshake.initiate(peer.in, peer.out, name, peer.creation, cookie, node);
        } catch (IOException e) {
            peer.close();
            throw e;
        }
        return peer;
    }

    /** A pid of this peer's node. */
    OtpErlangPid pid(int id) {
        return new OtpErlangPid(name, id, 0, creation);
    }

    void send(ControlMessage message, OtpErlangObject payload) throws IOException {
        out.write(ControlCodec.encode(message, payload));
        out.flush();
    }

    /** Bytes as they are, framing included: for peers that break the protocol. */
    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next packet that is not a tick. */
    ControlCodec.Incoming take() throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                if (length == 0) continue;
                return ControlCodec.decode(in.readNBytes(length));
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError(name + ": no packet within 5 s", e);
        }
    }

    /** The next control message, which must be of {@code kind}. */
    <T extends ControlMessage> T expect(Class<T> kind) throws IOException {
        ControlMessage m = take().message();
        if (!kind.isInstance(m)) throw new AssertionError(name + ": expected a " + kind.getSimpleName() + ", got " + m);
        return kind.cast(m);
    }

    /** Waits until the node closes the connection; fails if it does not within 5 s. */
    void awaitClosed() throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                in.skipNBytes(length);
            }
        } catch (EOFException | SocketException closed) {
            // the node closed the connection
        } catch (SocketTimeoutException e) {
            throw new AssertionError(name + ": the connection stayed open", e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
