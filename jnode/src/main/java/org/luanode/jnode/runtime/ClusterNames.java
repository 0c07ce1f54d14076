package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.luanode.jnode.kernel.GlobalNameServer;
import org.luanode.jnode.kernel.NameClashes;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.PinnedProcessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ConcurrentLua's cluster-wide names mapped onto Erlang's {@code global}: the one place that does it.
 *
 * <p>On a distributed node with the {@code connectall} option (its default), the reference takes a name
 * on every connected node at once and lists the names of the whole cluster. Here such a name is
 * registered twice, with one meaning: locally (so {@code {name, node}} and {@code erlang:whereis/1}
 * find it, as with any registered name) and in {@code global} (so every node in sync, BEAM or Lua,
 * sees it: {@code global:whereis_name/1}, and a name taken anywhere is refused). {@code whereis} and
 * sends by name look locally, then in global's names; {@code registered()} lists both. The name goes
 * everywhere with {@code unregister} or the end of the process (global monitors it). When two nodes
 * that hold the same name meet, one keeps the global name and the other process goes on with its
 * local one ({@link NameClashes#KEEP_LOCAL}): the same script on many nodes keeps a name on each.
 *
 * <p>The reference sends a node's names in its connect message, so they are known before anything else
 * from that node arrives. Global exchanges names in a sync session that runs beside the messages, so
 * a process's first contact with a node ({@link #awaitInSync}) waits until global is in sync with it
 * (a few milliseconds; at most {@value #SYNC_WAIT_MILLIS} ms, once per connection, should the node not
 * sync).
 */
final class ClusterNames {
    static final long SYNC_WAIT_MILLIS = 3000;
    private static final Logger log = LoggerFactory.getLogger("luanode.registry");

    private final NodeRuntime runtime;
    private final GlobalLib global;

    ClusterNames(NodeRuntime runtime, GlobalLib global) {
        this.runtime = runtime;
        this.global = global;
    }

    /** Takes {@code name} here and in global; false when it is taken in either. The caller waits for global. */
    boolean register(String name, ErlangProcess p) {
        OtpErlangAtom atom = new OtpErlangAtom(name);
        if (GlobalLib.whereis(runtime, atom) != null || !runtime.register(name, p)) return false;
        if (global.register(atom, p.pid(), true)) return true;
        if (runtime.processes.whereis(name) == p) runtime.unregister(name); // taken meanwhile elsewhere
        return false;
    }

    /** Frees a name of this node here and, when global has it for the same process, everywhere. */
    boolean unregister(String name) {
        ErlangProcess p = runtime.processes.whereis(name);
        if (p == null || !runtime.unregister(name)) return false;
        OtpErlangAtom atom = new OtpErlangAtom(name);
        if (p.pid().equals(GlobalLib.whereis(runtime, atom))) global.unregister(atom);
        return true;
    }

    /**
     * Before process {@code self} first reaches {@code node}: connects to it and waits until global is
     * in sync with it, so that names registered on either side are known on the other. At once when
     * it is (the common case: one map lookup).
     */
    static void awaitInSync(NodeRuntime runtime, LuaProcess self, String node) {
        GlobalNameServer g = runtime.global();
        if (g == null || !g.isAlive()) return;
        CompletableFuture<Void> synced = g.inSync(node);
        if (synced.isDone()) return;
        try {
            runtime.processes.outside(self, () -> waitForSync(runtime, node, synced));
        } catch (PinnedProcessException e) {
            // a process that cannot wait here (inside a metamethod, say) goes on without waiting
        }
    }

    private static Void waitForSync(NodeRuntime runtime, String node, CompletableFuture<Void> synced) {
        try {
            if (!runtime.distributed().ping(node).get()) return null; // its messages fail as they would
            if (!runtime.distributed().isVisible(node)) synced.complete(null); // hidden: global leaves it out
            synced.get(SYNC_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.warn("global did not sync with {} within {} ms; going on without its names", node, SYNC_WAIT_MILLIS);
            synced.complete(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.debug("reaching {}: {}", node, e.getMessage());
        }
        return null;
    }

    /** A name of another node's process, as global knows it; null when there is none. */
    static OtpErlangPid whereis(NodeRuntime runtime, String name) {
        return GlobalLib.whereis(runtime, new OtpErlangAtom(name));
    }

    /** This node's names (its programs', not its services') and global's atom names, sorted. */
    List<String> registered(List<String> local) {
        TreeSet<String> all = new TreeSet<>(local);
        for (OtpErlangObject name : GlobalLib.names(runtime))
            if (name instanceof OtpErlangAtom a) all.add(a.atomValue());
        return List.copyOf(all);
    }
}
