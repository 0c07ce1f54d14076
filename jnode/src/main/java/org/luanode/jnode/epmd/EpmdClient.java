package org.luanode.jnode.epmd;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Talks to an epmd (the real one or {@link PortMapper}) as nodes and the epmd command do. */
public final class EpmdClient {
    private static final int TIMEOUT_MS = 5000;

    private final InetAddress host;
    private final int port;

    public EpmdClient(InetAddress host, int port) {
        this.host = host;
        this.port = port;
    }

    public static EpmdClient local(int port) {
        return new EpmdClient(InetAddress.getLoopbackAddress(), port);
    }

    /** True when something answers NAMES_REQ on the port. */
    public boolean isRunning() {
        try {
            names();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The NAMES_RESP text: one "name N at port P" line per registered node. */
    public String names() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(EpmdProtocol.frame(new byte[] {(byte) EpmdProtocol.NAMES_REQ}));
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readInt(); // the mapper's own port
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The distribution port of a node, or -1 when it is not registered. */
    public int portPlease(String name) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write(EpmdProtocol.frame(EpmdProtocol.nameRequest(EpmdProtocol.PORT_PLEASE2_REQ, name)));
            DataInputStream in = new DataInputStream(s.getInputStream());
            int code = in.readUnsignedByte();
            if (code != EpmdProtocol.PORT2_RESP) throw new IOException("unexpected reply code " + code);
            if (in.readUnsignedByte() != 0) return -1;
            return in.readUnsignedShort();
        }
    }

    /** STOP_REQ: the reply text ("STOPPED", "NOEXIST"), or empty when the mapper refused silently. */
    public String stop(String name) throws IOException {
        return textRequest(EpmdProtocol.nameRequest(EpmdProtocol.STOP_REQ, name));
    }

    /** KILL_REQ: "OK" when the mapper stops, "NO" when it refuses. */
    public String kill() throws IOException {
        return textRequest(new byte[] {(byte) EpmdProtocol.KILL_REQ});
    }

    private String textRequest(byte[] request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(EpmdProtocol.frame(request));
            return new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    /**
     * Registers a node (ALIVE2_REQ, distribution version 6). The registration lasts until the returned
     * handle is closed. Throws when the name is taken.
     */
    public Registration register(String name, int distributionPort) throws IOException {
        Socket s = connect();
        try {
            s.setSoTimeout(0);
            s.getOutputStream().write(EpmdProtocol.frame(EpmdProtocol.alive2Request(distributionPort, 77, 6, 6, name)));
            DataInputStream in = new DataInputStream(s.getInputStream());
            s.setSoTimeout(TIMEOUT_MS);
            int code = in.readUnsignedByte();
            int result = in.readUnsignedByte();
            int creation = code == EpmdProtocol.ALIVE2_X_RESP ? in.readInt() : in.readUnsignedShort();
            if (result != 0) throw new IOException("epmd refused to register '" + name + "' (the name is taken?)");
            s.setSoTimeout(0);
            return new Registration(s, creation);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** A live registration: the open connection to the mapper and the creation it gave. */
    public record Registration(Socket socket, int creation) implements Closeable {
        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
