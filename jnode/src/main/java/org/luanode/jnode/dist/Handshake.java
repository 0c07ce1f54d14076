package org.luanode.jnode.dist;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The distribution handshake of OTP 23+ (version 6, erl_dist_protocol "Distribution Handshake"), as
 * initiator (A) and acceptor (B). Packets carry a 2-byte length. Both sides prove they know the cookie
 * with MD5 digests of each other's random challenge; nothing secret crosses the wire. Over TLS
 * (inet_tls_dist) the same messages carry a 4-byte length.
 */
final class Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The peer as the handshake introduced it. */
    record Peer(String name, long flags, int creation) {}

    /** A refused or broken handshake; the message says why, for the log. */
    static class HandshakeException extends IOException {
        HandshakeException(String message) {
            super(message);
        }
    }

    /**
     * Our attempt was refused with status nok: the peer is connecting to us at the same time, and its
     * attempt wins (its name is greater). Its connection will carry what ours would have.
     */
    static final class LostSimultaneousConnect extends HandshakeException {
        LostSimultaneousConnect(String peer) {
            super(peer + " is connecting to us at the same time; its connection wins");
        }
    }

    /** Decides, on the accepting side, whether a connection from this node may go ahead. */
    interface Admission {
        /** "ok", "ok_simultaneous", "nok", "alive" or "not_allowed" for a node that wants to connect. */
        String admit(String peerName);
    }

    private Handshake() {}

    static Peer initiate(
            DataInputStream in,
            DataOutputStream out,
            String ourName,
            int ourCreation,
            String cookie,
            String expectedPeer)
            throws IOException {
        return initiate(2, in, out, ourName, ourCreation, cookie, expectedPeer, () -> true);
    }

    static Peer initiate(
            DataInputStream in,
            DataOutputStream out,
            String ourName,
            int ourCreation,
            String cookie,
            String expectedPeer,
            BooleanSupplier oldConnectionGone)
            throws IOException {
        return initiate(2, in, out, ourName, ourCreation, cookie, expectedPeer, oldConnectionGone);
    }

    /**
     * The initiator's side. {@code oldConnectionGone}: asked when the peer answers "alive" (it believes
     * it is connected to us): true to replace its connection, false when that connection is real (its
     * own attempt, being accepted or up here), and ours gives way to it. {@code lengthBytes}: the size
     * of each message's length, 2 over TCP, 4 over TLS ({@link Wire#handshakeLengthBytes}).
     */
    static Peer initiate(
            int lengthBytes,
            DataInputStream in,
            DataOutputStream out,
            String ourName,
            int ourCreation,
            String cookie,
            String expectedPeer,
            BooleanSupplier oldConnectionGone)
            throws IOException {
        byte[] name = ourName.getBytes(StandardCharsets.UTF_8);
        packet(
                lengthBytes,
                out,
                ByteBuffer.allocate(15 + name.length)
                        .put((byte) 'N')
                        .putLong(DistFlags.OURS)
                        .putInt(ourCreation)
                        .putShort((short) name.length)
                        .put(name)
                        .array());
        ByteBuffer status = read(in, lengthBytes);
        if (status.get() != 's') throw new HandshakeException("expected a status from " + expectedPeer);
        String s = rest(status);
        switch (s) {
            case "ok", "ok_simultaneous" -> {}
            case "alive" -> {
                if (!oldConnectionGone.getAsBoolean()) {
                    packet(lengthBytes, out, "sfalse".getBytes(StandardCharsets.US_ASCII));
                    throw new LostSimultaneousConnect(expectedPeer);
                }
                packet(lengthBytes, out, "strue".getBytes(StandardCharsets.US_ASCII)); // our old connection is gone
            }
            case "nok" -> throw new LostSimultaneousConnect(expectedPeer);
            default -> throw new HandshakeException(expectedPeer + " refused the connection: " + s);
        }
        ByteBuffer challenge = read(in, lengthBytes);
        if (challenge.get() != 'N')
            throw new HandshakeException(expectedPeer + " does not speak distribution version 6");
        long flags = challenge.getLong();
        int theirChallenge = challenge.getInt();
        int creation = challenge.getInt();
        String peerName = string(challenge, challenge.getShort() & 0xffff);
        checkFlags(peerName, flags);
        if (!peerName.equals(expectedPeer))
            throw new HandshakeException("connected to " + peerName + " instead of " + expectedPeer);
        int ourChallenge = RANDOM.nextInt();
        packet(
                lengthBytes,
                out,
                ByteBuffer.allocate(21)
                        .put((byte) 'r')
                        .putInt(ourChallenge)
                        .put(digest(theirChallenge, cookie))
                        .array());
        ByteBuffer ack = read(in, lengthBytes);
        if (ack.get() != 'a' || ack.remaining() < 16)
            throw new HandshakeException("bad challenge ack from " + peerName);
        byte[] theirDigest = new byte[16];
        ack.get(theirDigest);
        if (!MessageDigest.isEqual(theirDigest, digest(ourChallenge, cookie))) {
            throw new HandshakeException("the cookie of " + peerName + " differs from ours (connection refused)");
        }
        return new Peer(peerName, flags, creation);
    }

    static Peer accept(
            DataInputStream in,
            DataOutputStream out,
            String ourName,
            int ourCreation,
            String cookie,
            Admission admission)
            throws IOException {
        return accept(2, in, out, ourName, ourCreation, cookie, admission);
    }

    /** The acceptor's side; {@code lengthBytes} as for {@link #initiate}. */
    static Peer accept(
            int lengthBytes,
            DataInputStream in,
            DataOutputStream out,
            String ourName,
            int ourCreation,
            String cookie,
            Admission admission)
            throws IOException {
        ByteBuffer hello = read(in, lengthBytes);
        byte tag = hello.get();
        long flags;
        int creation;
        String peerName;
        if (tag == 'N') {
            flags = hello.getLong();
            creation = hello.getInt();
            peerName = string(hello, hello.getShort() & 0xffff);
        } else if (tag == 'n') {
            hello.getShort(); // version 5
            flags = hello.getInt() & 0xffffffffL;
            creation = 0;
            peerName = rest(hello);
            if ((flags & DistFlags.HANDSHAKE_23) == 0) {
                packet(lengthBytes, out, "snot_allowed".getBytes(StandardCharsets.US_ASCII));
                throw new HandshakeException(peerName + " is older than OTP 23 (distribution version 5 only)");
            }
        } else {
            throw new HandshakeException("not a distribution handshake (first byte " + (tag & 0xff) + ")");
        }
        checkFlags(peerName, flags);
        String status = admission.admit(peerName);
        packet(lengthBytes, out, ("s" + status).getBytes(StandardCharsets.US_ASCII));
        if (status.equals("alive")) {
            ByteBuffer answer =
                    read(in, lengthBytes); // "strue": its old connection is gone, replace it; "sfalse": give up
            if (answer.get() != 's' || !rest(answer).equals("true"))
                throw new HandshakeException(peerName + " keeps its old connection");
        } else if (!status.startsWith("ok")) {
            throw new HandshakeException("refused " + peerName + ": " + status);
        }
        int ourChallenge = RANDOM.nextInt();
        byte[] name = ourName.getBytes(StandardCharsets.UTF_8);
        packet(
                lengthBytes,
                out,
                ByteBuffer.allocate(19 + name.length)
                        .put((byte) 'N')
                        .putLong(DistFlags.OURS)
                        .putInt(ourChallenge)
                        .putInt(ourCreation)
                        .putShort((short) name.length)
                        .put(name)
                        .array());
        if (tag == 'n') {
            // An OTP 23+ node that did not know our version sends its missing flag half and creation now.
            ByteBuffer complement = read(in, lengthBytes);
            if (complement.get() != 'c') throw new HandshakeException("expected the complement from " + peerName);
            flags |= (complement.getInt() & 0xffffffffL) << 32;
            creation = complement.getInt();
        }
        ByteBuffer reply = read(in, lengthBytes);
        if (reply.get() != 'r' || reply.remaining() < 20)
            throw new HandshakeException("bad challenge reply from " + peerName);
        int theirChallenge = reply.getInt();
        byte[] theirDigest = new byte[16];
        reply.get(theirDigest);
        if (!MessageDigest.isEqual(theirDigest, digest(ourChallenge, cookie))) {
            throw new HandshakeException("connection attempt from " + peerName + " with a wrong cookie (refused)");
        }
        packet(
                lengthBytes,
                out,
                ByteBuffer.allocate(17)
                        .put((byte) 'a')
                        .put(digest(theirChallenge, cookie))
                        .array());
        return new Peer(peerName, flags, creation);
    }

    private static void checkFlags(String peer, long flags) throws HandshakeException {
        long missing = DistFlags.MANDATORY & ~flags;
        if (missing != 0)
            throw new HandshakeException(peer + " lacks mandatory distribution flags 0x" + Long.toHexString(missing));
    }

    /** MD5 of the cookie followed by the challenge as unsigned decimal text, as dist_util computes it. */
    static byte[] digest(int challenge, String cookie) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(cookie.getBytes(StandardCharsets.ISO_8859_1));
            md5.update(Integer.toUnsignedString(challenge).getBytes(StandardCharsets.US_ASCII));
            return md5.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void packet(int lengthBytes, DataOutputStream out, byte[] body) throws IOException {
        if (lengthBytes == 4) out.writeInt(body.length);
        else out.writeShort(body.length);
        out.write(body);
        out.flush();
    }

    /**
     * The longest handshake message: the challenge, 19 bytes and a node name of 255 characters of up to
     * 4 bytes each. Before the cookie is checked a peer gets no more memory than this.
     */
    static final int MAX_MESSAGE = 19 + 255 * 4;

    private static ByteBuffer read(DataInputStream in, int lengthBytes) throws IOException {
        int length = lengthBytes == 4 ? in.readInt() : in.readUnsignedShort();
        if (length == 0) throw new HandshakeException("empty handshake packet");
        if (length < 0 || length > MAX_MESSAGE) {
            throw new HandshakeException("handshake message of " + Integer.toUnsignedString(length) + " bytes (at most "
                    + MAX_MESSAGE + ")");
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return ByteBuffer.wrap(body);
    }

    private static String string(ByteBuffer b, int length) throws HandshakeException {
        if (length > b.remaining()) throw new HandshakeException("truncated node name");
        byte[] bytes = new byte[length];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String rest(ByteBuffer b) {
        return new String(Arrays.copyOfRange(b.array(), b.position(), b.limit()), StandardCharsets.UTF_8);
    }
}
