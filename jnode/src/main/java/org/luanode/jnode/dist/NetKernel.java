package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The part of the kernel's {@code net_kernel} that other nodes expect every node to run:
 * {@code net_adm:ping/1} asks it whether we accept the caller. Messages to other names nobody here
 * registered are dropped, as Erlang drops them.
 */
final class NetKernel {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    private static final OtpErlangAtom YES = new OtpErlangAtom("yes");

    private NetKernel() {}

    /** Whether a name is one of the node's built-in services, which live as long as the node. */
    static boolean isSystemName(OtpErlangObject target) {
        return target instanceof OtpErlangAtom a && a.atomValue().equals("net_kernel");
    }

    /**
     * A message to a name no process registered: the answer to send back on {@code connection} for a
     * request to a built-in service, else nothing.
     */
    static void unregisteredName(
            ControlHandler.Peer connection, OtpErlangPid from, String toName, OtpErlangObject message) {
        // net_adm:ping/1: {'$gen_call', {Pid, Tag}, {is_auth, Node}}, answered {Tag, yes}
        if (toName.equals("net_kernel")
                && message instanceof OtpErlangTuple call
                && call.arity() == 3
                && call.elementAt(0) instanceof OtpErlangAtom a
                && a.atomValue().equals("$gen_call")
                && call.elementAt(1) instanceof OtpErlangTuple replyTo
                && replyTo.arity() == 2
                && replyTo.elementAt(0) instanceof OtpErlangPid caller) {
            OtpErlangTuple answer = new OtpErlangTuple(new OtpErlangObject[] {replyTo.elementAt(1), YES});
            connection.send(new ControlMessage.Send(null, caller), answer);
            return;
        }
        log.debug("dropped a message to unregistered name {} from {}", toName, from);
    }
}
