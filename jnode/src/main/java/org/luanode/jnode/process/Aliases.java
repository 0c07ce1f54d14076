package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Process aliases (erlang:alias/0, OTP 24): references of this node that deliver to their process while
 * active. A caller waiting for one answer hands out an alias and deactivates it afterwards, so that an
 * answer that comes too late is dropped instead of lingering in its mailbox. Changes happen under the
 * scheduler lock; lookups come from any thread.
 */
public final class Aliases {
    private final ProcessRuntime runtime;
    private final Map<OtpErlangRef, ErlangProcess> active = new ConcurrentHashMap<>();

    Aliases(ProcessRuntime runtime) {
        this.runtime = runtime;
    }

    /** Makes a new alias of {@code p} (erlang:alias/0): a reference that delivers to it while active. */
    public OtpErlangRef make(ErlangProcess p) {
        OtpErlangRef ref = runtime.node.newRef();
        make(p, ref);
        return ref;
    }

    /** Makes {@code ref}, a new reference of this node, an alias of {@code p} (a monitor's, say). */
    public void make(ErlangProcess p, OtpErlangRef ref) {
        runtime.lock.lock();
        try {
            if (p.isAlive()) add(p, ref);
        } finally {
            runtime.lock.unlock();
        }
    }

    /** Deactivates an alias of {@code p}: what is sent to it from now on is dropped. */
    public boolean deactivate(ErlangProcess p, OtpErlangRef ref) {
        runtime.lock.lock();
        try {
            return remove(p, ref);
        } finally {
            runtime.lock.unlock();
        }
    }

    /**
     * Sends to an alias of this node or another; false when a local alias is not active (the message
     * is dropped, as Erlang drops it) or the node is not distributed.
     */
    public boolean send(ErlangProcess from, OtpErlangRef alias, Object message) {
        if (!alias.node().equals(runtime.node.name())) return runtime.distributed.sendToAlias(from, alias, message);
        ErlangProcess to = target(alias);
        return to != null && runtime.send(from, to, message);
    }

    /** Makes {@code ref} an alias of {@code p}. Lock held. */
    void add(ErlangProcess p, OtpErlangRef ref) {
        active.put(ref, p);
        p.rel().aliases.add(ref);
    }

    /** Deactivates an alias of {@code p}; false when it was not one. Lock held. */
    boolean remove(ErlangProcess p, OtpErlangRef ref) {
        Relations r = p.relations;
        if (r != null) r.aliases.remove(ref);
        return active.remove(ref, p);
    }

    /** The process an active alias delivers to, or null. */
    ErlangProcess target(OtpErlangRef ref) {
        return active.get(ref);
    }

    /** A process ends: its aliases with it. Lock held. */
    void processEnded(ErlangProcess p) {
        Relations r = p.relations;
        if (r == null || r.aliases.isEmpty()) return;
        for (OtpErlangRef ref : List.copyOf(r.aliases)) active.remove(ref, p);
        r.aliases.clear();
    }
}
