package org.luanode.jnode.epmd;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names registered with the port mapper. A registration belongs to the connection that made it
 * (its owner) and ends with it. Each registration gets a new creation, so a restarted node's old pids
 * are told apart from its new ones, as epmd does.
 */
final class NodeRegistry {
    /** A registered node and the connection that keeps it registered. */
    record Registration(EpmdProtocol.Alive2 node, Object owner, int creation) {}

    private final Map<String, Registration> byName = new LinkedHashMap<>();
    private int nextCreation = 1 + new SecureRandom().nextInt(1 << 30);

    /** Registers a node; null when the name is taken. */
    synchronized Registration register(EpmdProtocol.Alive2 node, Object owner) {
        if (byName.containsKey(node.name())) return null;
        int creation = nextCreation();
        // Nodes before distribution version 6 understand creations 1..3 only.
        if (node.highestVersion() < 6) creation = (creation % 3) + 1;
        Registration r = new Registration(node, owner, creation);
        byName.put(node.name(), r);
        return r;
    }

    private int nextCreation() {
        int c = nextCreation;
        nextCreation = nextCreation == Integer.MAX_VALUE ? 4 : nextCreation + 1;
        return c < 4 ? 4 : c; // 0..3 are the old 2-bit creations; keep 32-bit ones apart
    }

    synchronized Registration lookup(String name) {
        return byName.get(name);
    }

    /** Ends the registration owned by this connection, if any. */
    synchronized Registration unregisterOwner(Object owner) {
        var it = byName.values().iterator();
        while (it.hasNext()) {
            Registration r = it.next();
            if (r.owner() == owner) {
                it.remove();
                return r;
            }
        }
        return null;
    }

    synchronized Registration unregister(String name) {
        return byName.remove(name);
    }

    synchronized List<EpmdProtocol.Alive2> nodes() {
        List<EpmdProtocol.Alive2> nodes = new ArrayList<>();
        for (Registration r : byName.values()) nodes.add(r.node());
        return nodes;
    }

    synchronized boolean isEmpty() {
        return byName.isEmpty();
    }
}
