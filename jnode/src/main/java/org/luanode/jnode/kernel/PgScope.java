package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangMap;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Signal;

/**
 * One scope of OTP's {@code pg} (lib/kernel/src/pg.erl): a process registered under the scope's name
 * that keeps the scope's groups in step with the processes of that name on other nodes, BEAM or luanode.
 *
 * <p>The protocol between scope processes, as OTP 23-29 speak it (OTP 29's pg, version 1, talks version
 * 0 to a peer that discovers it with {@code {discover, Pid}}, as this one does):
 *
 * <ul>
 *   <li>{@code {discover, Peer}} (or {@code {discover, Peer, Version}}): answered with {@code
 *       {'$gen_cast', {sync, Self, [{Group, LocalPids}]}}}; a new peer is monitored and discovered back.
 *       Sent to {@code {Scope, Node}} when this scope starts and whenever a node connects.
 *   <li>{@code {'$gen_cast', {sync, Peer, Groups}}}: the peer's local members, replacing what was known.
 *   <li>{@code {join, Peer, Group, PidOrPids}} and {@code {leave, Peer, PidOrPids, Groups}}: changes.
 *   <li>A peer's DOWN (it ended, or its node went away): its members leave.
 * </ul>
 *
 * Local processes join and leave through gen_server calls ({@code {join_local, Group, PidOrPids}},
 * {@code {leave_local, Group, PidOrPids}}), and watch with {@code monitor} (the whole scope) or {@code
 * {monitor, Group}}, getting {@code {Ref, join | leave, Group, Pids}}; {@code {demonitor, Ref}} stops.
 * Members are monitored: one that ends leaves all its groups. The maps below are touched only by this
 * process's own code, one message at a time; readers use {@link #groups()}.
 */
public final class PgScope extends KernelServer {
    private static final OtpErlangAtom OK = new OtpErlangAtom("ok");
    private static final OtpErlangAtom DISCOVER = new OtpErlangAtom("discover");
    private static final OtpErlangAtom SYNC = new OtpErlangAtom("sync");
    private static final OtpErlangAtom JOIN = new OtpErlangAtom("join");
    private static final OtpErlangAtom LEAVE = new OtpErlangAtom("leave");
    private static final OtpErlangAtom GEN_CAST = new OtpErlangAtom("$gen_cast");

    private final String scope;
    private final PgGroups groups = new PgGroups();

    private record Member(OtpErlangRef monitor, List<OtpErlangObject> groups) {}

    private record Peer(OtpErlangRef monitor, Map<OtpErlangObject, List<OtpErlangPid>> groups) {}

    /** A local process watching one group, or the whole scope when {@code group} is null. */
    private record Watch(OtpErlangPid watcher, OtpErlangObject group) {}

    private final Map<OtpErlangPid, Member> local = new HashMap<>();
    private final Map<OtpErlangPid, Peer> peers = new HashMap<>();
    private final Map<OtpErlangRef, Watch> watches = new HashMap<>();

    PgScope(ProcessRuntime runtime, String scope) {
        super(runtime, "pg scope " + scope);
        this.scope = scope;
    }

    @Override
    public OtpErlangTuple initialCall() {
        return tuple(new OtpErlangAtom("pg"), new OtpErlangAtom("init"), new OtpErlangLong(1));
    }

    public String scope() {
        return scope;
    }

    /** The scope's groups as this node sees them, for any process to read. */
    public PgGroups groups() {
        return groups;
    }

    /** Discovers the scopes of this name on the nodes connected already. */
    @Override
    protected void started() {
        for (String node : runtime.distributed().visibleNodes()) discover(node);
    }

    @Override
    protected void handle(String kind, OtpErlangTuple t) {
        switch (kind) {
            case "discover/2", "discover/3" -> discovered((OtpErlangPid) t.elementAt(1));
            case "$gen_cast/2" -> {
                OtpErlangTuple sync = (OtpErlangTuple) t.elementAt(1);
                if (!sync.elementAt(0).equals(SYNC) || sync.arity() != 3) throw new IllegalArgumentException("cast");
                synced((OtpErlangPid) sync.elementAt(1), (OtpErlangList) sync.elementAt(2));
            }
            case "$gen_call/3" -> called((OtpErlangTuple) t.elementAt(1), t.elementAt(2));
            case "join/4" -> peerJoined((OtpErlangPid) t.elementAt(1), t.elementAt(2), pids(t.elementAt(3)));
            case "leave/4" -> peerLeft((OtpErlangPid) t.elementAt(1), pids(t.elementAt(2)), t.elementAt(3));
            case "nodeup/2" -> discover(((OtpErlangAtom) t.elementAt(1)).atomValue());
            case "nodedown/2" -> {} // the peer's DOWN says what is lost
            default -> throw new IllegalArgumentException("unknown pg message");
        }
    }

    // ------------------------------------------------------------------ peers

    private void discover(String node) {
        runtime.distributed().sendByName(this, node, scope, tuple(DISCOVER, pid()));
    }

    private void discovered(OtpErlangPid peer) {
        runtime.send(this, peer, tuple(GEN_CAST, tuple(SYNC, pid(), localGroups())));
        if (!peers.containsKey(peer)) {
            peers.put(peer, new Peer(monitor(peer), new HashMap<>()));
            runtime.send(this, peer, tuple(DISCOVER, pid()));
        }
    }

    private void synced(OtpErlangPid peer, OtpErlangList groupList) {
        Peer p = peers.computeIfAbsent(peer, x -> new Peer(monitor(x), new HashMap<>()));
        Map<OtpErlangObject, List<OtpErlangPid>> fresh = new HashMap<>();
        for (OtpErlangObject entry : groupList) {
            OtpErlangTuple g = (OtpErlangTuple) entry;
            fresh.put(g.elementAt(0), new ArrayList<>(pids(g.elementAt(1))));
        }
        Set<OtpErlangObject> touched = new LinkedHashSet<>(p.groups.keySet());
        touched.addAll(fresh.keySet());
        for (OtpErlangObject group : touched) {
            List<OtpErlangPid> before = p.groups.getOrDefault(group, List.of());
            List<OtpErlangPid> after = fresh.getOrDefault(group, List.of());
            List<OtpErlangPid> gone = minus(before, after);
            List<OtpErlangPid> came = minus(after, before);
            if (!gone.isEmpty()) left(group, gone, false);
            if (!came.isEmpty()) joined(group, came, false);
        }
        p.groups.clear();
        p.groups.putAll(fresh);
    }

    private void peerJoined(OtpErlangPid peer, OtpErlangObject group, List<OtpErlangPid> pids) {
        Peer p = peers.get(peer);
        if (p == null) return; // a peer that left the overlay (or never joined it)
        p.groups.computeIfAbsent(group, g -> new ArrayList<>()).addAll(0, pids);
        joined(group, pids, false);
    }

    private void peerLeft(OtpErlangPid peer, List<OtpErlangPid> pids, OtpErlangObject groupList) {
        Peer p = peers.get(peer);
        if (p == null) return;
        for (OtpErlangObject group : (OtpErlangList) groupList) {
            List<OtpErlangPid> members = p.groups.get(group);
            if (members == null) continue;
            for (OtpErlangPid pid : pids) members.remove(pid);
            if (members.isEmpty()) p.groups.remove(group);
            left(group, pids, false);
        }
    }

    // ------------------------------------------------------------------ local processes

    private void called(OtpErlangTuple from, OtpErlangObject request) {
        OtpErlangPid caller = (OtpErlangPid) from.elementAt(0);
        OtpErlangObject answer;
        if (request.equals(new OtpErlangAtom("monitor"))) {
            OtpErlangRef ref = watch(caller, null);
            List<OtpErlangObject> keys = new ArrayList<>();
            List<OtpErlangObject> values = new ArrayList<>();
            groups.snapshot().forEach((g, pids) -> {
                keys.add(g);
                values.add(list(pids));
            });
            answer = tuple(
                    ref,
                    new OtpErlangMap(keys.toArray(OtpErlangObject[]::new), values.toArray(OtpErlangObject[]::new)));
        } else if (request instanceof OtpErlangTuple r && r.arity() > 0 && r.elementAt(0) instanceof OtpErlangAtom a) {
            answer = switch (a.atomValue() + "/" + r.arity()) {
                case "join_local/3" -> joinLocal(r.elementAt(1), r.elementAt(2));
                case "leave_local/3" -> leaveLocal(r.elementAt(1), r.elementAt(2));
                case "monitor/2" -> tuple(watch(caller, r.elementAt(1)), list(groups.members(r.elementAt(1))));
                case "demonitor/2" -> unwatch((OtpErlangRef) r.elementAt(1));
                default -> throw new IllegalArgumentException("unknown pg call");
            };
        } else {
            throw new IllegalArgumentException("unknown pg call");
        }
        reply(from, answer);
    }

    private OtpErlangObject joinLocal(OtpErlangObject group, OtpErlangObject pidOrPids) {
        List<OtpErlangPid> pids = pids(pidOrPids);
        for (OtpErlangPid pid : pids) {
            if (runtime.node().isRemote(pid)) return tuple(new OtpErlangAtom("error"), new OtpErlangAtom("badarg"));
        }
        for (OtpErlangPid pid : pids) {
            local.computeIfAbsent(pid, x -> new Member(monitor(x), new ArrayList<>()))
                    .groups
                    .add(group);
        }
        joined(group, pids, true);
        broadcast(tuple(JOIN, pid(), group, pidOrPids));
        return OK;
    }

    private OtpErlangObject leaveLocal(OtpErlangObject group, OtpErlangObject pidOrPids) {
        List<OtpErlangPid> leaving = new ArrayList<>();
        for (OtpErlangPid pid : pids(pidOrPids)) {
            Member m = local.get(pid);
            if (m == null || !m.groups.remove(group)) continue;
            leaving.add(pid);
            if (m.groups.isEmpty()) {
                local.remove(pid);
                runtime.relationships().demonitor(this, m.monitor);
            }
        }
        if (leaving.isEmpty()) return new OtpErlangAtom("not_joined");
        left(group, leaving, true);
        broadcast(tuple(LEAVE, pid(), list(leaving), new OtpErlangList(group)));
        return OK;
    }

    private OtpErlangRef watch(OtpErlangPid watcher, OtpErlangObject group) {
        OtpErlangRef ref = monitor(watcher);
        watches.put(ref, new Watch(watcher, group));
        return ref;
    }

    private OtpErlangObject unwatch(OtpErlangRef ref) {
        if (watches.remove(ref) == null) return new OtpErlangAtom("false");
        runtime.relationships().demonitor(this, ref);
        return OK;
    }

    @Override
    protected void down(Signal.Down down) {
        OtpErlangRef ref = down.ref();
        if (watches.remove(ref) != null) return;
        for (Map.Entry<OtpErlangPid, Member> e : local.entrySet()) {
            if (!e.getValue().monitor.equals(ref)) continue;
            OtpErlangPid pid = e.getKey();
            local.remove(pid);
            List<OtpErlangObject> itsGroups = e.getValue().groups;
            for (OtpErlangObject group : itsGroups) left(group, List.of(pid), true);
            broadcast(tuple(LEAVE, pid(), pid, new OtpErlangList(itsGroups.toArray(OtpErlangObject[]::new))));
            return;
        }
        peers.entrySet().removeIf(e -> {
            if (!e.getValue().monitor.equals(ref)) return false;
            e.getValue().groups.forEach((group, pids) -> left(group, pids, false));
            return true;
        });
    }

    // ------------------------------------------------------------------ the view and its watchers

    private void joined(OtpErlangObject group, List<OtpErlangPid> pids, boolean isLocal) {
        groups.add(group, pids, isLocal);
        notifyWatchers(JOIN, group, pids);
    }

    private void left(OtpErlangObject group, List<OtpErlangPid> pids, boolean isLocal) {
        groups.remove(group, pids, isLocal);
        notifyWatchers(LEAVE, group, pids);
    }

    private void notifyWatchers(OtpErlangAtom event, OtpErlangObject group, List<OtpErlangPid> pids) {
        watches.forEach((ref, w) -> {
            if (w.group == null || w.group.equals(group))
                runtime.send(this, w.watcher, tuple(ref, event, group, list(pids)));
        });
    }

    /** This node's members, [{Group, Pids}], as a sync carries them. */
    private OtpErlangList localGroups() {
        List<OtpErlangObject> entries = new ArrayList<>();
        for (OtpErlangObject group : groups.localGroups()) entries.add(tuple(group, list(groups.localMembers(group))));
        return new OtpErlangList(entries.toArray(OtpErlangObject[]::new));
    }

    private void broadcast(OtpErlangObject message) {
        for (OtpErlangPid peer : peers.keySet()) runtime.send(this, peer, message);
    }

    private OtpErlangRef monitor(OtpErlangPid pid) {
        String node = runtime.node().isRemote(pid) ? pid.node() : null;
        return runtime.relationships().monitor(this, pid, node, pid);
    }

    private void reply(OtpErlangTuple from, OtpErlangObject answer) {
        Replies.reply(runtime, this, from, answer);
    }

    // ------------------------------------------------------------------ terms

    private static List<OtpErlangPid> pids(OtpErlangObject pidOrPids) {
        if (pidOrPids instanceof OtpErlangPid pid) return List.of(pid);
        List<OtpErlangPid> pids = new ArrayList<>();
        if (pidOrPids instanceof OtpErlangList list) {
            for (OtpErlangObject o : list) pids.add((OtpErlangPid) o);
        } else if (!(pidOrPids instanceof OtpErlangString s && s.stringValue().isEmpty())) {
            throw new IllegalArgumentException("not a pid or a list of pids");
        }
        return pids;
    }

    private static List<OtpErlangPid> minus(List<OtpErlangPid> from, List<OtpErlangPid> take) {
        List<OtpErlangPid> rest = new ArrayList<>(from);
        for (OtpErlangPid pid : take) rest.remove(pid);
        return rest;
    }

    static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }

    static OtpErlangList list(List<OtpErlangPid> pids) {
        return new OtpErlangList(pids.toArray(OtpErlangObject[]::new));
    }
}
