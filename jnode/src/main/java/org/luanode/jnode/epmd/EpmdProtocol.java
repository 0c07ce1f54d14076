package org.luanode.jnode.epmd;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * epmd's wire protocol (erts' erl_dist_protocol, "EPMD Protocol"): every request is a 2-byte big-endian
 * length and that many bytes, the first being the request code. This class is the one place that knows
 * the byte layouts: it parses requests and builds replies, with no I/O of its own.
 */
public final class EpmdProtocol {
    private EpmdProtocol() {}

    public static final int DEFAULT_PORT = 4369;

    public static final int ALIVE2_REQ = 120;
    public static final int ALIVE2_RESP = 121;
    public static final int ALIVE2_X_RESP = 118;
    public static final int PORT_PLEASE2_REQ = 122;
    public static final int PORT2_RESP = 119;
    public static final int NAMES_REQ = 110;
    public static final int DUMP_REQ = 100;
    public static final int KILL_REQ = 107;
    public static final int STOP_REQ = 115;

    /** epmd's limit for node names and extra data (MAXSYMLEN), in bytes. */
    public static final int MAX_NAME = 255;

    /** The port for epmd: ERL_EPMD_PORT when set (as erl and epmd read it; -Dluanode.epmd.port first), else 4369. */
    public static int configuredPort() {
        String env = System.getProperty("luanode.epmd.port", System.getenv("ERL_EPMD_PORT"));
        if (env != null && !env.isBlank()) {
            try {
                return Integer.parseInt(env.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ERL_EPMD_PORT is not a port number: " + env);
            }
        }
        return DEFAULT_PORT;
    }

    /** A request, parsed. */
    public sealed interface Request permits Alive2, PortPlease2, Names, Dump, Kill, Stop {}

    /** A node registers: it keeps the connection open for as long as it is registered. */
    public record Alive2(
            int port, int nodeType, int protocol, int highestVersion, int lowestVersion, String name, byte[] extra)
            implements Request {}

    public record PortPlease2(String name) implements Request {}

    public record Names() implements Request {}

    public record Dump() implements Request {}

    public record Kill() implements Request {}

    public record Stop(String name) implements Request {}

    /** A request that does not follow the protocol; the connection gets closed. */
    public static final class ProtocolException extends Exception {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /** Parses one request packet (without its length prefix). */
    public static Request parse(byte[] packet) throws ProtocolException {
        if (packet.length == 0) throw new ProtocolException("empty request");
        ByteBuffer b = ByteBuffer.wrap(packet);
        int code = b.get() & 0xff;
        switch (code) {
            case ALIVE2_REQ -> {
                need(b, 10, "ALIVE2_REQ");
                int port = b.getShort() & 0xffff;
                int nodeType = b.get() & 0xff;
                int protocol = b.get() & 0xff;
                int high = b.getShort() & 0xffff;
                int low = b.getShort() & 0xffff;
                int nameLength = b.getShort() & 0xffff;
                need(b, nameLength, "ALIVE2_REQ node name");
                String name = name(b, nameLength, "ALIVE2_REQ");
                need(b, 2, "ALIVE2_REQ extra length");
                int extraLength = b.getShort() & 0xffff;
                need(b, extraLength, "ALIVE2_REQ extra");
                if (extraLength > MAX_NAME)
                    throw new ProtocolException("ALIVE2_REQ extra data too long (" + extraLength + " bytes)");
                byte[] extra = new byte[extraLength];
                b.get(extra);
                return new Alive2(port, nodeType, protocol, high, low, name, extra);
            }
            case PORT_PLEASE2_REQ -> {
                return new PortPlease2(name(b, trailingNulStripped(b), "PORT_PLEASE2_REQ"));
            }
            case NAMES_REQ -> {
                return new Names();
            }
            case DUMP_REQ -> {
                return new Dump();
            }
            case KILL_REQ -> {
                return new Kill();
            }
            case STOP_REQ -> {
                return new Stop(name(b, trailingNulStripped(b), "STOP_REQ"));
            }
            default -> throw new ProtocolException("unknown request code " + code);
        }
    }

    private static int trailingNulStripped(ByteBuffer b) {
        int n = b.remaining();
        if (n > 0 && b.get(b.limit() - 1) == 0) n--;
        return n;
    }

    private static String name(ByteBuffer b, int length, String request) throws ProtocolException {
        if (length < 1) throw new ProtocolException(request + " without a node name");
        if (length > MAX_NAME)
            throw new ProtocolException(
                    request + " node name too long (" + length + " bytes, at most " + MAX_NAME + ")");
        byte[] bytes = new byte[length];
        b.get(bytes);
        for (byte x : bytes) {
            if (x == 0) throw new ProtocolException(request + " node name contains a NUL byte");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(request + " node name is not UTF-8");
        }
    }

    private static void need(ByteBuffer b, int n, String what) throws ProtocolException {
        if (b.remaining() < n) throw new ProtocolException(what + ": packet too short");
    }

    // ------------------------------------------------------------------ replies

    /** ALIVE2_X_RESP (32-bit creation) for nodes speaking distribution version 6, ALIVE2_RESP before. */
    public static byte[] alive2Reply(boolean ok, int creation, int highestVersion) {
        if (highestVersion >= 6) {
            return ByteBuffer.allocate(6)
                    .put((byte) ALIVE2_X_RESP)
                    .put((byte) (ok ? 0 : 1))
                    .putInt(creation)
                    .array();
        }
        return ByteBuffer.allocate(4)
                .put((byte) ALIVE2_RESP)
                .put((byte) (ok ? 0 : 1))
                .putShort((short) creation)
                .array();
    }

    public static byte[] port2Reply(Alive2 node) {
        byte[] name = node.name().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(14 + name.length + node.extra().length)
                .put((byte) PORT2_RESP)
                .put((byte) 0)
                .putShort((short) node.port())
                .put((byte) node.nodeType())
                .put((byte) node.protocol())
                .putShort((short) node.highestVersion())
                .putShort((short) node.lowestVersion())
                .putShort((short) name.length)
                .put(name)
                .putShort((short) node.extra().length)
                .put(node.extra())
                .array();
    }

    public static byte[] port2NotFound() {
        return new byte[] {(byte) PORT2_RESP, 1};
    }

    /** NAMES_RESP: this mapper's port, then one "name N at port P" line per node. */
    public static byte[] namesReply(int epmdPort, Iterable<Alive2> nodes) {
        StringBuilder text = new StringBuilder();
        for (Alive2 node : nodes)
            text.append("name ")
                    .append(node.name())
                    .append(" at port ")
                    .append(node.port())
                    .append('\n');
        byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + lines.length).putInt(epmdPort).put(lines).array();
    }

    public static byte[] dumpReply(int epmdPort, Iterable<Alive2> nodes) {
        StringBuilder text = new StringBuilder();
        for (Alive2 node : nodes) {
            text.append("active name     <")
                    .append(node.name())
                    .append("> at port ")
                    .append(node.port())
                    .append(", fd = 0\n")
                    .append('\0');
        }
        byte[] lines = text.toString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + lines.length).putInt(epmdPort).put(lines).array();
    }

    /** A request packet with its 2-byte length, as clients send it. */
    public static byte[] frame(byte[] request) {
        return ByteBuffer.allocate(2 + request.length)
                .putShort((short) request.length)
                .put(request)
                .array();
    }

    public static byte[] alive2Request(int port, int nodeType, int high, int low, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(13 + n.length)
                .put((byte) ALIVE2_REQ)
                .putShort((short) port)
                .put((byte) nodeType)
                .put((byte) 0)
                .putShort((short) high)
                .putShort((short) low)
                .putShort((short) n.length)
                .put(n)
                .putShort((short) 0)
                .array();
    }

    public static byte[] nameRequest(int code, String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(1 + n.length).put((byte) code).put(n).array();
    }
}
