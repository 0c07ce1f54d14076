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
final class Aliases {
    private final Map<OtpErlangRef, ErlangProcess> active = new ConcurrentHashMap<>();

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
