package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's {@code global_name_server} (OTP's lib/kernel/src/global.erl, protocol version 8 as OTP
 * 25-29 speak it), so that BEAM nodes' {@code global} counts the node in: {@code global:sync()}
 * returns with it connected, names registered on either side are seen on both, and nodes learnt
 * through it are connected (connect_all).
 *
 * <p>When a node connects, the two name servers run one sync session, told apart by tags:
 *
 * <ol>
 *   <li>each sends {@code {init_connect, {8, MyTag}, Node, {locker, _, _, Locker}}} (a cast) and acks the
 *       other's with {@code {init_connect_ack, Node, HisTag, MyTag}};
 *   <li>once the other acks, this server (acting as its own locker, taking the lock on itself only)
 *       sends {@code {lock_set, Me, true, Known, HisTag}}; a BEAM node's locker locks its partition and
 *       answers in kind, or sends its own first, which is answered; with both lock_sets in, it sends
 *       {@code {exchange, Node, Names, [], HisTag}};
 *   <li>on the other's exchange, it resolves clashes (when its node name is the smaller, as global
 *       decides who resolves; with random_exit_name's rule whatever the method) and sends {@code
 *       {resolved, Node, ResolvedForHim, Known, unused, [], HisTag}};
 *   <li>with both done, it applies the operations, and the other node and every node that one knew are
 *       known: those are connected to (connect_all) and told {@code {in_sync, Node, true}}.
 * </ol>
 *
 * Locks ({@code {set_lock, {ResourceId, RequesterId}}}, {@code del_lock}) and registrations ({@code
 * register}, {@code unregister}) from other nodes' registrars are served as global serves them; a
 * lock or name goes with the process holding it. Lua's registrations go through a {@link
 * GlobalRegistrar}. Lost connections are reported and acted on as global's prevention of overlapping
 * partitions does. The maps here belong to this process's code; readers use {@link #names()} and
 * {@link #inSync}.
 */
public final class GlobalNameServer extends KernelServer {
    public static final String NAME = "global_name_server";
    static final int VSN = 8;
    /** Tells this incarnation's lost_connection reports from an earlier one's (global uses creation). */
    private static final long XCREATION = System.currentTimeMillis();

    private static final Logger log = LoggerFactory.getLogger(GlobalNameServer.class);
    static final OtpErlangAtom GLOBAL = new OtpErlangAtom("global");

    private final boolean connectAll;
    private final GlobalNames names = new GlobalNames();

    /** A sync session with a node that connected and is not known yet. */
    private static final class Session {
        final String node;
        final OtpErlangLong myTag;
        OtpErlangObject hisTag;
        boolean lockSetAsked;
        /** Our lock_set went out (on his ack, or as the answer to his); his answer to it is awaited. */
        boolean lockSetSent;
        /** This node is locked for the session (from our first lock_set until the session ends). */
        boolean locking;

        boolean exchangeSent;
        /** Operations for this side, from resolving his names; null until his exchange came. */
        List<OtpErlangObject> ourOps;
        /** His resolved operations and known nodes; null until his resolved came. */
        List<OtpErlangObject> hisResolved;

        List<String> hisKnown;

        Session(String node, OtpErlangLong myTag) {
            this.node = node;
            this.myTag = myTag;
        }
    }

    private record Lock(OtpErlangObject requester, Map<OtpErlangPid, OtpErlangRef> holders) {}

    private final Map<String, Session> sessions = new HashMap<>();
    /** Nodes in sync with this one (global's known nodes). */
    private final Set<String> known = new LinkedHashSet<>();

    /**
     * Per node, done once global is in sync with it (or it went away): ConcurrentLua's first contact
     * with a node waits for it, so that the node's names are known on both sides, as in the reference.
     * Concurrent: waiters read it from other threads.
     */
    private final Map<String, CompletableFuture<Void>> inSync = new ConcurrentHashMap<>();

    /** Nodes we left, or that left us, to prevent overlapping partitions: their nodedown is no loss. */
    private final Set<String> removing = new HashSet<>();

    private record LostConnection(long xcreation, long opId, long seenAt) {}

    /** How long a lost_connection report is remembered (global keeps them for a while too). */
    private static final long LOST_CONNECTION_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(60);

    /** The lost_connection reports handled, by [NodeA, NodeB], so each is acted on once. */
    private final Map<List<String>, LostConnection> lostConnections = new HashMap<>();

    private final Map<OtpErlangObject, Lock> locks = new HashMap<>();
    private final Map<OtpErlangRef, OtpErlangObject> nameMonitors = new HashMap<>();
    private long nextTag = System.nanoTime();

    GlobalNameServer(ProcessRuntime runtime, boolean connectAll) {
        super(runtime, "global name server");
        this.connectAll = connectAll;
    }

    @Override
    public OtpErlangTuple initialCall() {
        return tuple(atom("global"), atom("init"), new OtpErlangLong(1));
    }

    public GlobalNames names() {
        return names;
    }

    /**
     * The nodes in sync with this one. For the node's own processes (a registrar): they run one at a
     * time, as this server does, so the set is not changing while it is copied.
     */
    List<String> knownNodes() {
        return new ArrayList<>(known);
    }

    /** Completes once global is in sync with {@code node}, or the node is gone; done already when it is. */
    public CompletableFuture<Void> inSync(String node) {
        CompletableFuture<Void> f = inSync.get(node);
        return f != null ? f : inSync.computeIfAbsent(node, n -> new CompletableFuture<>());
    }

    private void nowKnown(String node) {
        known.add(node);
        inSync(node).complete(null);
    }

    /** Starts the name server, registered under its name, and returns it. */
    public static GlobalNameServer start(ProcessRuntime runtime, boolean connectAll) {
        GlobalNameServer server = new GlobalNameServer(runtime, connectAll);
        runtime.spawn(server, server::serve, null, false, null, p -> runtime.register(NAME, p));
        return server;
    }

    /** The nodes connected already are met as if they had just come up. */
    @Override
    protected void started() {
        for (String node : runtime.distributed().visibleNodes()) nodeUp(node);
    }

    @Override
    protected void handle(String kind, OtpErlangTuple t) {
        switch (kind) {
            case "nodeup/2" -> nodeUp(atomValue(t.elementAt(1)));
            case "nodedown/2" -> nodeDown(atomValue(t.elementAt(1)));
            case "$gen_cast/2" -> cast((OtpErlangTuple) t.elementAt(1));
            case "$gen_call/3" -> call((OtpErlangTuple) t.elementAt(1), t.elementAt(2));
            case "init_connect_ack/4" -> acked(t);
            case "cancel_connect/3" -> cancelled(atomValue(t.elementAt(1)), t.elementAt(2));
            case "lost_connection/5" -> lostConnection(t);
            case "remove_connection/2" -> removeConnection(atomValue(t.elementAt(1)));
            default -> throw new IllegalArgumentException("unknown message");
        }
    }

    // ------------------------------------------------------------------ sync sessions

    private void nodeUp(String node) {
        if (!runtime.distributed().isVisible(node)) return; // a hidden node (JInterface): global leaves it out
        if (known.contains(node)) { // learnt through another node: only say we are in sync
            cast(node, tuple(atom("in_sync"), self(), new OtpErlangAtom(true)));
            return;
        }
        if (!sessions.containsKey(node)) startSession(node);
    }

    private Session startSession(String node) {
        Session s = new Session(node, new OtpErlangLong(nextTag++));
        sessions.put(node, s);
        OtpErlangObject locker = tuple(atom("locker"), atom("no_longer_a_pid"), new OtpErlangList(), pid());
        cast(node, tuple(atom("init_connect"), tuple(new OtpErlangLong(VSN), s.myTag), self(), locker));
        return s;
    }

    private void nodeDown(String node) {
        boolean wasOurs = known.contains(node) || sessions.containsKey(node);
        if (!removing.remove(node) && wasOurs) informConnectionLoss(node);
        forget(node);
        // names and locks held on that node go with their monitors' DOWN (noconnection)
    }

    /** The node is out of this one's cluster: not known, no session, nobody waits for it. */
    private void forget(String node) {
        sessions.remove(node);
        known.remove(node);
        CompletableFuture<Void> waited = inSync.remove(node);
        if (waited != null) waited.complete(null);
    }

    // ------------------------------------------------------------------ overlapping partitions

    /*
     * Prevention of overlapping partitions (global.erl, protocol 7+, on with connect_all): a node that
     * loses its connection to another tells every node it knows ({lost_connection, Me, XCreation,
     * OpId, Lost}); each of those passes it on once, and leaves the lost node's partition by asking that
     * node to disconnect ({remove_connection, Me}), so that no node stays in two partitions that do not
     * see each other. A node asked to disconnect does, and neither side then reports the loss.
     */

    /** We lost {@code node}: every other node in sync with us is told, as global does. */
    private void informConnectionLoss(String node) {
        if (!connectAll) return;
        OtpErlangTuple lost = tuple(
                atom("lost_connection"),
                self(),
                new OtpErlangLong(XCREATION),
                new OtpErlangLong(nextTag++),
                atom(node));
        multicast(lost, node);
    }

    /** {lost_connection, NodeA, XCreationA, OpIdA, NodeB}: NodeA lost NodeB; we leave the lost one. */
    private void lostConnection(OtpErlangTuple m) {
        if (!connectAll) return;
        String nodeA = atomValue(m.elementAt(1));
        String nodeB = atomValue(m.elementAt(4));
        long xcreation = ((OtpErlangLong) m.elementAt(2)).longValue();
        long opId = ((OtpErlangLong) m.elementAt(3)).longValue();
        LostConnection seen = lostConnections.get(List.of(nodeA, nodeB));
        if (seen != null && seen.xcreation() == xcreation && opId <= seen.opId()) return; // had it already
        multicast(m, nodeA); // passed on, in case some node lost NodeA while it told the others
        long now = System.nanoTime();
        lostConnections.values().removeIf(seenBefore -> now - seenBefore.seenAt() > LOST_CONNECTION_MEMORY_NANOS);
        lostConnections.put(List.of(nodeA, nodeB), new LostConnection(xcreation, opId, now));
        String leave = nodeB.equals(runtime.node().name()) ? nodeA : nodeB;
        if (!known.contains(leave) && !sessions.containsKey(leave)) return;
        send(leave, tuple(atom("remove_connection"), self()));
        log.warn(
                "'global' at node {} requested disconnect from node {} in order to prevent overlapping partitions",
                runtime.node().name(),
                leave);
        removing.add(leave);
        forget(leave);
    }

    /** {remove_connection, Node}: Node leaves our partition; the connection goes (no loss is reported). */
    private void removeConnection(String node) {
        if (!known.contains(node) && !sessions.containsKey(node)) return;
        removing.add(node);
        forget(node);
        runtime.distributed().disconnect(node);
        log.warn(
                "'global' at node {} disconnected node {} in order to prevent overlapping partitions",
                runtime.node().name(),
                node);
    }

    private void multicast(OtpErlangObject message, String except) {
        for (String n : new ArrayList<>(known)) if (!n.equals(except)) send(n, message);
        for (String n : new ArrayList<>(sessions.keySet())) if (!n.equals(except)) send(n, message);
    }

    private void cancelled(String node, OtpErlangObject myTag) {
        Session s = sessions.get(node);
        if (s == null || !s.myTag.equals(myTag)) return;
        sessions.remove(node);
        startSession(node);
    }

    private void cast(OtpErlangTuple message) {
        String kind = ((OtpErlangAtom) message.elementAt(0)).atomValue() + "/" + message.arity();
        switch (kind) {
            case "init_connect/4" -> initConnect(message);
            case "lock_set/5", "lock_set/4" -> lockSet(message);
            case "exchange/5" -> exchange(message);
            case "resolved/7" -> resolved(message);
            case "new_nodes/6" -> newNodes(message);
            case "in_sync/3" -> {
                String node = atomValue(message.elementAt(1));
                sessions.remove(node);
                nowKnown(node);
            }
            case "async_del_name/3", "async_del_lock/3" -> {} // old nodes' messages: the DOWN does it
            default -> throw new IllegalArgumentException("unknown cast " + kind);
        }
    }

    /** {init_connect, {Vsn, HisTag, ...}, Node, {locker, _, _, HisLocker}}. */
    private void initConnect(OtpErlangTuple m) {
        String node = atomValue(m.elementAt(2));
        if (known.contains(node)) return;
        Session s = sessions.containsKey(node) ? sessions.get(node) : startSession(node);
        s.hisTag = ((OtpErlangTuple) m.elementAt(1)).elementAt(1);
        send(node, tuple(atom("init_connect_ack"), self(), s.hisTag, s.myTag));
        if (s.lockSetAsked) answerLockSet(s);
    }

    /**
     * {init_connect_ack, Node, MyTag, HisTag}: his server has our tag, so his locker takes a lock_set
     * from us. Ours goes out now, as a BEAM locker's does when it picks the node: with another luanode
     * node, which only answers, nothing would start the locking otherwise.
     */
    private void acked(OtpErlangTuple m) {
        Session s = sessions.get(atomValue(m.elementAt(1)));
        if (s == null || !s.myTag.equals(m.elementAt(2))) return; // an old session's
        if (s.hisTag == null) s.hisTag = m.elementAt(3);
        if (!s.lockSetSent) sendLockSet(s);
    }

    /**
     * {lock_set, HisLocker, IsSet, HisKnown[, MyTag]}: his side is locked (our side is at once), as his
     * answer to ours or on his own; false: he could not lock his partition now, and his locker tries again.
     */
    private void lockSet(OtpErlangTuple m) {
        OtpErlangPid hisLocker = (OtpErlangPid) m.elementAt(1);
        Session s = sessions.get(hisLocker.node());
        if (s == null || (m.arity() == 5 && !s.myTag.equals(m.elementAt(4)))) return; // an old session's
        if (!m.elementAt(2).equals(new OtpErlangAtom(true))) {
            s.lockSetSent = false; // his next lock_set comes on his own, and is answered
            return;
        }
        s.lockSetAsked = true;
        if (s.hisTag != null) answerLockSet(s);
    }

    private void sendLockSet(Session s) {
        s.lockSetSent = true;
        s.locking = true;
        cast(s.node, tuple(atom("lock_set"), pid(), new OtpErlangAtom(true), knownList(), s.hisTag));
    }

    private void answerLockSet(Session s) {
        if (!s.lockSetSent) sendLockSet(s);
        if (s.exchangeSent) return;
        s.exchangeSent = true;
        cast(s.node, tuple(atom("exchange"), self(), nameList(), new OtpErlangList(), s.hisTag));
    }

    /** {exchange, Node, Names, _Ext, MyTag}: his names; clashes are resolved by the smaller node name. */
    private void exchange(OtpErlangTuple m) {
        String node = atomValue(m.elementAt(1));
        Session s = sessions.get(node);
        if (s == null || !s.myTag.equals(m.elementAt(4))) return;
        List<OtpErlangObject> ops = new ArrayList<>();
        List<OtpErlangObject> forHim = new ArrayList<>();
        for (OtpErlangObject o : (OtpErlangList) m.elementAt(2)) {
            OtpErlangTuple entry = (OtpErlangTuple) o;
            OtpErlangObject name = entry.elementAt(0);
            OtpErlangPid hisPid = (OtpErlangPid) entry.elementAt(1);
            GlobalNames.Entry ours = names.get(name);
            if (ours == null) {
                ops.add(insert(name, hisPid, entry.elementAt(2)));
            } else if (!ours.pid().equals(hisPid) && runtime.node().name().compareTo(node) < 0) {
                // we resolve (the smaller node name does), by the method our holder registered with
                OtpErlangPid keeper = NameClashes.resolve(runtime, this, ours.method(), name, hisPid, ours.pid());
                if (hisPid.equals(keeper)) {
                    ops.add(insert(name, hisPid, entry.elementAt(2)));
                } else if (ours.pid().equals(keeper)) {
                    forHim.add(insert(name, ours.pid(), ours.method()));
                } else {
                    ops.add(tuple(atom("delete"), name));
                    forHim.add(tuple(atom("delete"), name));
                }
            }
        }
        s.ourOps = ops;
        cast(
                node,
                tuple(
                        atom("resolved"),
                        self(),
                        list(forHim),
                        knownList(),
                        atom("unused"),
                        new OtpErlangList(),
                        s.hisTag));
        if (s.hisResolved != null) finish(s);
    }

    /** {resolved, Node, HisResolved, HisKnown, _Unused, _NamesExt, MyTag}. */
    private void resolved(OtpErlangTuple m) {
        String node = atomValue(m.elementAt(1));
        Session s = sessions.get(node);
        if (s == null || !s.myTag.equals(m.elementAt(6))) return;
        s.hisResolved = List.of(((OtpErlangList) m.elementAt(2)).elements());
        s.hisKnown = nodeList((OtpErlangList) m.elementAt(3));
        if (s.ourOps != null) finish(s);
    }

    /** Both sides resolved: names applied; his node and the nodes he knew are in sync with this one. */
    private void finish(Session s) {
        sessions.remove(s.node);
        List<OtpErlangObject> ops = new ArrayList<>(s.ourOps);
        ops.addAll(s.hisResolved);
        doOps(ops);
        nowKnown(s.node);
        learn(s.hisKnown);
        log.debug("global: in sync with {} (known: {})", s.node, known);
    }

    /** {new_nodes, Node, Ops, NamesExt, Nodes, ExtraInfo}: what another partition brought. */
    private void newNodes(OtpErlangTuple m) {
        doOps(List.of(((OtpErlangList) m.elementAt(2)).elements()));
        learn(nodeList((OtpErlangList) m.elementAt(4)));
    }

    /** Nodes now in sync through another: connected to (connect_all) and told so when they are. */
    private void learn(List<String> nodes) {
        for (String n : nodes) {
            if (n.equals(runtime.node().name()) || known.contains(n)) continue;
            nowKnown(n);
            sessions.remove(n);
            if (runtime.distributed().isConnected(n)) {
                cast(n, tuple(atom("in_sync"), self(), new OtpErlangAtom(true)));
            } else if (connectAll) {
                runtime.distributed().ping(n); // as BEAM's connect_all: its nodeup says in_sync
            }
        }
    }

    // ------------------------------------------------------------------ names and locks

    private void doOps(List<OtpErlangObject> ops) {
        for (OtpErlangObject o : ops) {
            OtpErlangTuple op = (OtpErlangTuple) o;
            if (op.elementAt(0).equals(atom("insert"))) {
                OtpErlangTuple e = (OtpErlangTuple) op.elementAt(1);
                register(e.elementAt(0), (OtpErlangPid) e.elementAt(1), e.elementAt(2));
            } else if (op.elementAt(0).equals(atom("delete"))) {
                names.remove(op.elementAt(1), null);
            }
        }
    }

    private void register(OtpErlangObject name, OtpErlangPid pid, OtpErlangObject method) {
        names.put(name, pid, method);
        nameMonitors.put(monitor(pid), name);
    }

    private void call(OtpErlangTuple from, OtpErlangObject request) {
        OtpErlangPid caller = (OtpErlangPid) from.elementAt(0);
        if (request instanceof OtpErlangAtom a) { // questions global asks its own server
            OtpErlangObject answer = switch (a.atomValue()) {
                case "get_known", "get_synced" ->
                    new OtpErlangList(known.stream().map(OtpErlangAtom::new).toArray(OtpErlangObject[]::new));
                case "get_protocol_version" -> new OtpErlangLong(VSN);
                case "get_names_ext" -> new OtpErlangList();
                default -> throw new IllegalArgumentException("unknown call");
            };
            Replies.reply(runtime, this, from, answer);
            return;
        }
        OtpErlangTuple r = (OtpErlangTuple) request;
        OtpErlangObject answer = switch (((OtpErlangAtom) r.elementAt(0)).atomValue() + "/" + r.arity()) {
            case "set_lock/2" -> setLock((OtpErlangTuple) r.elementAt(1), caller);
            case "del_lock/2" -> delLock((OtpErlangTuple) r.elementAt(1), caller);
            case "register/4", "register_ext/5" -> {
                register(r.elementAt(1), (OtpErlangPid) r.elementAt(2), r.elementAt(3));
                yield atom("yes");
            }
            case "unregister/2" -> {
                names.remove(r.elementAt(1), null);
                yield atom("ok");
            }
            case "lua_register/4", "lua_unregister/2" -> {
                GlobalRegistrar registrar = new GlobalRegistrar(runtime, this, r, from);
                runtime.spawn(registrar, registrar::run, null, false, null, null);
                yield null; // the registrar answers
            }
            default -> throw new IllegalArgumentException("unknown call");
        };
        if (answer != null) Replies.reply(runtime, this, from, answer);
    }

    /** {ResourceId, RequesterId}: taken when free or already the same requester's. */
    private OtpErlangObject setLock(OtpErlangTuple id, OtpErlangPid caller) {
        // While a sync session runs, this node is locked as a BEAM locker locks its partition: only the
        // lockers of that session (whose lock id lists this server) get global's lock, so that no name is
        // registered here between the exchange of names and the end of the session (it would be missed
        // by the other side). Registrars, ours and BEAM's, retry.
        if (id.elementAt(0).equals(GLOBAL) && syncing() && !isSessionLock(id.elementAt(1))) {
            return new OtpErlangAtom(false);
        }
        Lock lock = locks.get(id.elementAt(0));
        if (lock != null && !lock.requester.equals(id.elementAt(1))) return new OtpErlangAtom(false);
        if (lock == null) locks.put(id.elementAt(0), lock = new Lock(id.elementAt(1), new LinkedHashMap<>()));
        if (!lock.holders.containsKey(caller)) lock.holders.put(caller, monitor(caller));
        return new OtpErlangAtom(true);
    }

    private boolean syncing() {
        for (Session s : sessions.values()) if (s.locking) return true;
        return false;
    }

    /** A sync session's lock id: {global, [LockerA, LockerB]} with this server among the lockers. */
    private boolean isSessionLock(OtpErlangObject requester) {
        if (!(requester instanceof OtpErlangList lockers)) return false;
        for (OtpErlangObject locker : lockers) if (locker.equals(pid())) return true;
        return false;
    }

    private OtpErlangObject delLock(OtpErlangTuple id, OtpErlangPid caller) {
        Lock lock = locks.get(id.elementAt(0));
        if (lock != null && lock.requester.equals(id.elementAt(1))) {
            OtpErlangRef ref = lock.holders.remove(caller);
            if (ref != null) runtime.relationships().demonitor(this, ref);
            if (lock.holders.isEmpty()) locks.remove(id.elementAt(0));
        }
        return new OtpErlangAtom(true);
    }

    @Override
    protected void down(Signal.Down down) {
        OtpErlangObject name = nameMonitors.remove(down.ref());
        if (name != null) names.remove(name, (OtpErlangPid) down.target());
        locks.values().forEach(lock -> lock.holders.values().remove(down.ref()));
        locks.values().removeIf(lock -> lock.holders.isEmpty());
    }

    // ------------------------------------------------------------------ terms

    private OtpErlangList nameList() {
        List<OtpErlangObject> out = new ArrayList<>();
        names.snapshot().forEach((name, e) -> out.add(tuple(name, e.pid(), e.method())));
        return list(out);
    }

    /** Known nodes as version 7+ lists them: [{Node, Vsn}]. */
    private OtpErlangList knownList() {
        List<OtpErlangObject> out = new ArrayList<>();
        for (String n : known) out.add(tuple(new OtpErlangAtom(n), new OtpErlangLong(VSN)));
        return list(out);
    }

    private static List<String> nodeList(OtpErlangList nodes) {
        List<String> out = new ArrayList<>();
        for (OtpErlangObject o : nodes) {
            OtpErlangObject n = o instanceof OtpErlangTuple t ? t.elementAt(0) : o;
            if (n instanceof OtpErlangAtom a) out.add(a.atomValue());
        }
        return out;
    }

    private static OtpErlangTuple insert(OtpErlangObject name, OtpErlangPid pid, OtpErlangObject method) {
        return tuple(atom("insert"), tuple(name, pid, method));
    }

    private OtpErlangRef monitor(OtpErlangPid pid) {
        String node = runtime.node().isRemote(pid) ? pid.node() : null;
        return runtime.relationships().monitor(this, pid, node, pid);
    }

    private void cast(String node, OtpErlangObject message) {
        send(node, tuple(atom("$gen_cast"), message));
    }

    private void send(String node, OtpErlangObject message) {
        runtime.distributed().sendByName(this, node, NAME, message);
    }

    private OtpErlangAtom self() {
        return new OtpErlangAtom(runtime.node().name());
    }

    private static String atomValue(OtpErlangObject o) {
        return ((OtpErlangAtom) o).atomValue();
    }

    static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }

    static OtpErlangList list(List<OtpErlangObject> elements) {
        return new OtpErlangList(elements.toArray(OtpErlangObject[]::new));
    }
}
