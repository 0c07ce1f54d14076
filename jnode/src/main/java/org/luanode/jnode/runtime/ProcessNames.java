package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luanode.bridge.Atoms;
import org.luanode.bridge.ErlangTypes;
import org.luanode.bridge.TermBridge;
import org.luanode.jnode.process.ErlangProcess;

/**
 * How ConcurrentLua names a process: a pid, a registered name (here, or anywhere in the cluster when
 * names are cluster-wide), or a table {@code {pid_or_name, 'node@host'}}.
 */
final class ProcessNames {
    private final NodeRuntime runtime;

    ProcessNames(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Whether names are registered across the cluster for this process: on a distributed node with the
     * {@code connectall} option (its default), as ConcurrentLua does.
     */
    static boolean clusterWide(NodeRuntime runtime, LuaProcess p) {
        return runtime.distributed().remote() != null && p.option("connectall").toboolean();
    }

    /**
     * A process as named in ConcurrentLua. {@code pid}: its pid, or null when a name has no process here
     * or is a name on another node ({@code remoteName}); {@code node}: set for a process on another node;
     * {@code local}: the live local process, or null; {@code namedAs}: as the Lua code named it.
     */
    record Target(ErlangProcess local, OtpErlangPid pid, String node, String remoteName, LuaValue namedAs) {
        boolean isRemote() {
            return node != null;
        }

        /** How the process is named on the wire: its pid, or its registered name as an atom. */
        OtpErlangObject wireName() {
            return pid != null ? pid : new OtpErlangAtom(remoteName != null ? remoteName : namedAs.tojstring());
        }
    }

    /**
     * The process named by {@code what}. With connectall, the caller's first contact with another node
     * by a name there ({@code {name, node}}) waits for global's sync with it first ({@link
     * ClusterNames#awaitInSync}); a pid needs no names, and its sends never wait.
     */
    Target resolve(LuaValue what, String fname) {
        Target t = lookup(what, fname);
        if (t.isRemote() && t.remoteName() != null) {
            LuaProcess self = runtime.current();
            if (self != null && clusterWide(runtime, self)) ClusterNames.awaitInSync(runtime, self, t.node());
        }
        return t;
    }

    private Target lookup(LuaValue what, String fname) {
        OtpErlangPid pid = ErlangTypes.unwrap(what) instanceof OtpErlangPid p ? p : null;
        if (pid != null) {
            if (runtime.node().isRemote(pid)) return new Target(null, pid, pid.node(), null, what);
            return new Target(runtime.processes.process(pid), pid, null, null, what);
        }
        if (what.istable()
                && ErlangTypes.kindOf((LuaTable) what) != ErlangTypes.Kind.MAP
                && !what.get(1).isnil()
                && !what.get(2).isnil()) {
            if (GlobalLib.isGlobalName(what)) { // {'global', Name}: a name registered through global
                OtpErlangPid holder = GlobalLib.whereis(runtime, what.get(2));
                if (holder == null) return new Target(null, null, null, null, what);
                if (runtime.node().isRemote(holder)) return new Target(null, holder, holder.node(), null, what);
                return new Target(runtime.processes.process(holder), holder, null, null, what);
            }
            String node = nameOf(what.get(2), fname);
            if (node.equals(runtime.node().name())) return lookup(what.get(1), fname);
            if (ErlangTypes.unwrap(what.get(1)) instanceof OtpErlangPid p) return new Target(null, p, node, null, what);
            return new Target(null, null, node, nameOf(what.get(1), fname), what);
        }
        String name = nameOf(what, fname);
        ErlangProcess p = runtime.processes.whereis(name);
        if (p == null && clusterWide(runtime, runtime.current())) { // a name registered on another node
            OtpErlangPid elsewhere = ClusterNames.whereis(runtime, name);
            if (elsewhere != null) return new Target(null, elsewhere, elsewhere.node(), null, what);
        }
        if (p == null) return new Target(null, null, null, name, what);
        return new Target(
                p, p.pid(), null, null, p instanceof LuaProcess lp ? lp.pidValue() : TermBridge.toLua(p.pid()));
    }

    static String nameOf(LuaValue what, String fname) {
        if (what.type() == LuaValue.TSTRING) return what.tojstring();
        if (Atoms.isAtom(what)) return Atoms.name(what);
        throw new LuaError("bad argument #1 to '" + fname + "' (pid, name or {process, node} expected, got "
                + (ErlangTypes.typeName(what) != null ? "erlang." + ErlangTypes.typeName(what) : what.typename())
                + ")");
    }
}
