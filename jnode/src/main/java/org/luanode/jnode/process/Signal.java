package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangRef;

/**
 * A signal that arrives in a process's mailbox as a message: what a trapped exit, a monitor or a node
 * monitor tells it. Kept as Java values; the host turns them into its own messages when the process
 * receives them (Lua: {@code {signal='EXIT', from=pid, reason=r}} and so on).
 */
public sealed interface Signal {
    /**
     * A trapped exit signal from {@code from} (through a link, or sent with exit/2): a pid, or how the
     * process named a process that did not exist when it linked to it.
     */
    record Exit(Object from, Object reason) implements Signal {}

    /**
     * A monitored process ended. {@code target} is the process as the watcher named it when it asked (a
     * pid, or the host's own value for a name), so the watcher recognises its monitor.
     */
    record Down(OtpErlangRef ref, Object target, Object reason) implements Signal {}

    /** The connection to a monitored node is gone. */
    record NodeDown(String node) implements Signal {}
}
