package org.luanode.bench;

import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The stock-JInterface peer of the cross-node round trip: an OtpNode whose mailbox 'echo' answers
 * {ReplyTo, Payload} with Payload, as the Lua and BEAM echo servers do; it exits when its standard input
 * ends. Usage: JInterfaceEcho NODE COOKIE
 */
public final class JInterfaceEcho {
    public static void main(String[] args) throws Exception {
        OtpNode node = new OtpNode(args[0], args[1]);
        OtpMbox mbox = node.createMbox("echo");
        // Started as a port of the bench driver: its standard input ends when the driver does, crashed or not.
        Thread.ofPlatform().daemon().start(() -> {
            try {
                System.in.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // a broken pipe is an end as well
            }
            System.exit(0);
        });
        System.out.println("jinterface echo ready");
        while (true) {
            OtpErlangTuple m = (OtpErlangTuple) mbox.receive();
            mbox.send((OtpErlangPid) m.elementAt(0), m.elementAt(1));
        }
    }
}
