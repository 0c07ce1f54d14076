package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpOutputStream;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermCodec;
import org.luanode.bridge.TermOutputStream;

/**
 * Reads and writes distribution packets: a pass-through byte, the control tuple, and the payload when
 * there is one (erl_dist_protocol, "Protocol between Connected Nodes"). {@link #decode} turns a packet
 * into a {@link ControlMessage}; {@link #encode} writes one, with its 4-byte length, ready to queue.
 */
final class ControlCodec {
    private ControlCodec() {}

    /** A packet of the pass-through kind: no atom cache header (this node negotiates no atom cache). */
    static final int PASS_THROUGH = 112;

    // Control message tags (the first element of the control tuple).
    static final int LINK = 1;
    static final int SEND = 2;
    static final int EXIT = 3;
    static final int UNLINK = 4;
    static final int REG_SEND = 6;
    static final int GROUP_LEADER = 7;
    static final int EXIT2 = 8;
    static final int SEND_TT = 12;
    static final int EXIT_TT = 13;
    static final int REG_SEND_TT = 16;
    static final int EXIT2_TT = 18;
    static final int MONITOR_P = 19;
    static final int DEMONITOR_P = 20;
    static final int MONITOR_P_EXIT = 21;
    static final int SEND_SENDER = 22;
    static final int SEND_SENDER_TT = 23;
    static final int PAYLOAD_EXIT = 24;
    static final int PAYLOAD_EXIT_TT = 25;
    static final int PAYLOAD_EXIT2 = 26;
    static final int PAYLOAD_EXIT2_TT = 27;
    static final int PAYLOAD_MONITOR_P_EXIT = 28;
    static final int SPAWN_REQUEST = 29;
    static final int SPAWN_REQUEST_TT = 30;
    static final int SPAWN_REPLY = 31;
    static final int SPAWN_REPLY_TT = 32;
    static final int ALIAS_SEND = 33;
    static final int ALIAS_SEND_TT = 34;
    static final int UNLINK_ID = 35;
    static final int UNLINK_ID_ACK = 36;

    /** The unused 'from' of SEND: an empty atom, as erts writes it. */
    private static final OtpErlangAtom UNUSED = new OtpErlangAtom("");

    /** A packet read: its control message, and where its payload starts (the packet's length: none). */
    record Incoming(ControlMessage message, byte[] packet, int payloadAt) {
        boolean hasPayload() {
            return payloadAt < packet.length;
        }
    }

    /** A packet the peer sent that is not a control message this node can read; the peer's fault. */
    static final class MalformedPacket extends RuntimeException {
        MalformedPacket(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads one packet (without its length). Throws {@link MalformedPacket} when it is not a control message. */
    static Incoming decode(byte[] packet) {
        if (packet.length == 0 || (packet[0] & 0xff) != PASS_THROUGH) {
            int type = packet.length == 0 ? -1 : packet[0] & 0xff;
            throw new MalformedPacket("unsupported message type " + type + " (no atom cache was negotiated)", null);
        }
        try {
            TermCodec.Decoded control = TermCodec.decodeControlAt(packet, 1);
            if (!(control.term() instanceof OtpErlangTuple t)
                    || t.arity() == 0
                    || !(element(t, 0) instanceof OtpErlangLong tag)) {
                throw new MalformedPacket("not a control message: " + control.term(), null);
            }
            int payloadAt = control.end();
            return new Incoming(message((int) tag.longValue(), t, packet, payloadAt), packet, payloadAt);
        } catch (MalformedPacket e) {
            throw e;
        } catch (RuntimeException e) { // a wrong type or arity in the tuple, or bytes that are no term
            throw new MalformedPacket("malformed control message: " + e, e);
        }
    }

    private static ControlMessage message(int tag, OtpErlangTuple t, byte[] packet, int payloadAt) {
        return switch (tag) {
            case SEND, SEND_TT -> new ControlMessage.Send(null, pid(t, 2));
            case SEND_SENDER, SEND_SENDER_TT -> new ControlMessage.Send(pid(t, 1), pid(t, 2));
            case REG_SEND, REG_SEND_TT -> new ControlMessage.RegSend(pid(t, 1), atom(t, 3));
            case LINK -> new ControlMessage.Link(pid(t, 1), pid(t, 2));
            case UNLINK -> new ControlMessage.Unlink(pid(t, 1), pid(t, 2));
            case UNLINK_ID -> new ControlMessage.UnlinkId(number(t, 1), pid(t, 2), pid(t, 3));
            case UNLINK_ID_ACK -> new ControlMessage.UnlinkIdAck(number(t, 1), pid(t, 2), pid(t, 3));
            case EXIT -> new ControlMessage.Exit(pid(t, 1), pid(t, 2), element(t, 3));
            case EXIT_TT ->
                new ControlMessage.Exit(pid(t, 1), pid(t, 2), element(t, 4)); // {13, From, To, Token, Reason}
            case PAYLOAD_EXIT, PAYLOAD_EXIT_TT ->
                new ControlMessage.Exit(pid(t, 1), pid(t, 2), payload(packet, payloadAt));
            case EXIT2 -> new ControlMessage.Exit2(pid(t, 1), pid(t, 2), element(t, 3));
            case EXIT2_TT -> new ControlMessage.Exit2(pid(t, 1), pid(t, 2), element(t, 4));
            case PAYLOAD_EXIT2, PAYLOAD_EXIT2_TT ->
                new ControlMessage.Exit2(pid(t, 1), pid(t, 2), payload(packet, payloadAt));
            case GROUP_LEADER -> new ControlMessage.GroupLeader(pid(t, 1), pid(t, 2));
            case MONITOR_P -> new ControlMessage.MonitorP(pid(t, 1), element(t, 2), ref(t, 3));
            case DEMONITOR_P -> new ControlMessage.DemonitorP(pid(t, 1), element(t, 2), ref(t, 3));
            case MONITOR_P_EXIT -> new ControlMessage.MonitorPExit(element(t, 1), pid(t, 2), ref(t, 3), element(t, 4));
            case PAYLOAD_MONITOR_P_EXIT ->
                new ControlMessage.MonitorPExit(element(t, 1), pid(t, 2), ref(t, 3), payload(packet, payloadAt));
            case SPAWN_REQUEST, SPAWN_REQUEST_TT -> spawnRequest(t, payload(packet, payloadAt));
            case SPAWN_REPLY, SPAWN_REPLY_TT ->
                new ControlMessage.SpawnReply(ref(t, 1), pid(t, 2), (int) number(t, 3), element(t, 4));
            case ALIAS_SEND, ALIAS_SEND_TT -> new ControlMessage.AliasSend(pid(t, 1), ref(t, 2));
            default -> new ControlMessage.Unknown(tag);
        };
    }

    private static ControlMessage spawnRequest(OtpErlangTuple t, OtpErlangObject payload) {
        OtpErlangTuple mfa = (OtpErlangTuple) element(t, 4);
        OtpErlangList args = payload == null ? null : TermBridge.asList(payload); // [1, 2] arrives as a string
        OtpErlangList options = element(t, 5) instanceof OtpErlangList l ? l : new OtpErlangList();
        return new ControlMessage.SpawnRequest(
                ref(t, 1),
                pid(t, 2),
                pid(t, 3),
                ((OtpErlangAtom) mfa.elementAt(0)).atomValue(),
                ((OtpErlangAtom) mfa.elementAt(1)).atomValue(),
                options,
                args == null ? new OtpErlangList() : args);
    }

    private static OtpErlangObject payload(byte[] packet, int at) {
        return at < packet.length ? TermCodec.decodeAt(packet, at).term() : null;
    }

    /** Element {@code i}; a tuple too short for its tag is malformed. */
    private static OtpErlangObject element(OtpErlangTuple t, int i) {
        if (i >= t.arity()) throw new MalformedPacket("control message " + t + " is too short", null);
        return t.elementAt(i);
    }

    private static OtpErlangPid pid(OtpErlangTuple t, int i) {
        return (OtpErlangPid) element(t, i);
    }

    private static OtpErlangRef ref(OtpErlangTuple t, int i) {
        return (OtpErlangRef) element(t, i);
    }

    private static String atom(OtpErlangTuple t, int i) {
        return ((OtpErlangAtom) element(t, i)).atomValue();
    }

    private static long number(OtpErlangTuple t, int i) {
        return ((OtpErlangLong) element(t, i)).longValue();
    }

    // ------------------------------------------------------------------ writing

    /** A packet, with its 4-byte length, for a control message and its payload (null: none). */
    static byte[] encode(ControlMessage m, OtpErlangObject payload) {
        OtpOutputStream o = new TermOutputStream();
        o.write4BE(0); // the packet's length, filled in below
        o.write1(PASS_THROUGH);
        o.write1(131);
        o.write_any(tuple(m));
        if (payload != null) {
            o.write1(131);
            o.write_any(payload);
        }
        o.poke4BE(0, o.size() - 4);
        return o.toByteArray();
    }

    /** The control tuple of a message (its payload, where the protocol has one, is written apart). */
    static OtpErlangTuple tuple(ControlMessage m) {
        return switch (m) {
            case ControlMessage.Send s ->
                s.from() == null ? tuple(SEND, UNUSED, s.to()) : tuple(SEND_SENDER, s.from(), s.to());
            case ControlMessage.RegSend r -> tuple(REG_SEND, r.from(), UNUSED, new OtpErlangAtom(r.toName()));
            case ControlMessage.Link l -> tuple(LINK, l.from(), l.to());
            case ControlMessage.Unlink u -> tuple(UNLINK, u.from(), u.to());
            case ControlMessage.UnlinkId u -> tuple(UNLINK_ID, new OtpErlangLong(u.id()), u.from(), u.to());
            case ControlMessage.UnlinkIdAck u -> tuple(UNLINK_ID_ACK, new OtpErlangLong(u.id()), u.from(), u.to());
            case ControlMessage.Exit e -> tuple(EXIT, e.from(), e.to(), e.reason());
            case ControlMessage.Exit2 e -> tuple(EXIT2, e.from(), e.to(), e.reason());
            case ControlMessage.GroupLeader g -> tuple(GROUP_LEADER, g.from(), g.to());
            case ControlMessage.MonitorP mp -> tuple(MONITOR_P, mp.watcher(), mp.target(), mp.ref());
            case ControlMessage.DemonitorP d -> tuple(DEMONITOR_P, d.watcher(), d.target(), d.ref());
            case ControlMessage.MonitorPExit x -> tuple(MONITOR_P_EXIT, x.target(), x.watcher(), x.ref(), x.reason());
            case ControlMessage.SpawnRequest r ->
                tuple(
                        SPAWN_REQUEST,
                        r.id(),
                        r.from(),
                        r.groupLeader(),
                        new OtpErlangTuple(new OtpErlangObject[] {
                            new OtpErlangAtom(r.module()),
                            new OtpErlangAtom(r.function()),
                            new OtpErlangLong(r.args().arity())
                        }),
                        r.options());
            case ControlMessage.SpawnReply r ->
                tuple(SPAWN_REPLY, r.id(), r.to(), new OtpErlangLong(r.flags()), r.result());
            case ControlMessage.AliasSend a -> tuple(ALIAS_SEND, a.from(), a.alias());
            case ControlMessage.Unknown u ->
                throw new IllegalArgumentException("cannot send unknown control message " + u.tag());
        };
    }

    private static OtpErlangTuple tuple(int tag, OtpErlangObject... rest) {
        OtpErlangObject[] e = new OtpErlangObject[rest.length + 1];
        e[0] = new OtpErlangLong(tag);
        System.arraycopy(rest, 0, e, 1, rest.length);
        return new OtpErlangTuple(e);
    }
}
