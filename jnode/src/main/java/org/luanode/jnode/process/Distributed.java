package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node as a member of a cluster: becoming distributed (name, cookie), messages and spawns towards
 * other nodes, and the {@link NodeSignals} through which the network delivers to the node's processes.
 * The network itself is behind {@link RemoteNodes}, attached while the node is distributed.
 */
public final class Distributed {
    private static final Logger log = LoggerFactory.getLogger("luanode.process");

    private final ProcessRuntime runtime;
    private final IncomingSignals incoming;
    private volatile RemoteNodes remote;
    private volatile DistributionStarter starter;
    private volatile String cookie;

    Distributed(ProcessRuntime runtime) {
        this.runtime = runtime;
        this.incoming = new IncomingSignals(runtime);
    }

    /** The network while the node is distributed, else null. */
    public RemoteNodes remote() {
        return remote;
    }

    /** How processes are made for spawn requests from other nodes (the host's part). */
    public void setSpawnHandler(SpawnHandler handler) {
        incoming.spawnHandler = handler;
    }

    public void setStarter(DistributionStarter starter) {
        this.starter = starter;
    }

    /** Makes this node distributed (concurrent.init, --sname/--name); the name may lack its host. */
    public synchronized RemoteNodes start(String name, boolean shortNames) throws IOException {
        DistributionStarter s = starter;
        if (s == null) throw new IOException("this runtime has no distribution");
        String nodeName = s.fullName(name, shortNames);
        if (remote != null) {
            if (nodeName.equals(runtime.node.name())) return remote; // --sname given, and the script calls init too
            throw new IOException("this node is distributed already, as " + runtime.node.name());
        }
        if (cookie == null) cookie = s.defaultCookie();
        remote = s.start(incoming, runtime.node, runtime.io(), nodeName, () -> cookie);
        return remote;
    }

    /** Stops distribution (concurrent.shutdown): links and monitors across nodes fire noconnection. */
    public void stop() {
        RemoteNodes r;
        synchronized (this) {
            r = remote;
            if (r == null) return;
        }
        try {
            r.close();
        } catch (RuntimeException e) {
            log.warn("error while shutting down distribution", e);
        }
        synchronized (this) {
            if (remote == r) {
                remote = null;
                runtime.node.rename(LocalNode.UNDISTRIBUTED, 0);
            }
        }
    }

    /** The cookie: set, or erl's default (~/.erlang.cookie) once asked for. */
    public String cookie() throws IOException {
        if (cookie == null && starter != null) cookie = starter.defaultCookie();
        return cookie;
    }

    public void setCookie(String c) {
        cookie = c;
    }

    /** Connected nodes (none when not distributed). */
    public List<String> nodes() {
        RemoteNodes r = remote;
        return r == null ? List.of() : r.nodes();
    }

    public boolean isConnected(String nodeName) {
        RemoteNodes r = remote;
        return r != null && r.isConnected(nodeName);
    }

    /** Whether a node is connected and visible (hidden nodes, such as JInterface ones, are not). */
    public boolean isVisible(String nodeName) {
        RemoteNodes r = remote;
        return r != null && r.isVisible(nodeName);
    }

    /** Takes down the connection to a node (erlang:disconnect_node); false when there was none. */
    public boolean disconnect(String nodeName) {
        RemoteNodes r = remote;
        return r != null && r.disconnect(nodeName);
    }

    /** Connected visible nodes: those the kernel's services (global, pg) work with. */
    public List<String> visibleNodes() {
        return nodes().stream().filter(this::isVisible).toList();
    }

    /** Whether a node answers (connecting when needed); this node answers while it is distributed. */
    public CompletableFuture<Boolean> ping(String nodeName) {
        RemoteNodes r = remote;
        if (r == null) return CompletableFuture.completedFuture(false);
        if (nodeName.equals(runtime.node.name())) return CompletableFuture.completedFuture(true);
        return r.ping(nodeName);
    }

    /** Sends to a process of another node; false when this node is not distributed. */
    boolean send(ErlangProcess from, OtpErlangPid to, Object message) {
        RemoteNodes r = remote;
        if (r == null) return false;
        r.send(from.pid(), to, runtime.terms.messageToTerm(message));
        return true;
    }

    /** Sends to a registered name on another node; false when this node is not distributed. */
    public boolean sendByName(ErlangProcess from, String nodeName, String name, Object message) {
        RemoteNodes r = remote;
        if (r == null) return false;
        r.sendByName(from.pid(), nodeName, name, runtime.terms.messageToTerm(message));
        return true;
    }

    /**
     * Calls {@code module:function(args)} on another node (erpc:call's protocol) for {@code from} (null:
     * the node itself);
     * fails when this node is not distributed, the node cannot be reached, or the call fails there.
     */
    public CompletableFuture<OtpErlangObject> call(
            ErlangProcess from, String nodeName, String module, String function, OtpErlangList args) {
        RemoteNodes r = remote;
        if (r == null) return CompletableFuture.failedFuture(new IOException("this node is not distributed"));
        OtpErlangPid caller = from != null ? from.pid() : runtime.node.systemPid();
        return r.call(caller, nodeName, module, function, args, runtime.node.newRef());
    }

    /**
     * Sends to a process alias of another node (gen_server callers since OTP 24 wait for their reply
     * through one); false when this node is not distributed.
     */
    public boolean sendToAlias(ErlangProcess from, OtpErlangRef alias, Object message) {
        RemoteNodes r = remote;
        if (r == null) return false;
        r.sendToAlias(from.pid(), alias, runtime.terms.messageToTerm(message));
        return true;
    }

    /** A process started on another node, and the monitor reference when one was asked for. */
    public record RemoteSpawn(CompletableFuture<OtpErlangPid> pid, OtpErlangRef monitor) {}

    /**
     * Asks another node for a process running {@code module:function(args)}, linked to or monitored by
     * {@code from} when asked; the link or monitor is recorded as the reply is read (the new process may
     * end at once, and its EXIT or DOWN comes right behind the reply).
     */
    public RemoteSpawn spawn(
            ErlangProcess from,
            String nodeName,
            String module,
            String function,
            OtpErlangList args,
            boolean link,
            boolean monitor) {
        RemoteNodes r = remote;
        if (r == null) {
            return new RemoteSpawn(
                    CompletableFuture.failedFuture(new IOException("this node is not distributed")), null);
        }
        List<String> options = new ArrayList<>();
        if (link) options.add("link");
        if (monitor) options.add("monitor");
        OtpErlangRef requestId = runtime.node.newRef();
        CompletableFuture<OtpErlangPid> reply =
                r.spawn(from.pid(), nodeName, module, function, args, options, requestId, pid -> {
                    if (link) runtime.relationships.adoptRemoteLink(from, pid);
                    if (monitor) runtime.relationships.adoptRemoteMonitor(from, pid, requestId, pid);
                });
        return new RemoteSpawn(reply, monitor ? requestId : null);
    }

    /** The host's part in spawn requests from other nodes. */
    public interface SpawnHandler {
        /**
         * Starts a process for {@code module:function(args)}, calling {@code beforeStart} with it before it
         * runs (under the scheduler lock). Returns an error term instead of a process when it cannot.
         */
        Object spawn(
                String module,
                String function,
                OtpErlangList args,
                java.util.function.Consumer<ErlangProcess> beforeStart);
    }

    /** What a node without a spawn handler answers to spawn requests. */
    static final OtpErlangAtom NOT_SUPPORTED = new OtpErlangAtom("notsup");
}
