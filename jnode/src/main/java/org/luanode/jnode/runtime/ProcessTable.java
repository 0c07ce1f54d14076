package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangPid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live processes of this node by pid, and the registered names. */
final class ProcessTable {
    private final LocalNode node;
    private final Map<Integer, LuaProcess> byNumber = new ConcurrentHashMap<>();
    private final Map<String, LuaProcess> byName = new ConcurrentHashMap<>();

    ProcessTable(LocalNode node) {
        this.node = node;
    }

    void add(LuaProcess p) { byNumber.put(p.number, p); }

    void remove(LuaProcess p) {
        byNumber.remove(p.number);
        if (p.registeredName != null) byName.remove(p.registeredName, p);
    }

    /** The live local process with this pid, or null (dead, or on another node). */
    LuaProcess get(OtpErlangPid pid) {
        int n = node.numberOf(pid);
        return n < 0 ? null : byNumber.get(n);
    }

    int size() { return byNumber.size(); }

    java.util.Collection<LuaProcess> all() { return new ArrayList<>(byNumber.values()); }

    LuaProcess whereis(String name) { return byName.get(name); }

    /** Registers a name; false when the name is taken or the process has one already. Scheduler lock held. */
    boolean register(String name, LuaProcess p) {
        if (p.registeredName != null || byName.putIfAbsent(name, p) != null) return false;
        p.registeredName = name;
        return true;
    }

    boolean unregister(String name) {
        LuaProcess p = byName.remove(name);
        if (p == null) return false;
        p.registeredName = null;
        return true;
    }

    List<String> names() { return new ArrayList<>(byName.keySet()); }
}
