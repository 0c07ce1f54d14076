package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Spawn requests this node sent and not answered yet; thread-safe. */
final class SpawnRequests {
    private record Pending(String node, CompletableFuture<OtpErlangPid> reply, Consumer<OtpErlangPid> onSpawned) {}

    private final Map<OtpErlangRef, Pending> pending = new ConcurrentHashMap<>();

    /** A request about to go out; the returned future completes with the reply. */
    CompletableFuture<OtpErlangPid> sent(OtpErlangRef id, String node, Consumer<OtpErlangPid> onSpawned) {
        CompletableFuture<OtpErlangPid> reply = new CompletableFuture<>();
        pending.put(id, new Pending(node, reply, onSpawned));
        return reply.whenComplete((p, e) -> pending.remove(id));
    }

    /** A SPAWN_REPLY from {@code peer}: the new pid (recorded at once), or why it failed. */
    void replied(OtpErlangRef id, OtpErlangObject result, String peer) {
        Pending p = pending.remove(id);
        if (p == null) return;
        if (result instanceof OtpErlangPid pid) {
            p.onSpawned().accept(pid); // now, before this connection's next packet
            p.reply().complete(pid);
        } else {
            p.reply().completeExceptionally(new IOException("spawn failed on " + peer + ": " + result));
        }
    }

    /** The connection to {@code node} is gone: its requests fail. */
    void nodeDown(String node, String why) {
        pending.forEach((id, p) -> {
            if (p.node().equals(node)) {
                p.reply().completeExceptionally(new IOException("node " + node + " is not connected: " + why));
            }
        });
    }
}
