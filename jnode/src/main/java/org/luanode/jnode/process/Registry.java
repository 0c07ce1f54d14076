package org.luanode.jnode.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registered names of this node's processes (erlang:register/2). Changes happen under the scheduler
 * lock; lookups come from any thread (network readers) and need no lock.
 */
final class Registry {
    private final Map<String, ErlangProcess> byName = new ConcurrentHashMap<>();

    ErlangProcess whereis(String name) {
        return byName.get(name);
    }

    /** Registers a name; false when the name is taken, the process has one already or is dead. */
    boolean register(String name, ErlangProcess p) {
        if (!p.isAlive() || p.registeredName != null || byName.putIfAbsent(name, p) != null) return false;
        p.registeredName = name;
        return true;
    }

    boolean unregister(String name) {
        ErlangProcess p = byName.remove(name);
        if (p == null) return false;
        p.registeredName = null;
        return true;
    }

    /** A process ends: its name is free again. */
    void remove(ErlangProcess p) {
        if (p.registeredName != null) byName.remove(p.registeredName, p);
    }

    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }
}
