package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Links, monitors, node monitors and exit signals between processes, wherever they live: one code path
 * for a target on this node or another (the {@link RemoteNodes} carry what crosses). Bookkeeping is in
 * {@link Links}, {@link Monitors} and {@link NodeMonitors}, indexed per node ({@link NodeIndex}) so that
 * losing a node touches only the processes related across it; the signal rules are in
 * {@link ExitSignals}. State changes happen under the scheduler lock; signals to other nodes are queued
 * after it is released.
 */
public final class Relationships {
    private static final Runnable NOTHING = () -> {};

    private final ProcessRuntime runtime;
    private final LocalNode node;
    private final ProcessTable table;
    private final NodeIndex index = new NodeIndex();
    final Links links;
    final Monitors monitors;
    final NodeMonitors nodeMonitors;
    final ExitSignals exits;

    Relationships(ProcessRuntime runtime) {
        this.runtime = runtime;
        this.node = runtime.node;
        this.table = runtime.table;
        this.links = new Links(node, index);
        this.monitors = new Monitors(table, index);
        this.nodeMonitors = new NodeMonitors(index);
        this.exits = new ExitSignals(runtime::deliverLocked);
    }

    private RemoteNodes remote() {
        return runtime.distributed.remote();
    }

    private void lock() {
        runtime.lock.lock();
    }

    private void unlock() {
        runtime.lock.unlock();
    }

    // ------------------------------------------------------------------ links

    /**
     * Links the caller with a process; linking to a process that does not exist is an exit signal
     * {@code noproc} (or {@code noconnection} when its node cannot be reached), as in Erlang.
     */
    public void link(ErlangProcess p, OtpErlangPid other) {
        RemoteNodes r = remote();
        boolean remote = node.isRemote(other);
        lock();
        try {
            if (!remote) {
                ErlangProcess o = table.get(other);
                if (o == null || !o.isAlive()) exits.signalLocked(p, other, ExitReason.NOPROC, true);
                else if (o != p) linkLocked(p, other);
            } else if (r == null) {
                exits.signalLocked(p, other, ExitReason.NOCONNECTION, true);
            } else {
                links.add(p, other);
            }
        } finally {
            unlock();
        }
        if (remote && r != null) r.link(p.pid(), other);
        ExitSignals.check(p);
    }

    /**
     * A link to a process that could not be found by the name {@code namedAs}: the exit signal
     * {@code reason} ({@code noproc}, or {@code noconnection} when its node could not be asked), from
     * that name.
     */
    public void linkFailed(ErlangProcess p, Object namedAs, Object reason) {
        lock();
        try {
            exits.signalLocked(p, namedAs, reason, true);
        } finally {
            unlock();
        }
        ExitSignals.check(p);
    }

    /** Both directions of a link between two live local processes. Lock held. */
    void linkLocked(ErlangProcess p, OtpErlangPid other) {
        links.add(p, other);
        ErlangProcess o = table.get(other);
        if (o != null) links.add(o, p.pid());
    }

    public void unlink(ErlangProcess p, OtpErlangPid other) {
        RemoteNodes r = remote();
        boolean removed;
        lock();
        try {
            removed = links.remove(p, other);
            ErlangProcess o = node.isRemote(other) ? null : table.get(other);
            if (o != null) links.remove(o, p.pid());
        } finally {
            unlock();
        }
        if (removed && r != null && node.isRemote(other)) r.unlink(p.pid(), other);
    }

    /** An exit signal from the node itself (stopping one of its system processes), not from a process. */
    public void exitFromNode(ErlangProcess target, Object reason) {
        lock();
        try {
            exits.signalLocked(target, node.systemPid(), reason, false);
        } finally {
            unlock();
        }
    }

    /**
     * A reason as a process of another state gets it: an Erlang term, as another node would (a host
     * value belongs to its state); within one state, as it is.
     */
    private Object acrossStates(ErlangProcess from, ErlangProcess to, Object reason) {
        return from.scheduler == to.scheduler ? reason : runtime.terms.reasonToTerm(reason);
    }

    /** Sends an exit signal from {@code from} to a process here or elsewhere, as erlang:exit/2 does. */
    public void exit(ErlangProcess from, OtpErlangPid target, Object reason) {
        if (node.isRemote(target)) {
            RemoteNodes r = remote();
            if (r != null) r.exit(from.pid(), target, runtime.terms.reasonToTerm(reason), false);
            return;
        }
        ErlangProcess t = table.get(target);
        if (t == null) return;
        lock();
        try {
            exits.signalLocked(t, from.pid(), acrossStates(from, t, reason), false);
        } finally {
            unlock();
        }
        if (t == from) ExitSignals.check(from);
    }

    // ------------------------------------------------------------------ monitors

    /**
     * Monitors a process: {@code target} is a pid or a registered name (an atom) on {@code nodeName}
     * (null: this node). {@code namedAs} comes back in the DOWN message. A process that does not exist
     * gives an immediate DOWN with reason {@code noproc} ({@code noconnection} for an unreachable node).
     */
    public OtpErlangRef monitor(ErlangProcess p, OtpErlangObject target, String nodeName, Object namedAs) {
        OtpErlangRef ref = node.newRef();
        boolean remote = nodeName != null && !nodeName.equals(node.name());
        RemoteNodes r = remote();
        lock();
        try {
            if (!remote) {
                ErlangProcess t = localTarget(target);
                if (t != null && t.isAlive()) {
                    monitors.add(new Monitors.Monitor(ref, p.pid(), t.pid(), null, namedAs), p, t);
                } else {
                    runtime.deliverLocked(p, new Signal.Down(ref, namedAs, ExitReason.NOPROC));
                }
                return ref;
            }
            if (r == null) {
                runtime.deliverLocked(p, new Signal.Down(ref, namedAs, ExitReason.NOCONNECTION));
                return ref;
            }
            monitors.add(new Monitors.Monitor(ref, p.pid(), target, nodeName, namedAs), p, null);
        } finally {
            unlock();
        }
        r.monitor(p.pid(), nodeName, target, ref);
        return ref;
    }

    /** A monitor of the parent on a new local child (spawnmonitor). Lock held. */
    OtpErlangRef monitorLocked(ErlangProcess parent, OtpErlangPid child, Object namedAs) {
        OtpErlangRef ref = node.newRef();
        monitors.add(new Monitors.Monitor(ref, parent.pid(), child, null, namedAs), parent, table.get(child));
        return ref;
    }

    /** Records the monitor a spawn request with the monitor option set up on another node. */
    public void adoptRemoteMonitor(ErlangProcess p, OtpErlangPid remotePid, OtpErlangRef ref, Object namedAs) {
        lock();
        try {
            monitors.add(new Monitors.Monitor(ref, p.pid(), remotePid, remotePid.node(), namedAs), p, null);
        } finally {
            unlock();
        }
    }

    /** Records the link a spawn request with the link option set up on another node. */
    public void adoptRemoteLink(ErlangProcess p, OtpErlangPid remotePid) {
        lock();
        try {
            links.add(p, remotePid);
        } finally {
            unlock();
        }
    }

    /** Removes the caller's monitor with this reference; true when there was one. */
    public boolean demonitor(ErlangProcess p, OtpErlangRef ref) {
        Monitors.Monitor m;
        lock();
        try {
            m = monitors.removeHeld(p, ref);
        } finally {
            unlock();
        }
        if (m != null) demonitorRemote(p, List.of(m));
        return m != null;
    }

    /** Removes every monitor the caller holds on a process (a pid or name on {@code nodeName}, null: here). */
    public boolean demonitor(ErlangProcess p, OtpErlangObject target, String nodeName) {
        String remoteNode = nodeName == null || nodeName.equals(node.name()) ? null : nodeName;
        List<Monitors.Monitor> removed;
        lock();
        try {
            removed = monitors.removeHeld(
                    p, m -> m.target().equals(target) && Objects.equals(m.remoteNode(), remoteNode));
        } finally {
            unlock();
        }
        demonitorRemote(p, removed);
        return !removed.isEmpty();
    }

    private void demonitorRemote(ErlangProcess p, List<Monitors.Monitor> removed) {
        RemoteNodes r = remote();
        if (r == null) return;
        for (Monitors.Monitor m : removed) {
            if (m.remoteNode() != null) r.demonitor(p.pid(), m.remoteNode(), m.target(), m.ref());
        }
    }

    /** The live local process named by a pid or a registered name (an atom), or null. */
    ErlangProcess localTarget(OtpErlangObject target) {
        if (target instanceof OtpErlangPid pid) return table.get(pid);
        if (target instanceof OtpErlangAtom name) return runtime.registry.whereis(name.atomValue());
        return null;
    }

    // ------------------------------------------------------------------ node monitors

    /** monitornode: a {@link Signal.NodeDown} when the connection to that node is lost (or cannot be made). */
    public void monitorNode(ErlangProcess p, String nodeName) {
        RemoteNodes r = remote();
        lock();
        try {
            if (r == null) {
                runtime.deliverLocked(p, new Signal.NodeDown(nodeName));
                return;
            }
            nodeMonitors.add(p, nodeName);
        } finally {
            unlock();
        }
        if (!r.isConnected(nodeName)) r.ping(nodeName);
    }

    public void demonitorNode(ErlangProcess p, String nodeName) {
        lock();
        try {
            nodeMonitors.remove(p, nodeName);
        } finally {
            unlock();
        }
    }

    // ------------------------------------------------------------------ endings

    /**
     * A process ends with {@code reason}: local linked processes get the exit signal, local watchers
     * DOWN, under the lock held now. Returns what goes to other nodes, to run once the lock is released.
     */
    Runnable processEndedLocked(ErlangProcess p, Object reason) {
        Relations rel = p.relations; // null for a process that never linked or monitored
        if (rel == null) return NOTHING;
        OtpErlangPid self = p.pid();
        Set<String> nodes = new HashSet<>(rel.nodeMonitors.keySet());
        List<OtpErlangPid> remoteLinks = new ArrayList<>();
        for (OtpErlangPid linked : links.takeAll(p)) {
            if (node.isRemote(linked)) {
                remoteLinks.add(linked);
                nodes.add(linked.node());
                continue;
            }
            ErlangProcess other = table.get(linked);
            if (other == null) continue;
            links.remove(other, self);
            exits.signalLocked(other, self, acrossStates(p, other, reason), true);
        }
        List<Monitors.Monitor> remoteWatchers = new ArrayList<>();
        for (Monitors.Monitor m : monitors.takeWatchers(p)) {
            if (m.remoteNode() != null) {
                remoteWatchers.add(m);
                nodes.add(m.remoteNode());
                continue;
            }
            ErlangProcess watcher = table.get(m.watcher());
            if (watcher != null)
                runtime.deliverLocked(watcher, new Signal.Down(m.ref(), m.namedAs(), acrossStates(p, watcher, reason)));
        }
        List<Monitors.Monitor> remoteHeld = new ArrayList<>();
        for (Monitors.Monitor m : monitors.takeHeld(p)) {
            if (m.remoteNode() == null) continue;
            remoteHeld.add(m);
            nodes.add(m.remoteNode());
        }
        index.forget(p, nodes);
        p.relations = null;
        if (remoteLinks.isEmpty() && remoteWatchers.isEmpty() && remoteHeld.isEmpty()) return NOTHING;
        return () -> {
            RemoteNodes r = remote();
            if (r == null) return;
            OtpErlangObject term = runtime.terms.reasonToTerm(reason);
            for (OtpErlangPid linked : remoteLinks) r.exit(self, linked, term, true);
            for (Monitors.Monitor m : remoteWatchers) r.monitorExit(m.target(), m.watcher(), m.ref(), term);
            for (Monitors.Monitor m : remoteHeld) r.demonitor(self, m.remoteNode(), m.target(), m.ref());
        };
    }

    /**
     * The connection to a node is gone: links and monitors across it fire {@code noconnection}, node
     * monitors fire. Only processes related across that node are visited.
     */
    void nodeDown(String nodeName) {
        List<ErlangProcess> related;
        lock();
        try {
            related = index.take(nodeName);
        } finally {
            unlock();
        }
        for (ErlangProcess p : related) {
            lock();
            try {
                if (!p.isAlive() || p.relations == null) continue;
                for (Monitors.Monitor m : monitors.takeAcross(p, nodeName)) {
                    runtime.deliverLocked(p, new Signal.Down(m.ref(), m.namedAs(), ExitReason.NOCONNECTION));
                }
                for (int i = nodeMonitors.take(p, nodeName); i > 0; i--) {
                    runtime.deliverLocked(p, new Signal.NodeDown(nodeName));
                }
                for (OtpErlangPid linked : links.takeAcross(p, nodeName)) {
                    exits.signalLocked(p, linked, ExitReason.NOCONNECTION, true);
                }
            } finally {
                unlock();
            }
        }
    }
}
