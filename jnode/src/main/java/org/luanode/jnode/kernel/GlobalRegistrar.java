package org.luanode.jnode.kernel;

import static org.luanode.jnode.kernel.GlobalNameServer.atom;
import static org.luanode.jnode.kernel.GlobalNameServer.tuple;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Signal;

/**
 * One registration or unregistration asked from Lua, done as global's registrar does it: take the lock
 * {@code {global, Registrar}} on this node and every node in sync with it (retrying with random pauses
 * when another registrar holds it somewhere), register (or unregister) on each through its name
 * server, free the lock, and answer the asker ({@code yes | no}, or {@code ok}). A process of its own,
 * so that the name server serves other nodes meanwhile.
 */
final class GlobalRegistrar extends ErlangProcess {
    private static final int ATTEMPTS = 20;
    private static final long CALL_TIMEOUT_MS = 10_000;

    private final ProcessRuntime runtime;
    private final GlobalNameServer server;
    private final List<String> nodes;
    private final OtpErlangTuple request;
    private final OtpErlangTuple from;

    GlobalRegistrar(
            ProcessRuntime runtime,
            GlobalNameServer server,
            List<String> otherNodes,
            OtpErlangTuple request,
            OtpErlangTuple from) {
        super(runtime.node());
        this.runtime = runtime;
        this.server = server;
        this.nodes = new ArrayList<>(otherNodes);
        this.nodes.add(0, runtime.node().name());
        this.request = request;
        this.from = from;
    }

    @Override
    public boolean isSystem() {
        return true;
    }

    void run() {
        OtpErlangTuple lockId = tuple(GlobalNameServer.GLOBAL, pid());
        boolean registering = request.elementAt(0).equals(atom("lua_register"));
        OtpErlangObject name = request.elementAt(1);
        OtpErlangObject answer = registering ? atom("no") : atom("ok");
        if (lockEverywhere(lockId)) {
            try {
                if (!registering) {
                    for (String n : nodes) call(n, tuple(atom("unregister"), name));
                } else if (server.names().whereis(name) == null) {
                    OtpErlangPid pid = (OtpErlangPid) request.elementAt(2);
                    for (String n : nodes) call(n, tuple(atom("register"), name, pid, GlobalNameServer.DEFAULT_METHOD));
                    answer = atom("yes");
                }
            } finally {
                for (String n : nodes) call(n, tuple(atom("del_lock"), lockId));
            }
        }
        Replies.reply(runtime, this, from, answer);
    }

    private boolean lockEverywhere(OtpErlangTuple lockId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<String> locked = new ArrayList<>();
            for (String n : nodes) {
                if (!new OtpErlangAtom(true).equals(call(n, tuple(atom("set_lock"), lockId)))) break;
                locked.add(n);
            }
            if (locked.size() == nodes.size()) return true;
            for (String n : locked) call(n, tuple(atom("del_lock"), lockId));
            runtime.sleep(this, ThreadLocalRandom.current().nextLong(10, 100L * (attempt + 1)));
        }
        return false;
    }

    /** gen_server:call to {global_name_server, Node}: the answer, or null when it gives none. */
    private OtpErlangObject call(String node, OtpErlangObject request) {
        boolean local = node.equals(runtime.node().name());
        OtpErlangRef tag = runtime.node().newRef();
        OtpErlangRef monitor = local
                ? runtime.relationships().monitor(this, server.pid(), null, server.pid())
                : runtime.relationships().monitor(this, atom(GlobalNameServer.NAME), node, atom(GlobalNameServer.NAME));
        OtpErlangTuple call = tuple(atom("$gen_call"), tuple(pid(), tag), request);
        if (local) runtime.send(this, server.pid(), call);
        else runtime.distributed().sendByName(this, node, GlobalNameServer.NAME, call);
        Object answer = runtime.receive(this, CALL_TIMEOUT_MS, m -> isReply(m, tag) || isDown(m, monitor), 0);
        runtime.relationships().demonitor(this, monitor);
        if (answer == null || answer instanceof Signal) return null;
        return ((OtpErlangTuple) runtime.terms().messageToTerm(answer)).elementAt(1);
    }

    private boolean isReply(Object m, OtpErlangRef tag) {
        if (m instanceof Signal) return false;
        return runtime.terms().messageToTerm(m) instanceof OtpErlangTuple t
                && t.arity() == 2
                && tag.equals(t.elementAt(0));
    }

    private static boolean isDown(Object m, OtpErlangRef monitor) {
        return m instanceof Signal.Down d && d.ref().equals(monitor);
    }
}
