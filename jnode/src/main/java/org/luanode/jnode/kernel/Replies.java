package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;

/** gen_server's reply for servers written in Java. */
final class Replies {
    private static final OtpErlangAtom ALIAS = new OtpErlangAtom("alias");

    private Replies() {}

    /**
     * {Tag, Answer} to the caller named by a call's From, {Pid, Tag}: through the caller's alias when its
     * tag is [alias | Alias], as OTP 24+ callers (and luanode's concurrent.call) make it.
     */
    static void reply(ProcessRuntime runtime, ErlangProcess self, OtpErlangTuple from, OtpErlangObject answer) {
        OtpErlangObject tag = from.elementAt(1);
        OtpErlangObject message = new OtpErlangTuple(new OtpErlangObject[] {tag, answer});
        if (tag instanceof OtpErlangList l
                && l.arity() == 1
                && ALIAS.equals(l.elementAt(0))
                && l.getLastTail() instanceof OtpErlangRef alias) {
            runtime.aliases().send(self, alias, message);
        } else {
            runtime.send(self, (OtpErlangPid) from.elementAt(0), message);
        }
    }
}
