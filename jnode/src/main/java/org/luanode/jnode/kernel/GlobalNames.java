package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide names of {@code global} as this node knows them (global's {@code global_names}
 * table): name -> pid, with the resolve method a BEAM registrar gave (kept as the term it sent). The
 * global name server writes; any process reads. Guarded by {@code this}.
 */
public final class GlobalNames {
    record Entry(OtpErlangPid pid, OtpErlangObject method) {}

    private final Map<OtpErlangObject, Entry> names = new HashMap<>();

    /** The pid registered under {@code name}, or null. */
    public synchronized OtpErlangPid whereis(OtpErlangObject name) {
        Entry e = names.get(name);
        return e == null ? null : e.pid();
    }

    public synchronized List<OtpErlangObject> names() {
        return List.copyOf(names.keySet());
    }

    synchronized Entry get(OtpErlangObject name) {
        return names.get(name);
    }

    synchronized Map<OtpErlangObject, Entry> snapshot() {
        return Map.copyOf(names);
    }

    synchronized void put(OtpErlangObject name, OtpErlangPid pid, OtpErlangObject method) {
        names.put(name, new Entry(pid, method));
    }

    /** Removes the name if {@code pid} holds it (any holder when pid is null). */
    synchronized boolean remove(OtpErlangObject name, OtpErlangPid pid) {
        Entry e = names.get(name);
        if (e == null || (pid != null && !e.pid().equals(pid))) return false;
        names.remove(name);
        return true;
    }

    /** Names held by processes of {@code node}: gone with it. */
    synchronized void removeNode(String node) {
        names.values().removeIf(e -> e.pid().node().equals(node));
    }
}
