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
    private final OtpErlangTuple request;
    private final OtpErlangTuple from;

    GlobalRegistrar(ProcessRuntime runtime, GlobalNameServer server, OtpErlangTuple request, OtpErlangTuple from) {
        super(runtime.node());
        this.runtime = runtime;
        this.server = server;
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
        List<String> nodes = lockEverywhere(lockId);
        if (nodes != null) {
            try {
                if (!registering) {
                    for (String n : nodes) call(n, tuple(atom("unregister"), name));
                } else if (server.names().whereis(name) == null) {
                    OtpErlangPid pid = (OtpErlangPid) request.elementAt(2);
                    OtpErlangObject method = request.elementAt(3).equals(atom("keep_local"))
                            ? NameClashes.KEEP_LOCAL
                            : NameClashes.RANDOM_EXIT;
                    for (String n : nodes) call(n, tuple(atom("register"), name, pid, method));
                    answer = atom("yes");
                }
            } finally {
                for (String n : nodes) call(n, tuple(atom("del_lock"), lockId));
            }
        }
        Replies.reply(runtime, this, from, answer);
    }

    /**
     * Takes the lock on this node and every node in sync with it, as global's trans_all_known does: the
     * nodes are read again at each attempt, and once all are locked they must still be the nodes in
     * sync (a node that joined meanwhile would miss the name). The nodes locked, or null.
     */
    private List<String> lockEverywhere(OtpErlangTuple lockId) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<String> nodes = allNodes();
            List<String> locked = new ArrayList<>();
            boolean refused = false;
            for (String n : nodes) {
                OtpErlangObject answer = call(n, tuple(atom("set_lock"), lockId));
                if (new OtpErlangAtom(false).equals(answer)) {
                    refused = true;
                    break;
                }
                if (answer != null) locked.add(n); // no answer: the node is gone, as for global's multi_call
            }
            if (!refused && nodes.equals(allNodes())) return nodes;
            for (String n : locked) call(n, tuple(atom("del_lock"), lockId));
            runtime.sleep(this, ThreadLocalRandom.current().nextLong(10, 100L * (attempt + 1)));
        }
        return null;
    }

    /**
     * This node and the nodes in sync with it, also one that connect_all has not connected to yet (the
     * call connects).
     */
    private List<String> allNodes() {
        List<String> nodes = new ArrayList<>(server.knownNodes());
        nodes.add(0, runtime.node().name());
        return nodes;
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
