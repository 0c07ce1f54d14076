package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The process model's side of {@link NodeSignals}: what other nodes send, applied to local processes. */
final class IncomingSignals implements NodeSignals {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");

    private final ProcessRuntime runtime;
    private final Relationships rel;
    volatile Distributed.SpawnHandler spawnHandler;

    IncomingSignals(ProcessRuntime runtime) {
        this.runtime = runtime;
        this.rel = runtime.relationships;
    }

    private void lock() {
        runtime.lock.lock();
    }

    private void unlock() {
        runtime.lock.unlock();
    }

    @Override
    public void send(OtpErlangPid to, byte[] packet, int offset) {
        ErlangProcess p = runtime.table.get(to);
        if (p != null) runtime.deliver(p, runtime.terms.decodeMessage(packet, offset));
    }

    @Override
    public boolean sendByName(String name, byte[] packet, int offset) {
        ErlangProcess p = runtime.registry.whereis(name);
        if (p == null) return false;
        runtime.deliver(p, runtime.terms.decodeMessage(packet, offset));
        return true;
    }

    @Override
    public void sendToAlias(OtpErlangRef alias, byte[] packet, int offset) {
        ErlangProcess p = runtime.aliases.target(alias);
        if (p != null) runtime.deliver(p, runtime.terms.decodeMessage(packet, offset));
    }

    @Override
    public boolean link(OtpErlangPid from, OtpErlangPid to) {
        ErlangProcess p = runtime.table.get(to);
        if (p == null) return false;
        lock();
        try {
            if (!p.isAlive()) return false;
            rel.links.add(p, from);
            return true;
        } finally {
            unlock();
        }
    }

    @Override
    public void unlink(OtpErlangPid from, OtpErlangPid to) {
        ErlangProcess p = runtime.table.get(to);
        if (p == null) return;
        lock();
        try {
            rel.links.remove(p, from);
        } finally {
            unlock();
        }
    }

    @Override
    public void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink) {
        ErlangProcess p = runtime.table.get(to);
        if (p == null || reason == null) return;
        lock();
        try {
            if (viaLink && !rel.links.remove(p, from)) return; // not linked (any more)
            rel.exits.signalLocked(p, from, reason, viaLink);
        } finally {
            unlock();
        }
    }

    @Override
    public boolean monitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        ErlangProcess p = rel.localTarget(target);
        if (p == null) return false;
        lock();
        try {
            if (!p.isAlive()) return false;
            rel.monitors.add(new Monitors.Monitor(ref, watcher, target, watcher.node(), null), null, p);
            return true;
        } finally {
            unlock();
        }
    }

    @Override
    public void demonitor(OtpErlangPid watcher, OtpErlangObject target, OtpErlangRef ref) {
        ErlangProcess p = rel.localTarget(target);
        if (p == null) return;
        lock();
        try {
            rel.monitors.removeOn(p, ref);
        } finally {
            unlock();
        }
    }

    @Override
    public void down(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason) {
        ErlangProcess p = runtime.table.get(watcher);
        if (p == null || reason == null) return;
        lock();
        try {
            Monitors.Monitor m = rel.monitors.removeHeld(p, ref);
            if (m != null) runtime.deliverLocked(p, new Signal.Down(ref, m.namedAs(), reason));
        } finally {
            unlock();
        }
    }

    @Override
    public void spawnRequest(SpawnRequest request, Consumer<OtpErlangObject> reply) {
        Distributed.SpawnHandler handler = spawnHandler;
        if (handler == null) {
            reply.accept(Distributed.NOT_SUPPORTED);
            return;
        }
        OtpErlangPid requester = request.requester();
        Object outcome = handler.spawn(request.module(), request.function(), request.args(), child -> {
            if (request.link()) rel.links.add(child, requester);
            if (request.monitor()) {
                rel.monitors.add(
                        new Monitors.Monitor(request.id(), requester, child.pid(), requester.node(), null),
                        null,
                        child);
            }
            reply.accept(child.pid());
        });
        if (outcome instanceof OtpErlangObject error) reply.accept(error);
    }

    @Override
    public void nodeUp(String node, boolean visible) {
        log.debug("nodeup {}", node);
        if (visible) runtime.nodeWatchers.nodeUp(node);
    }

    @Override
    public void nodeDown(String node, boolean visible) {
        rel.nodeDown(node);
        if (visible) runtime.nodeWatchers.nodeDown(node);
    }
}
