package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;

/**
 * The control messages of the distribution protocol (erl_dist_protocol, "Protocol between Connected
 * Nodes") as typed values; {@link ControlCodec} reads and writes them. A reason or argument list that
 * the protocol carries in the payload (PAYLOAD_EXIT, SPAWN_REQUEST) is part of the record; a message
 * (SEND, REG_SEND) stays in the packet until its receiver is known. Trace tokens are read and dropped.
 */
sealed interface ControlMessage {
    /** SEND, SEND_SENDER (and _TT): a message to a pid; {@code from} is null when not given. */
    record Send(OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    /** REG_SEND (and _TT): a message to a registered name. */
    record RegSend(OtpErlangPid from, String toName) implements ControlMessage {}

    record Link(OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    /** UNLINK (before OTP 26's UNLINK_ID). */
    record Unlink(OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    record UnlinkId(long id, OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    record UnlinkIdAck(long id, OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    /** EXIT, PAYLOAD_EXIT (and _TT): a linked process ended. */
    record Exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason) implements ControlMessage {}

    /** EXIT2, PAYLOAD_EXIT2 (and _TT): erlang:exit/2. */
    record Exit2(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason) implements ControlMessage {}

    record GroupLeader(OtpErlangPid from, OtpErlangPid to) implements ControlMessage {}

    /** MONITOR_P: {@code target} is a pid or a registered name (an atom). */
    record MonitorP(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) implements ControlMessage {}

    record DemonitorP(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) implements ControlMessage {}

    /** MONITOR_P_EXIT, PAYLOAD_MONITOR_P_EXIT: a monitored process ended. */
    record MonitorPExit(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason)
            implements ControlMessage {}

    /** SPAWN_REQUEST (and _TT): {@code options} is erlang:spawn_opt's option list. */
    record SpawnRequest(
            OtpErlangRef id,
            OtpErlangPid from,
            OtpErlangPid groupLeader,
            String module,
            String function,
            OtpErlangList options,
            OtpErlangList args)
            implements ControlMessage {}

    /** SPAWN_REPLY (and _TT): {@code result} is the new pid, or an error reason. */
    record SpawnReply(OtpErlangRef id, OtpErlangPid to, int flags, OtpErlangObject result) implements ControlMessage {}

    /** ALIAS_SEND (and _TT): a message to a process alias. */
    record AliasSend(OtpErlangPid from, OtpErlangRef alias) implements ControlMessage {}

    /** A control message this node does not act on. */
    record Unknown(int tag) implements ControlMessage {}
}
