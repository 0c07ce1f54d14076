package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What the process model asks of the network: the signals it sends to processes on other nodes.
 * Implemented by the distribution layer; every call only queues (connecting first when needed), so no
 * process waits on the network. When a node cannot be reached, links and monitors towards it fire with
 * reason noconnection (through {@link NodeSignals#nodeDown}).
 */
public interface RemoteNodes {
    void send(OtpErlangPid from, OtpErlangPid to, OtpErlangObject message);

    void sendByName(OtpErlangPid from, String node, String name, OtpErlangObject message);

    /** A message to a process alias (a reference of the alias's node): ALIAS_SEND. */
    void sendToAlias(OtpErlangPid from, OtpErlangRef alias, OtpErlangObject message);

    void link(OtpErlangPid from, OtpErlangPid to);

    void unlink(OtpErlangPid from, OtpErlangPid to);

    /** An exit signal: through a link (EXIT) or sent directly (EXIT2, erlang:exit/2). */
    void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink);

    /** A monitor on a remote process, given by pid or by registered name (an atom). */
    void monitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref);

    void demonitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref);

    /** Tells a remote watcher that the process it monitored (named as it named it) has ended. */
    void monitorExit(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason);

    /**
     * Asks a node to spawn {@code module:function(args)}; completes with the new pid, or fails.
     * {@code onSpawned} is called with the pid as soon as the reply is read, before any later signal from
     * the new process (an exit through the link, a monitor's DOWN): the place to record what the options
     * set up.
     */
    CompletableFuture<OtpErlangPid> spawn(
            OtpErlangPid from,
            String node,
            String module,
            String function,
            OtpErlangList args,
            List<String> options,
            OtpErlangRef requestId,
            Consumer<OtpErlangPid> onSpawned);

    /**
     * Calls {@code module:function(args)} on another node, as erpc:call does (the process {@code from}
     * is named as the caller; nothing reaches its mailbox); completes with the result, or fails with
     * the error, an exception or a lost connection. {@code ref} is a new reference of this node.
     */
    CompletableFuture<OtpErlangObject> call(
            OtpErlangPid from, String node, String module, String function, OtpErlangList args, OtpErlangRef ref);

    /** Connected nodes. */
    List<String> nodes();

    /** Connects when not connected; completes with whether the node is reachable. */
    CompletableFuture<Boolean> ping(String node);

    /** Whether there is a connection to the node right now. */
    boolean isConnected(String node);

    /** Whether the node is connected and visible (not a hidden node such as a JInterface node). */
    boolean isVisible(String node);

    /** Takes down the connection to a node (erlang:disconnect_node); false when there was none. */
    boolean disconnect(String node);

    /** Stops being a distributed node: connections close (links and monitors fire), the name is freed. */
    void close();
}
