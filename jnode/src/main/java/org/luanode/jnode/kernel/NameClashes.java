package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangExternalFun;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ExitReason;
import org.luanode.jnode.process.ProcessRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A global name held by two processes when two partitions meet, resolved by the method registered with
 * the name, as global's {@code resolve_it/4} does on the node of the name's holder (a BEAM node that
 * resolves a clash asks that node by rpc; this node answers such calls with {@link #resolve}).
 *
 * <p>Global's three methods are followed as global.erl defines them (the pid on the smaller node is
 * the one kept). Erlang funs cannot run here: any other method is taken as global's default,
 * random_exit_name. ConcurrentLua's names ({@code concurrent.register} with connectall) carry {@link
 * #KEEP_LOCAL}: the other holder only loses the global name and goes on, still registered on its own
 * node, as the reference lets a node's name be overwritten by a connecting node's without harm.
 */
public final class NameClashes {
    private static final Logger log = LoggerFactory.getLogger(NameClashes.class);

    public static final OtpErlangExternalFun RANDOM_EXIT = new OtpErlangExternalFun("global", "random_exit_name", 3);
    static final OtpErlangExternalFun RANDOM_NOTIFY = new OtpErlangExternalFun("global", "random_notify_name", 3);
    static final OtpErlangExternalFun NOTIFY_ALL = new OtpErlangExternalFun("global", "notify_all_name", 3);
    /** ConcurrentLua's names: the holder on the smaller node keeps the global name; nobody is told or killed. */
    public static final OtpErlangExternalFun KEEP_LOCAL = new OtpErlangExternalFun("luanode", "keep_local_name", 3);

    private static final OtpErlangAtom CONFLICT = new OtpErlangAtom("global_name_conflict");

    private NameClashes() {}

    /**
     * Resolves a clash over {@code name} between {@code pid1} and {@code pid2} by {@code method}, acting
     * as {@code from} (messages and exit signals come from it); the pid that keeps the name, or null when
     * neither does (notify_all_name).
     */
    public static OtpErlangPid resolve(
            ProcessRuntime runtime,
            ErlangProcess from,
            OtpErlangObject method,
            OtpErlangObject name,
            OtpErlangPid pid1,
            OtpErlangPid pid2) {
        boolean firstIsMin = pid1.node().compareTo(pid2.node()) < 0;
        OtpErlangPid min = firstIsMin ? pid1 : pid2;
        OtpErlangPid max = firstIsMin ? pid2 : pid1;
        if (KEEP_LOCAL.equals(method)) {
            log.info("global: name conflict over {}: {} keeps it, {} keeps only its local name", name, min, max);
            return min;
        }
        if (RANDOM_NOTIFY.equals(method)) {
            runtime.send(from, max, new OtpErlangTuple(new OtpErlangObject[] {CONFLICT, name}));
            return min;
        }
        if (NOTIFY_ALL.equals(method)) {
            runtime.send(from, pid1, new OtpErlangTuple(new OtpErlangObject[] {CONFLICT, name, pid2}));
            runtime.send(from, pid2, new OtpErlangTuple(new OtpErlangObject[] {CONFLICT, name, pid1}));
            return null;
        }
        log.info("global: name conflict over {}, terminating {}", name, max);
        runtime.relationships().exit(from, max, ExitReason.KILL);
        return min;
    }
}
