package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls this node makes into functions of other nodes, by erpc's protocol (what erpc:call does since
 * OTP 23): a spawn request for {@code erpc:execute_call(Ref, M, F, A)} with a monitor, whose DOWN reason
 * is the outcome, {@code {Ref, return, Result}} or an error. The DOWN is taken here, by its reference,
 * and never reaches a process. Thread-safe.
 */
final class OutgoingCalls {
    private static final OtpErlangAtom RETURN = new OtpErlangAtom("return");

    private record Pending(String node, CompletableFuture<OtpErlangObject> result) {}

    private final Map<OtpErlangRef, Pending> pending = new ConcurrentHashMap<>();

    /** A call about to go out under {@code ref} (the spawn request's id, which is also its monitor's). */
    CompletableFuture<OtpErlangObject> sent(OtpErlangRef ref, String node) {
        CompletableFuture<OtpErlangObject> result = new CompletableFuture<>();
        pending.put(ref, new Pending(node, result));
        return result.whenComplete((r, e) -> pending.remove(ref));
    }

    /** The spawn request of a call failed (SPAWN_REPLY with an error); false when {@code ref} is no call. */
    boolean spawnFailed(OtpErlangRef ref, OtpErlangObject reason) {
        Pending p = pending.remove(ref);
        if (p == null) return false;
        p.result().completeExceptionally(new IOException("cannot call on " + p.node() + ": " + reason));
        return true;
    }

    /** A monitor's DOWN: the outcome of a call when {@code ref} is one (true), else false. */
    boolean ended(OtpErlangRef ref, OtpErlangObject reason) {
        Pending p = pending.remove(ref);
        if (p == null) return false;
        if (reason instanceof OtpErlangTuple t
                && t.arity() == 3
                && ref.equals(t.elementAt(0))
                && RETURN.equals(t.elementAt(1))) {
            p.result().complete(t.elementAt(2));
        } else {
            p.result().completeExceptionally(new IOException("call on " + p.node() + " failed: " + reason));
        }
        return true;
    }

    /** The connection to {@code node} is gone: its calls fail. */
    void nodeDown(String node, String why) {
        pending.forEach((ref, p) -> {
            if (p.node().equals(node)) {
                p.result().completeExceptionally(new IOException("node " + node + " is not connected: " + why));
            }
        });
    }
}
