package org.luanode.jnode.process;

/**
 * Node monitors (erlang:monitor_node/2, ConcurrentLua's monitornode): how many each process holds on
 * each node, indexed under that node. Guarded by the scheduler lock.
 */
final class NodeMonitors {
    private final NodeIndex index;

    NodeMonitors(NodeIndex index) {
        this.index = index;
    }

    void add(ErlangProcess p, String node) {
        p.rel().nodeMonitors.merge(node, 1, Integer::sum);
        index.note(node, p);
    }

    void remove(ErlangProcess p, String node) {
        Relations r = p.relations;
        if (r != null) r.nodeMonitors.computeIfPresent(node, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** The node is gone: how many monitors {@code p} held on it (each gets a NODEDOWN), removed. */
    int take(ErlangProcess p, String node) {
        Relations r = p.relations;
        Integer n = r == null ? null : r.nodeMonitors.remove(node);
        return n == null ? 0 : n;
    }
}
