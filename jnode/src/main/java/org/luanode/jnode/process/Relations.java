package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One process's links and monitors, local and remote alike: the per-process half of {@link Links},
 * {@link Monitors} and {@link NodeMonitors}, which alone change it (under the scheduler lock).
 */
final class Relations {
    /** Linked processes, on this node or another. */
    final Set<OtpErlangPid> links = new LinkedHashSet<>();
    /** Monitors this process holds. */
    final Map<OtpErlangRef, Monitors.Monitor> watching = new HashMap<>();
    /** Monitors on this process. */
    final Map<OtpErlangRef, Monitors.Monitor> watchedBy = new HashMap<>();
    /** Node monitors (monitornode): node name -> how many. */
    final Map<String, Integer> nodeMonitors = new HashMap<>();
    /** Active aliases of this process. */
    final Set<OtpErlangRef> aliases = new HashSet<>(2);
}
