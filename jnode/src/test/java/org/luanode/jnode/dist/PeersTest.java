package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ericsson.otp.erlang.OtpEpmd;
import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangBinary;
import com.ericsson.otp.erlang.OtpErlangExit;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import com.ericsson.otp.erlang.OtpMbox;
import com.ericsson.otp.erlang.OtpNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.Node;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;
import org.luanode.jnode.runtime.NodeRuntime;

/**
 * A luanode node in this JVM against other kinds of peers: the stock JInterface OtpNode, and a raw peer
 * that completes the handshake and then misbehaves.
 */
class PeersTest {
    private static final String COOKIE = "peers_test_cookie";
    private static PortMapper mapper;
    private static NodeRuntime runtime;
    private static CompletableFuture<LuaValue> main;
    private static final ByteArrayOutputStream output = new ByteArrayOutputStream();

    /**
     * The Lua side. 'echo' answers {echo, Msg, Self} to the pid in a message {Pid, Msg}; for Msg 'link' it
     * first spawns a child linked to Pid, which exits with reason bye at its first message; for Msg
     * 'last_signal' it answers the reason of the last signal the trapping 'watcher' got; after Msg 'block'
     * it holds the node's Lua thread in a Java call for 3 s.
     */
    private static final String LUA = String.join(
            "\n",
            "require 'concurrent'",
            "last_signal = 'none'",
            "concurrent.register('echo', concurrent.spawn(function()",
            "  while true do",
            "    local m = concurrent.receive()",
            "    local reply = m[2]",
            "    if m[2] == 'link' then",
            "      local to = m[1]",
            "      reply = concurrent.spawn(function() concurrent.link(to) concurrent.receive() concurrent.exit('bye') end)",
            "    elseif m[2] == 'last_signal' then reply = last_signal end",
            "    concurrent.send(m[1], erlang.tuple(erlang.atom'echo', reply, concurrent.self()))",
            "    if m[2] == 'block' then luajava.bindClass('java.lang.Thread'):sleep(3000) end",
            "  end",
            "end))",
            "concurrent.register('watcher', concurrent.spawn(function()",
            "  concurrent.setoption('trapexit', true)",
            "  while true do",
            "    local m = concurrent.receive()",
            "    if m.signal then last_signal = m.signal .. ' ' .. tostring(m.reason) end",
            "  end",
            "end))",
            "concurrent.loop()");

    @BeforeAll
    static void startNode() throws Exception {
        mapper = new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 4096, 10)).start();
        System.setProperty("luanode.epmd.port", Integer.toString(mapper.port()));
        OtpEpmd.useEpmdPort(mapper.port());
        runtime = Node.create(new PrintStream(output, true, StandardCharsets.UTF_8));
        runtime.setCookie(COOKIE);
        runtime.startDistribution("lua_peers@localhost", true);
        main = runtime.startMain(
                new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        return runtime.globals().load(LUA, "peers").invoke();
                    }
                },
                LuaValue.NONE);
    }

    @AfterAll
    static void stopNode() {
        runtime.stopDistribution();
        mapper.close();
        System.clearProperty("luanode.epmd.port");
        OtpEpmd.useEpmdPort(4369);
    }

    @Test
    void jinterfaceNodePingsSendsAndLinks() throws Exception {
        OtpNode jnode = new OtpNode("jinterface_peer@localhost", COOKIE);
        try {
            assertThat(jnode.ping("lua_peers@localhost", 5000))
                    .as("ping via net_kernel")
                    .isTrue();
            assertThat(runtime.distributed().isVisible("jinterface_peer@localhost"))
                    .as("a JInterface node is hidden, as BEAM sees it: no global or pg session with it")
                    .isFalse();
            OtpMbox mbox = jnode.createMbox();
            OtpErlangTuple reply = askEcho(mbox, "hi", 5000);
            assertThat(reply).isNotNull();
            assertThat(reply.elementAt(0)).isEqualTo(new OtpErlangAtom("echo"));
            assertThat(reply.elementAt(1)).isEqualTo(new OtpErlangBinary("hi".getBytes()));
            OtpErlangPid echo = (OtpErlangPid) reply.elementAt(2);

            // a Lua process links to the mailbox; its exit reaches the JInterface side as an exit
            mbox.send(
                    echo,
                    new OtpErlangTuple(new OtpErlangObject[] {mbox.self(), new OtpErlangBinary("link".getBytes())}));
            OtpErlangPid child = (OtpErlangPid) ((OtpErlangTuple) mbox.receive(5000)).elementAt(1);
            mbox.send(child, new OtpErlangAtom("go"));
            assertThatThrownBy(() -> mbox.receive(5000))
                    .isInstanceOf(OtpErlangExit.class)
                    .satisfies(e -> assertThat(((OtpErlangExit) e).reason()).isEqualTo(new OtpErlangAtom("bye")));
        } finally {
            jnode.close();
        }
    }

    @Test
    void aPeerSendingGarbageAfterTheHandshakeLosesItsConnectionAndLinksFireNoconnection() throws Exception {
        try (ScriptedPeer rogue =
                ScriptedPeer.connect(mapper.port(), "rogue@localhost", "lua_peers@localhost", COOKIE)) {
            // the rogue links to the (trapping) watcher, then sends garbage: a packet whose control part is no term
            rogue.send(new ControlMessage.Link(rogue.pid(1), registered("watcher")), null);
            rogue.sendRaw(new byte[] {0, 0, 0, 3, 112, (byte) 131, 42});
            rogue.awaitClosed(); // the node drops the connection...
        }
        // ...the linked Lua process got an EXIT with reason noconnection, and the node serves others as before
        assertThat(runtime.distributed().nodes()).doesNotContain("rogue@localhost");
        OtpNode probe = new OtpNode("probe@localhost", COOKIE);
        try {
            OtpMbox mbox = probe.createMbox();
            OtpErlangTuple reply = askEcho(mbox, "last_signal", 5000);
            assertThat(reply).as("the node keeps serving others").isNotNull();
            assertThat(reply.elementAt(1)).isEqualTo(new OtpErlangBinary("EXIT noconnection".getBytes()));
        } finally {
            probe.close();
        }
    }

    /** Past the atom limit, a message bringing new atoms is dropped and logged; the peer stays connected. */
    @Test
    void aMessageOverTheAtomLimitIsDroppedAndTheConnectionStays() throws Exception {
        OtpNode jnode = new OtpNode("atoms_peer@localhost", COOKIE);
        int limit = org.luanode.bridge.Atoms.limit();
        try {
            OtpMbox mbox = jnode.createMbox();
            assertThat(askEcho(mbox, "before", 5000)).isNotNull();
            org.luanode.bridge.Atoms.setLimit(org.luanode.bridge.Atoms.count() + 3);
            OtpErlangObject[] fresh = new OtpErlangObject[10];
            for (int i = 0; i < fresh.length; i++)
                fresh[i] = new OtpErlangAtom("fresh_atom_" + System.nanoTime() + "_" + i);
            mbox.send("echo", "lua_peers@localhost", new OtpErlangTuple(new OtpErlangObject[] {
                mbox.self(), new OtpErlangBinary("flood".getBytes()), new OtpErlangList(fresh)
            }));
            assertThat(mbox.receive(1000))
                    .as("the message with new atoms was dropped")
                    .isNull();
            assertThat(org.luanode.bridge.Atoms.count()).isLessThanOrEqualTo(org.luanode.bridge.Atoms.limit());
            OtpErlangTuple reply = askEcho(mbox, "after", 5000);
            assertThat(reply).as("the connection stays and the node serves it").isNotNull();
            assertThat(reply.elementAt(1)).isEqualTo(new OtpErlangBinary("after".getBytes()));
        } finally {
            org.luanode.bridge.Atoms.setLimit(limit);
            jnode.close();
        }
    }

    @Test
    void aMessageSentJustBeforeTheLuaThreadBlocksInJavaStillGoesOut() throws Exception {
        OtpNode jnode = new OtpNode("blocked_peer@localhost", COOKIE);
        try {
            OtpMbox mbox = jnode.createMbox();
            // The answer is queued, then the Lua thread sleeps in Thread.sleep for 3 s: the node's I/O relief
            // writes it meanwhile.
            OtpErlangTuple reply = askEcho(mbox, "block", 1500);
            assertThat(reply)
                    .as("the answer sent before the Lua thread blocked")
                    .isNotNull();
            assertThat(reply.elementAt(1)).isEqualTo(new OtpErlangBinary("block".getBytes()));
        } finally {
            jnode.close();
        }
    }

    /**
     * A node we connect to may send its first messages in the same TCP segment as the handshake's last
     * message (the acceptor's challenge ack): the handshake must not read them away from the connection.
     */
    @Test
    void messagesRightBehindTheHandshakeAreNotLost() throws Exception {
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                EpmdClient.Registration registration =
                        EpmdClient.local(mapper.port()).register("eager", listener.getLocalPort())) {
            OtpErlangPid from = registered("watcher");
            runtime.distributed()
                    .remote()
                    .sendByName(
                            from, "eager@localhost", "anyone", new OtpErlangAtom("hello")); // makes the node connect
            listener.setSoTimeout(5000);
            try (Socket s = listener.accept()) {
                s.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
                HeldOutput held = new HeldOutput(s.getOutputStream());
                DataOutputStream out = new DataOutputStream(held);
                Handshake.accept(in, out, "eager@localhost", registration.creation(), COOKIE, peer -> "ok");
                OtpErlangPid eager = new OtpErlangPid("eager@localhost", 1, 0, registration.creation());
                send(
                        out,
                        new OtpErlangTuple(new OtpErlangObject[] {
                            new OtpErlangLong(6), eager, new OtpErlangAtom(""), new OtpErlangAtom("echo")
                        }),
                        new OtpErlangTuple(new OtpErlangObject[] {eager, new OtpErlangBinary("early".getBytes())}));
                held.release(); // the challenge ack and the message go out in one write
                awaitPacketContaining(in, "early"); // echo's answer
            }
        }
    }

    /**
     * Both nodes connect to each other at once (dist_util's simultaneous connect): the node whose name is
     * greater refuses the other's attempt (status nok) and its own goes ahead. What the losing side queued
     * on its refused attempt goes out on the winning connection instead of being dropped.
     */
    @Test
    void messagesQueuedOnAConnectionAttemptThatLosesASimultaneousConnectAreNotLost() throws Exception {
        String peer = "zzz_simultaneous@localhost"; // greater than lua_peers@localhost: its attempt wins
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                EpmdClient.Registration registration =
                        EpmdClient.local(mapper.port()).register("zzz_simultaneous", listener.getLocalPort())) {
            runtime.distributed()
                    .remote()
                    .sendByName(registered("watcher"), peer, "anyone", new OtpErlangAtom("queued_while_connecting"));
            listener.setSoTimeout(5000);
            Socket winning = new Socket(
                    InetAddress.getLoopbackAddress(),
                    EpmdClient.local(mapper.port()).portPlease("lua_peers"));
            try (winning;
                    Socket losing = listener.accept()) { // losing: the node's attempt
                losing.setSoTimeout(5000);
                winning.setSoTimeout(5000);
                DataInputStream in = new DataInputStream(losing.getInputStream());
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(losing.getOutputStream()));
                assertThatThrownBy(() -> Handshake.accept(in, out, peer, registration.creation(), COOKIE, name -> {
                            // Before answering the node's attempt, connect to it: the node must let this one through.
                            try {
                                Handshake.initiate(
                                        new DataInputStream(winning.getInputStream()),
                                        new DataOutputStream(new BufferedOutputStream(winning.getOutputStream())),
                                        peer,
                                        registration.creation(),
                                        COOKIE,
                                        "lua_peers@localhost");
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            return "nok";
                        }))
                        .hasMessageContaining("nok");
                awaitPacketContaining(
                        new DataInputStream(new BufferedInputStream(winning.getInputStream())),
                        "queued_while_connecting");
            }
        }
    }

    /**
     * The acceptor's output: its first two handshake messages (status, challenge) go out as written; from
     * the third (the challenge ack) on, bytes are held until {@link #release}.
     */
    private static final class HeldOutput extends BufferedOutputStream {
        private int flushes;

        HeldOutput(java.io.OutputStream out) {
            super(out, 1 << 16);
        }

        @Override
        public void flush() throws java.io.IOException {
            if (++flushes <= 2) super.flush();
        }

        void release() throws java.io.IOException {
            super.flush();
        }
    }

    /** Reads packets from a distribution connection until one contains {@code text}; fails after 5 s without. */
    private static void awaitPacketContaining(DataInputStream in, String text) throws Exception {
        try {
            while (true) {
                int length = in.readInt();
                if (length == 0) continue; // a tick
                byte[] packet = new byte[length];
                in.readFully(packet);
                if (new String(packet, StandardCharsets.ISO_8859_1).contains(text)) return;
            }
        } catch (java.net.SocketTimeoutException e) {
            throw new AssertionError("no message containing '" + text + "' arrived", e);
        }
    }

    /** Sends {Self, <<What>>} to the Lua 'echo' process; its answer, or null after {@code timeoutMillis}. */
    private static OtpErlangTuple askEcho(OtpMbox mbox, String what, long timeoutMillis) throws Exception {
        mbox.send("echo", "lua_peers@localhost", new OtpErlangTuple(new OtpErlangObject[] {
            mbox.self(), new OtpErlangBinary(what.getBytes())
        }));
        return (OtpErlangTuple) mbox.receive(timeoutMillis);
    }

    /** The pid of a process the Lua script registers, once it has (the script starts with the node). */
    private static OtpErlangPid registered(String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runtime.whereis(name) == null && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(runtime.whereis(name))
                .as("'%s' registered by the script", name)
                .isNotNull();
        return (OtpErlangPid) org.luanode.bridge.ErlangTypes.unwrap(runtime.pidValue(runtime.whereis(name)));
    }

    private static void send(DataOutputStream out, OtpErlangObject control, OtpErlangObject message) throws Exception {
        byte[] bytes = ControlCodecTest.packet(control, message);
        out.writeInt(bytes.length);
        out.write(bytes);
        out.flush();
    }
}
