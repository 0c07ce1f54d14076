package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names registered across the cluster, as ConcurrentLua registers them on a distributed node with
 * {@code connectall} (its default): a name is taken on every connected node at once, with a lock round
 * and a commit round among the nodes, and {@code registered()} and {@code whereis} see the names of
 * the whole cluster. This is the one place that maps ConcurrentLua's cluster-wide names onto the
 * network. It speaks among luanode nodes: when two connect, each sends the other a hello to the name
 * {@value #MODULE} with its own names (a BEAM node drops it: no process there has that name), which
 * makes the sender a member; the rounds are calls into the members' built-in module {@value #MODULE}
 * ({@link #serve}). Nodes that never said hello (BEAM nodes) take no part and are never called.
 * Erlang's own cluster-wide registry, {@code global}, would take this class's place.
 *
 * <p>Names of other nodes are kept here ({@link #remoteNames}); this node's own names live in its
 * {@link Registry}. Thread-safe: the maps are concurrent, and the rounds run on the caller's thread
 * (a process waiting outside the Lua thread) or on virtual threads.
 */
public final class ClusterRegistry {
    private static final Logger log = LoggerFactory.getLogger("luanode.registry");
    /** The module other luanode nodes call; a BEAM node answers such a call with undef. */
    public static final String MODULE = "luanode_registry";

    private static final long CALL_TIMEOUT_SECONDS = 5;
    private static final long LOCK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final OtpErlangAtom TRUE = new OtpErlangAtom(true);
    private static final OtpErlangAtom FALSE = new OtpErlangAtom(false);
    private static final OtpErlangAtom HELLO = new OtpErlangAtom("luanode_hello");

    private final ProcessRuntime runtime;
    /** Names registered on other nodes: name -> pid. */
    private final Map<String, OtpErlangPid> remoteNames = new ConcurrentHashMap<>();
    /** Connected luanode nodes that said hello: the ones that take part. */
    private final Set<String> members = ConcurrentHashMap.newKeySet();
    /** Names locked for another node's registration: name -> who, and since when. */
    private final Map<String, Lock> locks = new ConcurrentHashMap<>();

    private record Lock(OtpErlangPid pid, long since) {}

    ClusterRegistry(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /** The pid registered under {@code name} anywhere in the cluster, or null. */
    public OtpErlangPid whereis(String name) {
        ErlangProcess local = runtime.registry.whereis(name);
        return local != null ? local.pid() : remoteNames.get(name);
    }

    /** Every name registered in the cluster by the nodes' programs (not their system processes), sorted. */
    public List<String> registered() {
        TreeSet<String> all = new TreeSet<>(programNames());
        all.addAll(remoteNames.keySet());
        return new ArrayList<>(all);
    }

    /**
     * Registers {@code name} for a local process on every connected node; false when it is taken
     * anywhere or a node refuses its lock. Blocks for the rounds: call it outside the Lua thread.
     */
    public boolean register(ErlangProcess caller, String name, ErlangProcess p) {
        if (whereis(name) != null) return false;
        OtpErlangPid pid = p.pid();
        List<String> peers = List.copyOf(members);
        List<String> locked = new ArrayList<>();
        for (String node : peers) {
            OtpErlangObject answer = call(caller, node, "lock", new OtpErlangAtom(name), pid);
            if (FALSE.equals(answer)) {
                for (String n : locked) call(caller, n, "unlock", new OtpErlangAtom(name), pid);
                return false;
            }
            if (TRUE.equals(answer)) locked.add(node);
        }
        if (!runtime.register(name, p)) {
            for (String n : locked) call(caller, n, "unlock", new OtpErlangAtom(name), pid);
            return false;
        }
        for (String node : locked) call(caller, node, "commit", new OtpErlangAtom(name), pid);
        return true;
    }

    /** Unregisters a local name here and on every connected node; false when no local process has it. */
    public boolean unregister(ErlangProcess caller, String name) {
        ErlangProcess p = runtime.registry.whereis(name);
        if (p == null || !runtime.unregister(name)) return false;
        for (String node : List.copyOf(members)) call(caller, node, "drop", new OtpErlangAtom(name), p.pid());
        return true;
    }

    /** A local process with a name ended: the other nodes forget the name (in the background). */
    void processEnded(String name, OtpErlangPid pid) {
        List<String> peers = List.copyOf(members);
        if (peers.isEmpty()) return;
        Thread.startVirtualThread(() -> {
            for (String node : peers) call(null, node, "drop", new OtpErlangAtom(name), pid);
        });
    }

    /** A node connected: tells it this node's names (a luanode node answers in kind; a BEAM node drops it). */
    void nodeUp(String node) {
        RemoteNodes r = runtime.distributed.remote();
        if (r != null) r.sendByName(runtime.node.systemPid(), node, MODULE, hello());
    }

    private OtpErlangTuple hello() {
        return new OtpErlangTuple(new OtpErlangObject[] {HELLO, ownNames()});
    }

    /** A luanode node's hello: it is a member, and these are its names. */
    void hello(String node, OtpErlangObject message) {
        if (!(message instanceof OtpErlangTuple t
                && t.arity() == 2
                && HELLO.equals(t.elementAt(0))
                && t.elementAt(1) instanceof OtpErlangList names)) {
            log.debug("ignored a message to {} from {}: {}", MODULE, node, message);
            return;
        }
        members.add(node);
        for (OtpErlangObject o : names) {
            if (o instanceof OtpErlangTuple entry
                    && entry.arity() == 2
                    && entry.elementAt(0) instanceof OtpErlangAtom n
                    && entry.elementAt(1) instanceof OtpErlangPid pid
                    && runtime.registry.whereis(n.atomValue()) == null) {
                remoteNames.putIfAbsent(n.atomValue(), pid);
            }
        }
    }

    /** A node went away: its names are gone. */
    void nodeDown(String node) {
        members.remove(node);
        remoteNames.values().removeIf(pid -> pid.node().equals(node));
        locks.values().removeIf(lock -> lock.pid().node().equals(node));
    }

    /**
     * Another luanode node's call into {@value #MODULE}: {@code lock(Name, Pid)} (true: locked for it),
     * {@code unlock(Name, Pid)}, {@code commit(Name, Pid)}, {@code drop(Name, Pid)} and {@code names()}
     * ({@code [{Name, Pid}]} of this node's own names). Null for anything else.
     */
    public OtpErlangObject serve(String function, OtpErlangList args) {
        if (function.equals("names") && args.arity() == 0) return ownNames();
        if (args.arity() != 2
                || !(args.elementAt(0) instanceof OtpErlangAtom n)
                || !(args.elementAt(1) instanceof OtpErlangPid pid)) {
            return null;
        }
        String name = n.atomValue();
        switch (function) {
            case "lock" -> {
                if (whereis(name) != null) return FALSE;
                long now = System.nanoTime();
                Lock mine = new Lock(pid, now);
                Lock held = locks.merge(
                        name,
                        mine,
                        (old, fresh) ->
                                old.pid().equals(fresh.pid()) || now - old.since() > LOCK_TIMEOUT_NANOS ? fresh : old);
                return held == mine ? TRUE : FALSE;
            }
            case "unlock" -> {
                locks.computeIfPresent(name, (k, lock) -> lock.pid().equals(pid) ? null : lock);
                return TRUE;
            }
            case "commit" -> {
                locks.computeIfPresent(name, (k, lock) -> lock.pid().equals(pid) ? null : lock);
                if (runtime.registry.whereis(name) == null) remoteNames.put(name, pid);
                return TRUE;
            }
            case "drop" -> {
                remoteNames.remove(name, pid);
                return TRUE;
            }
            default -> {
                return null;
            }
        }
    }

    /** This node's registered names but those of its system processes (pg scopes, global's server). */
    private List<String> programNames() {
        List<String> names = new ArrayList<>();
        for (String name : runtime.registry.names()) {
            ErlangProcess p = runtime.registry.whereis(name);
            if (p != null && !p.isSystem()) names.add(name);
        }
        return names;
    }

    private OtpErlangList ownNames() {
        List<OtpErlangObject> own = new ArrayList<>();
        for (String name : programNames()) {
            ErlangProcess p = runtime.registry.whereis(name);
            if (p != null) own.add(new OtpErlangTuple(new OtpErlangObject[] {new OtpErlangAtom(name), p.pid()}));
        }
        return new OtpErlangList(own.toArray(new OtpErlangObject[0]));
    }

    /** A call into another node's registry module; null when it has none or does not answer. */
    private OtpErlangObject call(ErlangProcess caller, String node, String function, OtpErlangObject... args) {
        CompletableFuture<OtpErlangObject> result =
                runtime.distributed.call(caller, node, MODULE, function, new OtpErlangList(args));
        try {
            return result.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("{}:{} on {}: {}", MODULE, function, node, e.getMessage());
            return null;
        }
    }
}
