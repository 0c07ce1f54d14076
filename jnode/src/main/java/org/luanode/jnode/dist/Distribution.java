package org.luanode.jnode.dist;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luanode.bridge.TermBridge;
import org.luanode.bridge.TermCodec;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.EpmdProtocol;
import org.luanode.jnode.epmd.PortMapperLauncher;
import org.luanode.jnode.runtime.DistributionStarter;
import org.luanode.jnode.runtime.NodeRuntime;
import org.luanode.jnode.runtime.RemoteNodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * This node's part in Erlang distribution: it registers with the port mapper, accepts and opens
 * connections (handshake version 6), keeps them alive with ticks, and translates control messages
 * (erl_dist_protocol "Protocol between Connected Nodes") to and from the runtime's process model.
 */
public final class Distribution implements RemoteNodes, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");
    static final int MAX_PACKET = Integer.getInteger("luanode.dist.maxPacket", 256 << 20);
    /** How long connecting and a handshake may take (net_setuptime's default). */
    private static final int HANDSHAKE_TIMEOUT_MILLIS = 7000;

    // Control message tags
    private static final int LINK = 1, SEND = 2, EXIT = 3, UNLINK = 4, REG_SEND = 6, GROUP_LEADER = 7, EXIT2 = 8,
            SEND_TT = 12, EXIT_TT = 13, REG_SEND_TT = 16, EXIT2_TT = 18, MONITOR_P = 19, DEMONITOR_P = 20,
            MONITOR_P_EXIT = 21, SEND_SENDER = 22, SEND_SENDER_TT = 23, PAYLOAD_EXIT = 24, PAYLOAD_EXIT_TT = 25,
            PAYLOAD_EXIT2 = 26, PAYLOAD_EXIT2_TT = 27, PAYLOAD_MONITOR_P_EXIT = 28, SPAWN_REQUEST = 29,
            SPAWN_REQUEST_TT = 30, SPAWN_REPLY = 31, SPAWN_REPLY_TT = 32, ALIAS_SEND = 33, ALIAS_SEND_TT = 34,
            UNLINK_ID = 35, UNLINK_ID_ACK = 36;

    private final NodeRuntime runtime;
    private final String name;
    private final int creation;
    private final String cookie;
    private final ServerSocketChannel acceptor;
    private final EpmdClient.Registration registration;
    private final int epmdPort;
    private final long tickMillis;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    /** Spawn requests sent and not answered yet. */
    private record PendingSpawn(String node, CompletableFuture<OtpErlangPid> reply, Consumer<OtpErlangPid> onSpawned) {}
    private final Map<OtpErlangRef, PendingSpawn> spawnRequests = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticker;
    private final AtomicLong unlinkIds = new AtomicLong(1);
    private volatile boolean closed;

    /** How the runtime starts distribution, names nodes and finds the cookie, as erl does. */
    public static final DistributionStarter STARTER = new DistributionStarter() {
        @Override public RemoteNodes start(NodeRuntime runtime, String nodeName, String cookie) throws IOException {
            return Distribution.start(runtime, nodeName, cookie);
        }

        @Override public String fullName(String name, boolean shortNames) {
            return NodeNames.full(name, shortNames);
        }

        @Override public String defaultCookie() throws IOException {
            return Cookie.readOrCreate(Cookie.defaultFile());
        }
    };

    private Distribution(NodeRuntime runtime, String name, String cookie, ServerSocketChannel acceptor,
                         EpmdClient.Registration registration, int epmdPort, long netTicktimeSeconds) {
        this.runtime = runtime;
        this.name = name;
        this.cookie = cookie;
        this.acceptor = acceptor;
        this.registration = registration;
        this.creation = registration.creation();
        this.epmdPort = epmdPort;
        this.tickMillis = netTicktimeSeconds * 1000 / 4;
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("dist-ticker").factory());
    }

    /**
     * Makes the runtime a distributed node named {@code nodeName}: listens on an ephemeral port, makes
     * sure a port mapper answers (starting epmd as erl does, or the built-in mapper on hosts without
     * Erlang), registers there, and
     * renames the node so every pid carries the new name and creation.
     */
    public static Distribution start(NodeRuntime runtime, String nodeName, String cookie) throws IOException {
        NodeNames.validate(nodeName);
        int epmdPort = EpmdProtocol.configuredPort();
        ServerSocketChannel acceptor = ServerSocketChannel.open();
        acceptor.socket().setReuseAddress(true);
        acceptor.bind(new InetSocketAddress(0), 128);
        EpmdClient.Registration registration;
        try {
            PortMapperLauncher.ensureRunning(epmdPort);
            registration = EpmdClient.local(epmdPort).register(NodeNames.alive(nodeName), acceptor.socket().getLocalPort());
        } catch (IOException e) {
            acceptor.close();
            throw new IOException("cannot register '" + nodeName + "' with the port mapper on port " + epmdPort + ": " + e.getMessage(), e);
        }
        long ticktime = Long.getLong("luanode.net_ticktime", 60);
        Distribution d = new Distribution(runtime, nodeName, cookie, acceptor, registration, epmdPort, ticktime);
        runtime.node.rename(nodeName, registration.creation());
        runtime.attach(d);
        Thread.ofVirtual().name("dist-acceptor").start(d::acceptLoop);
        d.ticker.scheduleAtFixedRate(d::tickAll, d.tickMillis, d.tickMillis, TimeUnit.MILLISECONDS);
        log.info("node {} up (port {}, creation {})", nodeName, acceptor.socket().getLocalPort(), registration.creation());
        return d;
    }

    public String name() {
        return name;
    }

    public String cookie() {
        return cookie;
    }

    /** Stops being a distributed node: connections close (links and monitors fire), the name is freed. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        ticker.shutdownNow();
        try {
            acceptor.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        // What processes sent before the node stopped still goes out (a script's last message, then it ends).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Connection c : new ArrayList<>(connections.values())) c.closeAfterWriting("node shut down", deadline);
        try {
            registration.close();
        } catch (IOException ignored) {
            // the mapper notices the closed connection either way
        }
        runtime.detach(this);
        log.info("node {} down", name);
    }

    // ------------------------------------------------------------------ connections

    private void acceptLoop() {
        while (!closed) {
            SocketChannel s;
            try {
                s = acceptor.accept();
            } catch (IOException e) {
                if (!closed) log.warn("accept failed: {}", e.getMessage());
                continue;
            }
            Thread.ofVirtual().name("dist-accept").start(() -> acceptOne(s));
        }
    }

    private void acceptOne(SocketChannel ch) {
        Socket s = ch.socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            DataInputStream in = handshakeInput(s);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            Handshake.Peer peer = Handshake.accept(in, out, name, creation, cookie, peerName -> {
                synchronized (connections) {
                    Connection existing = connections.get(peerName);
                    if (existing == null || existing.isClosed()) return "ok";
                    // A node we believe connected is reconnecting: it will confirm its old connection is gone.
                    if (existing.isUp()) return "alive";
                    // Both sides connect at once: the greater name's attempt wins, as in dist_util.
                    return name.compareTo(peerName) > 0 ? "nok" : "ok_simultaneous";
                }
            });
            s.setSoTimeout(0);
            Connection c;
            synchronized (connections) {
                Connection existing = connections.get(peer.name());
                if (existing != null && !existing.isClosed() && !existing.wasUp()) {
                    c = existing; // our own attempt lost to this one: what was queued for it goes out here
                } else {
                    c = new Connection(peer.name(), this, runtime.io());
                    if (existing != null) existing.close("replaced by a new connection from " + peer.name());
                    connections.put(peer.name(), c);
                }
            }
            if (!c.established(ch, peer.flags())) throw new IOException("already connected to " + peer.name());
            log.info("node {} connected (from there)", peer.name());
            runtime.nodeUp(peer.name());
        } catch (IOException | RuntimeException e) {
            log.warn("refused a distribution connection from {}: {}", s.getRemoteSocketAddress(), e.getMessage());
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** The connection to a node, opened in the background when there is none; messages queue meanwhile. */
    private Connection connection(String node) {
        Connection c = connections.get(node);
        if (c != null && !c.isClosed()) return c;
        synchronized (connections) {
            c = connections.get(node);
            if (c != null && !c.isClosed()) return c;
            Connection fresh = new Connection(node, this, runtime.io());
            connections.put(node, fresh);
            Thread.ofVirtual().name("dist-connect-" + node).start(() -> connect(fresh));
            return fresh;
        }
    }

    private void connect(Connection c) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open();
        } catch (IOException e) {
            c.close("cannot connect: " + e.getMessage());
            return;
        }
        Socket s = ch.socket();
        try {
            if (closed) throw new IOException("node shut down");
            NodeNames.validate(c.peer);
            InetAddress host = InetAddress.getByName(NodeNames.host(c.peer));
            int port = new EpmdClient(host, epmdPort).portPlease(NodeNames.alive(c.peer));
            if (port < 0) throw new IOException("no node " + c.peer + " is registered with the port mapper of " + host.getHostName());
            s.connect(new InetSocketAddress(host, port), HANDSHAKE_TIMEOUT_MILLIS);
            s.setTcpNoDelay(true);
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MILLIS);
            DataInputStream in = handshakeInput(s);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            Handshake.Peer peer = Handshake.initiate(in, out, name, creation, cookie, c.peer);
            s.setSoTimeout(0);
            if (!c.established(ch, peer.flags())) return; // the peer's own attempt came up first
            log.info("node {} connected (from here)", c.peer);
            runtime.nodeUp(c.peer);
        } catch (Handshake.LostSimultaneousConnect e) {
            log.debug("{}", e.getMessage());
            closeQuietly(s);
            awaitPeersAttempt(c);
        } catch (IOException | RuntimeException e) {
            log.warn("cannot connect to {}: {}", c.peer, e.getMessage());
            closeQuietly(s);
            c.attemptFailed("cannot connect: " + e.getMessage());
        }
    }

    /** The peer refused our attempt because its own is under way: that one must come up soon. */
    private static void awaitPeersAttempt(Connection c) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HANDSHAKE_TIMEOUT_MILLIS);
        while (!c.wasUp() && !c.isClosed() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        c.attemptFailed("cannot connect: " + c.peer + " refused our connection but did not complete its own");
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /**
     * The handshake's input: unbuffered, so it reads no byte past the handshake's last message. The
     * peer may send its first messages right behind it, and those belong to the connection.
     */
    private static DataInputStream handshakeInput(Socket s) throws IOException {
        return new DataInputStream(s.getInputStream());
    }

    /** Called once per closed connection: the runtime fires noconnection for everything across it. */
    void connectionClosed(Connection c, String why) {
        boolean wasUp;
        synchronized (connections) {
            connections.remove(c.peer, c);
            wasUp = c.wasUp();
        }
        spawnRequests.forEach((ref, pending) -> {
            if (ref.node().equals(name) && pending.node().equals(c.peer)) {
                pending.reply().completeExceptionally(new IOException("node " + c.peer + " is not connected: " + why));
            }
        });
        if (wasUp) log.info("node {} disconnected: {}", c.peer, why);
        runtime.nodeDown(c.peer);
    }

    private void tickAll() {
        long now = System.nanoTime();
        long limit = TimeUnit.MILLISECONDS.toNanos(tickMillis * 4);
        for (Connection c : connections.values()) {
            if (!c.isUp()) continue;
            if (now - c.lastReceived > limit) {
                log.warn("node {} not responding: no tick for {} s", c.peer, limit / 1_000_000_000L);
                c.close("net_tick_timeout");
            } else if (now - c.lastSent > TimeUnit.MILLISECONDS.toNanos(tickMillis)) {
                c.tick();
            }
        }
    }

    // ------------------------------------------------------------------ incoming

    /** Handles one message from a peer (on the thread polling the node's sockets, normally the Lua thread). */
    void dispatch(Connection from, byte[] packet) {
        if ((packet[0] & 0xff) != Connection.PASS_THROUGH) {
            throw new IllegalArgumentException("unsupported message type " + (packet[0] & 0xff) + " (no atom cache was negotiated)");
        }
        TermCodec.Decoded control = TermCodec.decodeControlAt(packet, 1);
        int payloadAt = control.end();
        boolean hasPayload = payloadAt < packet.length;
        if (!(control.term() instanceof OtpErlangTuple t) || t.arity() == 0 || !(t.elementAt(0) instanceof OtpErlangLong tag)) {
            throw new IllegalArgumentException("not a control message: " + control.term());
        }
        int op = (int) tag.longValue();
        // Messages for Lua processes are read straight into Lua values; other payloads as Erlang terms.
        if (hasPayload && (op == SEND || op == SEND_TT || op == SEND_SENDER || op == SEND_SENDER_TT)) {
            runtime.incomingSend(pid(t, 2), TermCodec.decodeLuaAt(packet, payloadAt));
            return;
        }
        if (hasPayload && (op == REG_SEND || op == REG_SEND_TT)) {
            String toName = ((OtpErlangAtom) t.elementAt(3)).atomValue();
            if (!runtime.incomingSendByName(toName, TermCodec.decodeLuaAt(packet, payloadAt))) {
                systemMessage(pid(t, 1), toName, TermCodec.decodeAt(packet, payloadAt).term());
            }
            return;
        }
        OtpErlangObject payload = hasPayload ? TermCodec.decodeAt(packet, payloadAt).term() : null;
        switch (op) {
            case SEND, SEND_TT, SEND_SENDER, SEND_SENDER_TT, REG_SEND, REG_SEND_TT -> { } // no message: nothing to do
            case LINK -> {
                if (!runtime.incomingLink(pid(t, 1), pid(t, 2))) {
                    from.send(tuple(EXIT, t.elementAt(2), t.elementAt(1), new OtpErlangAtom("noproc")), null);
                }
            }
            case UNLINK -> runtime.incomingUnlink(pid(t, 1), pid(t, 2));
            case UNLINK_ID -> {
                runtime.incomingUnlink(pid(t, 2), pid(t, 3));
                from.send(tuple(UNLINK_ID_ACK, t.elementAt(1), t.elementAt(3), t.elementAt(2)), null);
            }
            case UNLINK_ID_ACK, GROUP_LEADER -> { }
            case EXIT, EXIT_TT -> runtime.incomingExit(pid(t, 1), pid(t, 2), t.elementAt(3), true);
            case PAYLOAD_EXIT, PAYLOAD_EXIT_TT -> runtime.incomingExit(pid(t, 1), pid(t, 2), payload, true);
            case EXIT2, EXIT2_TT -> runtime.incomingExit(pid(t, 1), pid(t, 2), t.elementAt(3), false);
            case PAYLOAD_EXIT2, PAYLOAD_EXIT2_TT -> runtime.incomingExit(pid(t, 1), pid(t, 2), payload, false);
            case MONITOR_P -> {
                OtpErlangObject target = t.elementAt(2);
                OtpErlangRef ref = (OtpErlangRef) t.elementAt(3);
                if (isSystemName(target)) return; // system services live as long as the node
                if (!runtime.incomingMonitor(pid(t, 1), target, ref)) {
                    from.send(tuple(MONITOR_P_EXIT, target, t.elementAt(1), ref, new OtpErlangAtom("noproc")), null);
                }
            }
            case DEMONITOR_P -> runtime.incomingDemonitor(pid(t, 1), t.elementAt(2), (OtpErlangRef) t.elementAt(3));
            case MONITOR_P_EXIT -> runtime.incomingMonitorExit(t.elementAt(1), pid(t, 2), (OtpErlangRef) t.elementAt(3), t.elementAt(4));
            case PAYLOAD_MONITOR_P_EXIT -> runtime.incomingMonitorExit(t.elementAt(1), pid(t, 2), (OtpErlangRef) t.elementAt(3), payload);
            case SPAWN_REQUEST, SPAWN_REQUEST_TT -> spawnRequest(from, t, payload);
            case SPAWN_REPLY, SPAWN_REPLY_TT -> {
                PendingSpawn pending = spawnRequests.remove((OtpErlangRef) t.elementAt(1));
                if (pending == null) return;
                OtpErlangObject result = t.elementAt(4);
                if (result instanceof OtpErlangPid p) {
                    pending.onSpawned().accept(p); // now, before this connection's next packet
                    pending.reply().complete(p);
                } else pending.reply().completeExceptionally(new IOException("spawn failed on " + from.peer + ": " + result));
            }
            case ALIAS_SEND, ALIAS_SEND_TT -> { } // we never hand out aliases
            default -> log.debug("ignored control message {} from {}", op, from.peer);
        }
    }

    private void spawnRequest(Connection from, OtpErlangTuple t, OtpErlangObject payload) {
        OtpErlangRef requestId = (OtpErlangRef) t.elementAt(1);
        OtpErlangPid requester = pid(t, 2);
        OtpErlangTuple mfa = (OtpErlangTuple) t.elementAt(4);
        String module = ((OtpErlangAtom) mfa.elementAt(0)).atomValue();
        String function = ((OtpErlangAtom) mfa.elementAt(1)).atomValue();
        boolean link = false, monitor = false;
        if (t.elementAt(5) instanceof OtpErlangList options) {
            for (OtpErlangObject o : options) {
                if (o instanceof OtpErlangAtom a && a.atomValue().equals("link")) link = true;
                if (o instanceof OtpErlangAtom a && a.atomValue().equals("monitor")) monitor = true;
                if (o instanceof OtpErlangTuple ot && ot.arity() > 0 && ot.elementAt(0) instanceof OtpErlangAtom a && a.atomValue().equals("monitor")) monitor = true;
            }
        }
        OtpErlangList args = payload == null ? null : TermBridge.asList(payload); // [1, 2] arrives as a string
        if (args == null) args = new OtpErlangList();
        int flags = (link ? 1 : 0) | (monitor ? 2 : 0);
        runtime.spawnForRemote(module, function, args, requester, link, monitor ? requestId : null,
                pid -> from.send(tuple(SPAWN_REPLY, requestId, requester, new OtpErlangLong(flags), pid), null));
    }

    /** Messages to the node's built-in services, which Erlang nodes expect every node to run. */
    private void systemMessage(OtpErlangPid from, String toName, OtpErlangObject message) {
        // net_adm:ping/1 asks net_kernel whether we accept the caller: {'$gen_call', {Pid, Tag}, {is_auth, Node}}
        if (toName.equals("net_kernel") && message instanceof OtpErlangTuple call && call.arity() == 3
                && call.elementAt(0) instanceof OtpErlangAtom a && a.atomValue().equals("$gen_call")
                && call.elementAt(1) instanceof OtpErlangTuple replyTo && replyTo.arity() == 2
                && replyTo.elementAt(0) instanceof OtpErlangPid caller) {
            send(null, caller, new OtpErlangTuple(new OtpErlangObject[] {replyTo.elementAt(1), new OtpErlangAtom("yes")}));
            return;
        }
        log.debug("dropped a message to unregistered name {} from {}", toName, from);
    }

    private static boolean isSystemName(OtpErlangObject target) {
        return target instanceof OtpErlangAtom a && a.atomValue().equals("net_kernel");
    }

    private static OtpErlangPid pid(OtpErlangTuple t, int i) {
        return (OtpErlangPid) t.elementAt(i);
    }

    private static OtpErlangTuple tuple(int tag, OtpErlangObject... rest) {
        OtpErlangObject[] e = new OtpErlangObject[rest.length + 1];
        e[0] = new OtpErlangLong(tag);
        System.arraycopy(rest, 0, e, 1, rest.length);
        return new OtpErlangTuple(e);
    }

    private static final OtpErlangAtom UNUSED = new OtpErlangAtom("");

    // ------------------------------------------------------------------ outgoing (RemoteNodes)

    @Override
    public void send(OtpErlangPid from, OtpErlangPid to, OtpErlangObject message) {
        connection(to.node()).send(tuple(SEND, UNUSED, to), message);
    }

    @Override
    public void sendByName(OtpErlangPid from, String node, String toName, OtpErlangObject message) {
        connection(node).send(tuple(REG_SEND, from, UNUSED, new OtpErlangAtom(toName)), message);
    }

    @Override
    public void link(OtpErlangPid from, OtpErlangPid to) {
        connection(to.node()).send(tuple(LINK, from, to), null);
    }

    @Override
    public void unlink(OtpErlangPid from, OtpErlangPid to) {
        Connection c = connection(to.node());
        if ((c.flags() & DistFlags.UNLINK_ID) != 0 || !c.isUp()) {
            c.send(tuple(UNLINK_ID, new OtpErlangLong(unlinkIds.getAndIncrement()), from, to), null);
        } else {
            c.send(tuple(UNLINK, from, to), null);
        }
    }

    @Override
    public void exit(OtpErlangPid from, OtpErlangPid to, OtpErlangObject reason, boolean viaLink) {
        Connection c = connections.get(to.node());
        if (c == null || c.isClosed()) {
            if (viaLink) return; // no connection: the peer learns of it as noconnection
            c = connection(to.node());
        }
        c.send(tuple(viaLink ? EXIT : EXIT2, from, to, reason), null);
    }

    @Override
    public void monitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref) {
        connection(node).send(tuple(MONITOR_P, watcher, target, ref), null);
    }

    @Override
    public void demonitor(OtpErlangPid watcher, String node, OtpErlangObject target, OtpErlangRef ref) {
        Connection c = connections.get(node);
        if (c != null && !c.isClosed()) c.send(tuple(DEMONITOR_P, watcher, target, ref), null);
    }

    @Override
    public void monitorExit(OtpErlangObject target, OtpErlangPid watcher, OtpErlangRef ref, OtpErlangObject reason) {
        Connection c = connections.get(watcher.node());
        if (c != null && !c.isClosed()) c.send(tuple(MONITOR_P_EXIT, target, watcher, ref, reason), null);
    }

    @Override
    public CompletableFuture<OtpErlangPid> spawn(OtpErlangPid from, String node, String module, String function,
                                                 OtpErlangList args, List<String> options, OtpErlangRef requestId,
                                                 Consumer<OtpErlangPid> onSpawned) {
        CompletableFuture<OtpErlangPid> reply = new CompletableFuture<>();
        spawnRequests.put(requestId, new PendingSpawn(node, reply, onSpawned));
        OtpErlangObject[] opts = options.stream().map(OtpErlangAtom::new).toArray(OtpErlangObject[]::new);
        OtpErlangTuple mfa = new OtpErlangTuple(new OtpErlangObject[] {
                new OtpErlangAtom(module), new OtpErlangAtom(function), new OtpErlangLong(args.arity())});
        connection(node).send(tuple(SPAWN_REQUEST, requestId, from, from, mfa, new OtpErlangList(opts)), args);
        return reply.whenComplete((p, e) -> spawnRequests.remove(requestId));
    }

    @Override
    public List<String> nodes() {
        List<String> up = new ArrayList<>();
        for (Connection c : connections.values()) if (c.isUp()) up.add(c.peer);
        return up;
    }

    @Override
    public boolean isConnected(String node) {
        Connection c = connections.get(node);
        return c != null && c.isUp();
    }

    @Override
    public CompletableFuture<Boolean> ping(String node) {
        if (node.equals(name)) return CompletableFuture.completedFuture(true);
        Connection c = connection(node);
        return CompletableFuture.supplyAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!c.isUp() && !c.isClosed() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return c.isUp();
        }, Executors.newVirtualThreadPerTaskExecutor());
    }
}
