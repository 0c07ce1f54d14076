package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.EpmdProtocol;
import org.luanode.jnode.epmd.PortMapperLauncher;
import org.luanode.jnode.process.DistributionStarter;
import org.luanode.jnode.process.IoLoop;
import org.luanode.jnode.process.LocalNode;
import org.luanode.jnode.process.NodeSignals;
import org.luanode.jnode.process.RemoteNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in Erlang distribution: registered with the port mapper, it accepts
 * ({@link Acceptor}) and opens ({@link Connector}) connections, one per peer ({@link ConnectionTable}),
 * keeps them alive ({@link Ticker}), hands what peers send to the process model through
 * {@link NodeSignals} ({@link ControlHandler}) and carries what the model sends ({@link RemoteNodes}).
 */
public final class Distribution implements RemoteNodes, Connection.Listener {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");

    private final String name;
    private final NodeSignals signals;
    private final ConnectionTable connections;
    private final Connector connector;
    private final Acceptor acceptor;
    private final Ticker ticker;
    private final EpmdClient.Registration registration;
    private final SpawnRequests spawnRequests = new SpawnRequests();
    private final OutgoingCalls calls = new OutgoingCalls();
    private final ControlHandler handler;
    private final AtomicLong unlinkIds = new AtomicLong(1);
    private volatile boolean closed;

    /** How the process model starts distribution, names nodes and finds the cookie, as erl does. */
    public static final DistributionStarter STARTER = new DistributionStarter() {
        @Override
        public RemoteNodes start(
                NodeSignals signals, LocalNode node, IoLoop io, String nodeName, Supplier<String> cookie)
                throws IOException {
            return Distribution.start(signals, node, io, nodeName, cookie);
        }

        @Override
        public String fullName(String name, boolean shortNames) {
            return NodeNames.full(name, shortNames);
        }

        @Override
        public String defaultCookie() throws IOException {
            return Cookie.readOrCreate(Cookie.defaultFile());
        }
    };

    private Distribution(
            NodeSignals signals,
            IoLoop io,
            String name,
            Supplier<String> cookie,
            ServerSocketChannel listener,
            ProtoDist proto,
            EpmdClient.Registration registration,
            int epmdPort,
            long netTicktimeSeconds) {
        this.name = name;
        this.signals = signals;
        this.registration = registration;
        HandshakeSettings settings = new HandshakeSettings(name, registration.creation(), cookie);
        this.handler = new ControlHandler(signals, spawnRequests, calls);
        this.connections = new ConnectionTable(name, io, this);
        this.connector = new Connector(settings, proto, epmdPort, connections, this::nodeUp);
        this.acceptor = new Acceptor(listener, settings, proto, connections, this::nodeUp);
        this.ticker = new Ticker(connections, netTicktimeSeconds);
    }

    /**
     * Makes {@code node} a distributed node named {@code nodeName}: listens ({@link ListenSettings}: an
     * ephemeral port on every interface unless erl's inet_dist_* parameters say otherwise), makes
     * sure a port mapper answers (starting epmd as erl does, or the built-in mapper on hosts without
     * Erlang), registers there, and renames the node so every pid carries the new name and creation.
     */
    public static Distribution start(
            NodeSignals signals, LocalNode node, IoLoop io, String nodeName, Supplier<String> cookie)
            throws IOException {
        NodeNames.validate(nodeName);
        int epmdPort = EpmdProtocol.configuredPort();
        ProtoDist proto = ProtoDist.fromProperties(); // TLS settings are read and checked before anything starts
        ServerSocketChannel listener = ListenSettings.fromProperties().open();
        EpmdClient.Registration registration;
        try {
            PortMapperLauncher.ensureRunning(epmdPort);
            registration = EpmdClient.local(epmdPort)
                    .register(NodeNames.alive(nodeName), listener.socket().getLocalPort());
        } catch (IOException e) {
            listener.close();
            throw new IOException(
                    "cannot register '" + nodeName + "' with the port mapper on port " + epmdPort + ": "
                            + e.getMessage(),
                    e);
        }
        long ticktime = Long.getLong("luanode.net_ticktime", 60);
        Distribution d =
                new Distribution(signals, io, nodeName, cookie, listener, proto, registration, epmdPort, ticktime);
        node.rename(nodeName, registration.creation());
        log.info(
                "node {} up (port {}, creation {}, {})",
                nodeName,
                d.acceptor.port(),
                registration.creation(),
                proto.name());
        return d;
    }

    public String name() {
        return name;
    }

    /** Stops being a distributed node: connections close (links and monitors fire), the name is freed. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ticker.close();
        acceptor.close();
        connector.close();
        // What processes sent before the node stopped still goes out (a script's last message, then it ends).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Connection c : connections.all()) c.closeAfterWriting("node shut down", deadline);
        try {
            registration.close();
        } catch (IOException ignored) {
            // the mapper notices the closed connection either way
        }
        log.info("node {} down", name);
    }

    // ------------------------------------------------------------------ connections (Connection.Listener)

    @Override
    public void packet(Connection from, byte[] packet) {
        handler.packet(from, packet);
    }

    /** Called once per closed connection: the process model fires noconnection for everything across it. */
    @Override
    public void closed(Connection c, String why) {
        boolean wasUp = connections.remove(c);
        spawnRequests.nodeDown(c.peer, why);
        calls.nodeDown(c.peer, why);
        if (wasUp) log.info("node {} disconnected: {}", c.peer, why);
        signals.nodeDown(c.peer, isVisible(c));
    }

    private void nodeUp(String node) {
        signals.nodeUp(node, isVisible(connections.get(node)));
    }

    /** A node that publishes itself (DFLAG_PUBLISHED), as BEAM nodes do; JInterface and C nodes are hidden. */
    private static boolean isVisible(Connection c) {
        return c != null && (c.flags() & DistFlags.PUBLISHED) != 0;
    }

    /** The live connection to a node, or null (for tests of this package). */
    Connection existing(String node) {
        return connections.get(node);
    }

    @Override
    public boolean disconnect(String node) {
        Connection c = connections.get(node);
        if (c == null || !c.isUp()) return false;
        c.close("disconnected");
        return true;
    }

    @Override
    public boolean isVisible(String node) {
        Connection c = connections.get(node);
        return c != null && c.isUp() && isVisible(c);
    }

    private Connection connection(String node) {
        return connections.getOrConnect(node, connector::start);
    }

    // ------------------------------------------------------------------ outgoing (RemoteNodes)

    @Override
    public void send(OtpErlangPid from, OtpErlangPid to, OtpErlangObject message) {
        connection(to.node()).send(new ControlMessage.Send(null, to), message);
    }

    @Override
    public void sendByName(OtpErlangPid from, String node, String toName, OtpErlangObject message) {
        connection(node).send(new ControlMessage.RegSend(from, toName), message);
    }

    @Override
    public void sendToAlias(OtpErlangPid from, OtpErlangRef alias, OtpErlangObject message) {
        connection(alias.node()).send(new ControlMessage.AliasSend(from, alias), message);
    }

    @Override
    public void link(OtpErlangPid from, OtpErlangPid to) {
        connection(to.node()).send(new ControlMessage.Link(from, to), null);
    }

    @Override
    public void unlink(OtpErlangPid from, OtpErlangPid to) {
        Connection c = connection(to.node());
        if ((c.flags() & DistFlags.UNLINK_ID) != 0 || !c.isUp()) {
            c.send(new ControlMessage.UnlinkId(unlinkIds.getAndIncrement(), from, to), null);
        } else {
            c.send(new ControlMessage.Unlink(from, to), null);
        }
    }

    @Override
    public void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink) {
        Connection c = connections.get(to.node());
        if (c == null) {
            if (viaLink) return; // no connection: the peer learns of it as noconnection
            c = connection(to.node());
        }
        c.send(viaLink ? new ControlMessage.Exit(from, to, reason) : new ControlMessage.Exit2(from, to, reason), null);
    }

    @Override
    public void monitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref) {
        connection(node).send(new ControlMessage.MonitorP(watcher, target, ref), null);
    }

    @Override
    public void demonitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref) {
        Connection c = connections.get(node);
        if (c != null) c.send(new ControlMessage.DemonitorP(watcher, target, ref), null);
    }

    @Override
    public void monitorExit(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason) {
        Connection c = connections.get(watcher.node());
        if (c != null) c.send(new ControlMessage.MonitorPExit(target, watcher, ref, reason), null);
    }

    @Override
    public CompletableFuture<OtpErlangPid> spawn(
            OtpErlangPid from,
            String node,
            String module,
            String function,
            OtpErlangList args,
            List<String> options,
            OtpErlangRef requestId,
            Consumer<OtpErlangPid> onSpawned) {
        CompletableFuture<OtpErlangPid> reply = spawnRequests.sent(requestId, node, onSpawned);
        OtpErlangObject[] opts = options.stream().map(OtpErlangAtom::new).toArray(OtpErlangObject[]::new);
        ControlMessage.SpawnRequest request =
                new ControlMessage.SpawnRequest(requestId, from, from, module, function, new OtpErlangList(opts), args);
        connection(node).send(request, args);
        return reply;
    }

    @Override
    public CompletableFuture<OtpErlangObject> call(
            OtpErlangPid from, String node, String module, String function, OtpErlangList args, OtpErlangRef ref) {
        CompletableFuture<OtpErlangObject> result = calls.sent(ref, node);
        OtpErlangList executeCallArgs = new OtpErlangList(
                new OtpErlangObject[] {ref, new OtpErlangAtom(module), new OtpErlangAtom(function), args});
        ControlMessage.SpawnRequest request = new ControlMessage.SpawnRequest(
                ref,
                from,
                from,
                "erpc",
                "execute_call",
                new OtpErlangList(new OtpErlangAtom("monitor")),
                executeCallArgs);
        connection(node).send(request, executeCallArgs);
        return result;
    }

    @Override
    public List<String> nodes() {
        return connections.upNodes();
    }

    @Override
    public boolean isConnected(String node) {
        Connection c = connections.get(node);
        return c != null && c.isUp();
    }

    @Override
    public CompletableFuture<Boolean> ping(String node) {
        if (node.equals(name)) return CompletableFuture.completedFuture(true);
        return connection(node).whenUp().copy().completeOnTimeout(false, 10, TimeUnit.SECONDS);
    }
}
