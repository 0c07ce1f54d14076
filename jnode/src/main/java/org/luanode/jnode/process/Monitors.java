package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The monitors this node's processes hold and the monitors on them, local and remote alike: one
 * {@link Monitor} per reference, kept by the watcher (when it lives here) and by the target (when it
 * lives here); monitors across a node are indexed under that node. Bookkeeping only: the DOWN messages
 * are sent by the {@link ProcessRuntime}. Guarded by the scheduler lock.
 */
final class Monitors {
    /**
     * A monitor. {@code watcher}: the monitoring process's pid. {@code target}: the monitored process as
     * named on the wire (a pid, or a registered name as an atom). {@code remoteNode}: the node of the end
     * that is not here, or null when both are. {@code namedAs}: the target as the watcher's code named it,
     * handed back in its DOWN message.
     */
    record Monitor(OtpErlangRef ref, OtpErlangPid watcher, OtpErlangObject target, String remoteNode, Object namedAs) {}

    private final ProcessTable table;
    private final NodeIndex index;

    Monitors(ProcessTable table, NodeIndex index) {
        this.table = table;
        this.index = index;
    }

    /** Records a monitor; {@code watcher} and {@code target} are the local ends (null for a remote one). */
    void add(Monitor m, ErlangProcess watcher, ErlangProcess target) {
        if (watcher != null) watcher.rel().watching.put(m.ref(), m);
        if (target != null) target.rel().watchedBy.put(m.ref(), m);
        if (m.remoteNode() != null) index.note(m.remoteNode(), watcher != null ? watcher : target);
    }

    /** Removes a monitor {@code watcher} holds, at both ends; null when it holds none with that reference. */
    Monitor removeHeld(ErlangProcess watcher, OtpErlangRef ref) {
        Relations r = watcher.relations;
        Monitor m = r == null ? null : r.watching.remove(ref);
        if (m != null) forgetTarget(m);
        return m;
    }

    /** Removes every monitor {@code watcher} holds whose target matches, at both ends. */
    List<Monitor> removeHeld(ErlangProcess watcher, Predicate<Monitor> which) {
        Relations r = watcher.relations;
        if (r == null) return List.of();
        List<Monitor> removed = new ArrayList<>();
        for (var it = r.watching.values().iterator(); it.hasNext(); ) {
            Monitor m = it.next();
            if (which.test(m)) {
                it.remove();
                forgetTarget(m);
                removed.add(m);
            }
        }
        return removed;
    }

    /** Removes a monitor on {@code target} (a remote watcher demonitors); null when there is none. */
    Monitor removeOn(ErlangProcess target, OtpErlangRef ref) {
        Relations r = target.relations;
        return r == null ? null : r.watchedBy.remove(ref);
    }

    /** A process ends: the monitors on it, removed at both ends (their watchers get DOWN). */
    List<Monitor> takeWatchers(ErlangProcess p) {
        Relations r = p.relations;
        if (r == null || r.watchedBy.isEmpty()) return List.of();
        List<Monitor> all = new ArrayList<>(r.watchedBy.values());
        r.watchedBy.clear();
        for (Monitor m : all) {
            ErlangProcess watcher = m.remoteNode() == null ? table.get(m.watcher()) : null;
            if (watcher != null && watcher.relations != null) watcher.relations.watching.remove(m.ref());
        }
        return all;
    }

    /** A process ends: the monitors it holds, removed at both ends (remote targets get DEMONITOR). */
    List<Monitor> takeHeld(ErlangProcess p) {
        return removeHeld(p, m -> true);
    }

    /** The node is gone: the monitors across it that {@code p} holds or is under, removed. */
    List<Monitor> takeAcross(ErlangProcess p, String node) {
        Relations r = p.relations;
        if (r == null) return List.of();
        r.watchedBy.values().removeIf(m -> node.equals(m.remoteNode()));
        return removeHeld(p, m -> node.equals(m.remoteNode()));
    }

    private void forgetTarget(Monitor m) {
        if (m.remoteNode() != null) return;
        ErlangProcess target = m.target() instanceof OtpErlangPid pid ? table.get(pid) : null;
        if (target != null && target.relations != null) target.relations.watchedBy.remove(m.ref());
    }
}
