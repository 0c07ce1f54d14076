package org.luanode.jnode.process;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which local processes have links or monitors across which node, so that losing a node touches only
 * those processes. An entry may outlive the relation that made it (it is only a hint where to look);
 * it goes when the process ends or the node goes down. Guarded by the scheduler lock.
 */
final class NodeIndex {
    private final Map<String, Set<ErlangProcess>> byNode = new HashMap<>();

    void note(String node, ErlangProcess p) {
        byNode.computeIfAbsent(node, n -> new LinkedHashSet<>()).add(p);
    }

    /** The processes noted for {@code node}, forgotten for it from now on. */
    List<ErlangProcess> take(String node) {
        Set<ErlangProcess> ps = byNode.remove(node);
        return ps == null ? List.of() : List.copyOf(ps);
    }

    /** A process ended: drops it under every node its relations named. */
    void forget(ErlangProcess p, Set<String> nodes) {
        for (String node : nodes) {
            Set<ErlangProcess> ps = byNode.get(node);
            if (ps != null && ps.remove(p) && ps.isEmpty()) byNode.remove(node);
        }
    }
}
