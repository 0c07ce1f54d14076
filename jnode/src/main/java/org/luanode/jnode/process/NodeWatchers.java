package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Processes told of every visible node that connects or goes away, as {@code
 * net_kernel:monitor_nodes(true)} tells its callers: {@code {nodeup, Node}} and {@code {nodedown, Node}} messages, in that order for each
 * node. Guarded by the scheduler lock; a watcher that ends is forgotten.
 */
final class NodeWatchers {
    private static final OtpErlangAtom NODEUP = new OtpErlangAtom("nodeup");
    private static final OtpErlangAtom NODEDOWN = new OtpErlangAtom("nodedown");

    private final ProcessRuntime runtime;
    private final Set<ErlangProcess> watchers = new LinkedHashSet<>();

    NodeWatchers(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    void watch(ErlangProcess p, boolean on) {
        runtime.lock.lock();
        try {
            if (on && p.isAlive()) watchers.add(p);
            else watchers.remove(p);
        } finally {
            runtime.lock.unlock();
        }
    }

    void nodeUp(String node) {
        tell(NODEUP, node);
    }

    void nodeDown(String node) {
        tell(NODEDOWN, node);
    }

    private void tell(OtpErlangAtom event, String node) {
        OtpErlangTuple message = new OtpErlangTuple(new OtpErlangObject[] {event, new OtpErlangAtom(node)});
        runtime.lock.lock();
        try {
            for (ErlangProcess p : new ArrayList<>(watchers)) runtime.deliverLocked(p, message);
        } finally {
            runtime.lock.unlock();
        }
    }

    /** A process ended. Lock held. */
    void processEndedLocked(ErlangProcess p) {
        watchers.remove(p);
    }

    List<ErlangProcess> watchers() {
        return List.copyOf(watchers);
    }
}
