package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One scope's groups as this node sees them (pg's ETS table): every member, and the local ones apart.
 * A process may be in a group several times (once per join). The scope process writes; any process
 * reads. Guarded by {@code this}.
 */
public final class PgGroups {
    private final Map<OtpErlangObject, List<OtpErlangPid>> all = new HashMap<>();
    private final Map<OtpErlangObject, List<OtpErlangPid>> local = new HashMap<>();

    public synchronized List<OtpErlangPid> members(OtpErlangObject group) {
        return List.copyOf(all.getOrDefault(group, List.of()));
    }

    public synchronized List<OtpErlangPid> localMembers(OtpErlangObject group) {
        return List.copyOf(local.getOrDefault(group, List.of()));
    }

    public synchronized List<OtpErlangObject> groups() {
        return List.copyOf(all.keySet());
    }

    public synchronized List<OtpErlangObject> localGroups() {
        return List.copyOf(local.keySet());
    }

    /** Every group with its members (what a scope monitor starts from). */
    synchronized Map<OtpErlangObject, List<OtpErlangPid>> snapshot() {
        Map<OtpErlangObject, List<OtpErlangPid>> copy = new HashMap<>();
        all.forEach((g, pids) -> copy.put(g, List.copyOf(pids)));
        return copy;
    }

    /** New members go first, as pg lists them. */
    synchronized void add(OtpErlangObject group, List<OtpErlangPid> pids, boolean isLocal) {
        all.computeIfAbsent(group, g -> new ArrayList<>()).addAll(0, pids);
        if (isLocal) local.computeIfAbsent(group, g -> new ArrayList<>()).addAll(0, pids);
    }

    /** Takes one membership per pid; a group left empty is gone. */
    synchronized void remove(OtpErlangObject group, List<OtpErlangPid> pids, boolean isLocal) {
        removeFrom(all, group, pids);
        if (isLocal) removeFrom(local, group, pids);
    }

    private static void removeFrom(
            Map<OtpErlangObject, List<OtpErlangPid>> map, OtpErlangObject group, List<OtpErlangPid> pids) {
        List<OtpErlangPid> members = map.get(group);
        if (members == null) return;
        for (OtpErlangPid pid : pids) members.remove(pid);
        if (members.isEmpty()) map.remove(group);
    }
}
