package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of this node's processes, to processes here and on other nodes alike: each process keeps the
 * pids it is linked to, and links across a node are indexed under that node. Bookkeeping only; what a
 * link does when a process ends is {@link ExitSignals}'. Guarded by the scheduler lock.
 */
final class Links {
    private final LocalNode node;
    private final NodeIndex index;

    Links(LocalNode node, NodeIndex index) {
        this.node = node;
        this.index = index;
    }

    /** Records that {@code p} is linked to {@code other} (one direction; a local pair is added twice). */
    void add(ErlangProcess p, OtpErlangPid other) {
        p.rel().links.add(other);
        if (node.isRemote(other)) index.note(other.node(), p);
    }

    /** Removes one direction of a link; true when it existed. */
    boolean remove(ErlangProcess p, OtpErlangPid other) {
        Relations r = p.relations;
        return r != null && r.links.remove(other);
    }

    /** Every link of a process that ends, removed. */
    List<OtpErlangPid> takeAll(ErlangProcess p) {
        Relations r = p.relations;
        if (r == null || r.links.isEmpty()) return List.of();
        List<OtpErlangPid> all = new ArrayList<>(r.links);
        r.links.clear();
        return all;
    }

    /** The links of {@code p} to processes on {@code node}, removed (that node is gone). */
    List<OtpErlangPid> takeAcross(ErlangProcess p, String node) {
        Relations r = p.relations;
        if (r == null) return List.of();
        List<OtpErlangPid> across = new ArrayList<>();
        for (var it = r.links.iterator(); it.hasNext(); ) {
            OtpErlangPid linked = it.next();
            if (linked.node().equals(node)) {
                it.remove();
                across.add(linked);
            }
        }
        return across;
    }
}
