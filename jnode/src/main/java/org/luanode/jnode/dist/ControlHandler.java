package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.TermCodec;
import org.luanode.bridge.TermConversionException;
import org.luanode.jnode.process.NodeSignals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acts on the control messages a peer sends: hands them to the process model ({@link NodeSignals}) and
 * answers what the protocol answers here (noproc for a link or monitor to a process that does not
 * exist, UNLINK_ID_ACK, SPAWN_REPLY). A peer that sends malformed bytes loses its connection; an error
 * of this node's own while handling a well-formed message is logged as such and the connection stays.
 */
final class ControlHandler {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    private static final OtpErlangAtom NOPROC = new OtpErlangAtom("noproc");

    private final NodeSignals signals;
    private final SpawnRequests spawnRequests;
    private final OutgoingCalls calls;

    /** The node a packet came from, and where the answers go. */
    interface Peer {
        String name();

        /** Queues a control message (and its payload, or null) for the peer. */
        void send(ControlMessage message, OtpErlangObject payload);
    }

    ControlHandler(NodeSignals signals, SpawnRequests spawnRequests, OutgoingCalls calls) {
        this.signals = signals;
        this.spawnRequests = spawnRequests;
        this.calls = calls;
    }

    /** Handles one packet from {@code from} (on the thread polling the node's sockets, normally the Lua thread). */
    void packet(Peer from, byte[] packet) {
        ControlCodec.Incoming in = ControlCodec.decode(packet); // MalformedPacket: the peer's fault
        try {
            handle(from, in);
        } catch (Atoms.TableFull e) { // a well-formed message the node cannot take: it goes, the peer stays
            log.warn("dropped {} from {}: {}", in.message(), from.name(), e.getMessage());
        } catch (TermConversionException e) { // a payload that is no term
            throw new ControlCodec.MalformedPacket("malformed payload: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            log.error("internal error handling {} from {}", in.message(), from.name(), e);
        }
    }

    private void handle(Peer from, ControlCodec.Incoming in) {
        switch (in.message()) {
            case ControlMessage.Send s -> {
                if (in.hasPayload()) signals.send(s.to(), in.packet(), in.payloadAt());
            }
            case ControlMessage.RegSend r -> {
                if (!in.hasPayload() || signals.sendByName(r.toName(), in.packet(), in.payloadAt())) return;
                OtpErlangObject message =
                        TermCodec.decodeAt(in.packet(), in.payloadAt()).term();
                NetKernel.unregisteredName(from, r.from(), r.toName(), message);
            }
            case ControlMessage.Link l -> {
                if (!signals.link(l.from(), l.to())) from.send(new ControlMessage.Exit(l.to(), l.from(), NOPROC), null);
            }
            case ControlMessage.Unlink u -> signals.unlink(u.from(), u.to());
            case ControlMessage.UnlinkId u -> {
                signals.unlink(u.from(), u.to());
                from.send(new ControlMessage.UnlinkIdAck(u.id(), u.to(), u.from()), null);
            }
            case ControlMessage.Exit e -> signals.exit(e.from(), e.to(), e.reason(), true);
            case ControlMessage.Exit2 e -> signals.exit(e.from(), e.to(), e.reason(), false);
            case ControlMessage.MonitorP m -> {
                if (NetKernel.isSystemName(m.target())) return; // system services live as long as the node
                if (!signals.monitor(m.watcher(), m.target(), m.ref())) {
                    from.send(new ControlMessage.MonitorPExit(m.target(), m.watcher(), m.ref(), NOPROC), null);
                }
            }
            case ControlMessage.DemonitorP d -> signals.demonitor(d.watcher(), d.target(), d.ref());
            case ControlMessage.MonitorPExit x -> {
                if (!calls.ended(x.ref(), x.reason())) signals.down(x.target(), x.watcher(), x.ref(), x.reason());
            }
            case ControlMessage.SpawnRequest r -> spawnRequest(from, r);
            case ControlMessage.SpawnReply r -> {
                if (r.result() instanceof com.ericsson.otp.erlang.OtpErlangPid
                        || !calls.spawnFailed(r.id(), r.result())) {
                    spawnRequests.replied(r.id(), r.result(), from.name());
                }
            }
            case ControlMessage.UnlinkIdAck ignored -> {}
            case ControlMessage.GroupLeader ignored -> {}
            case ControlMessage.AliasSend a -> {
                if (in.hasPayload()) signals.sendToAlias(a.alias(), in.packet(), in.payloadAt());
            }
            case ControlMessage.Unknown u -> log.debug("ignored control message {} from {}", u.tag(), from.name());
        }
    }

    private void spawnRequest(Peer from, ControlMessage.SpawnRequest r) {
        boolean link = false;
        boolean monitor = false;
        for (OtpErlangObject o : r.options()) {
            if (isAtom(o, "link")) link = true;
            if (isAtom(o, "monitor")) monitor = true;
            if (o instanceof OtpErlangTuple t && t.arity() > 0 && isAtom(t.elementAt(0), "monitor")) monitor = true;
        }
        int flags = (link ? 1 : 0) | (monitor ? 2 : 0);
        NodeSignals.SpawnRequest request =
                new NodeSignals.SpawnRequest(r.id(), r.from(), r.module(), r.function(), r.args(), link, monitor);
        signals.spawnRequest(
                request, result -> from.send(new ControlMessage.SpawnReply(r.id(), r.from(), flags, result), null));
    }

    private static boolean isAtom(OtpErlangObject o, String name) {
        return o instanceof OtpErlangAtom a && a.atomValue().equals(name);
    }
}
