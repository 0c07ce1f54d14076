package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.luanode.jnode.kernel.NameClashes;
import org.luanode.jnode.process.ErlangProcess;

/**
 * The functions of Erlang's {@code erlang} module that other nodes call on this one through rpc and
 * erpc, answered by the node itself: {@code whereis/1}, {@code is_process_alive/1}, {@code node/0},
 * {@code nodes/0,1}, {@code registered/0}, {@code exit/2}, {@code halt/0,1} (and {@code init:stop/0}:
 * both stop the node), and what {@link Introspection} answers ({@code processes/0},
 * {@code process_info/1,2}, {@code memory/0,1}, {@code system_info/1}).
 * They come before Lua's own {@code erlang} module (the term
 * bridge), whose other functions stay callable.
 */
final class ErlangBifs {
    private static final OtpErlangAtom UNDEFINED = new OtpErlangAtom("undefined");

    private final NodeRuntime runtime;
    private final Introspection introspection;

    ErlangBifs(NodeRuntime runtime) {
        this.runtime = runtime;
        this.introspection = new Introspection(runtime);
    }

    /** The result of {@code erlang:function(args)}, or null when it is not one of these. */
    OtpErlangObject call(String module, String function, OtpErlangList args) {
        if (module.equals("init") && function.equals("stop") && args.arity() == 0) return stop(0);
        if (module.equals("global") && function.equals("resolve_it") && args.arity() == 4) return resolveIt(args);
        if (!module.equals("erlang")) return null;
        if (function.equals("halt") && args.arity() == 0) return stop(0);
        if (function.equals("halt") && args.arity() == 1) return stop(haltStatus(args.elementAt(0)));
        int arity = args.arity();
        return switch (function + "/" + arity) {
            case "whereis/1" -> args.elementAt(0) instanceof OtpErlangAtom name ? whereis(name.atomValue()) : null;
            case "is_process_alive/1" -> args.elementAt(0) instanceof OtpErlangPid pid ? isAlive(pid) : null;
            case "node/0" -> new OtpErlangAtom(runtime.node().name());
            case "nodes/0" -> atoms(runtime.distributed().visibleNodes());
            case "nodes/1" -> nodes(args.elementAt(0));
            case "registered/0" -> atoms(runtime.processes.registered());
            case "processes/0" -> introspection.processes();
            case "process_info/1" -> introspection.processInfo(args.elementAt(0));
            case "process_info/2" -> introspection.processInfo(args.elementAt(0), args.elementAt(1));
            case "memory/0" -> introspection.memory();
            case "memory/1" -> introspection.memory(args.elementAt(0));
            case "system_info/1" -> introspection.systemInfo(args.elementAt(0));
            case "disconnect_node/1" ->
                args.elementAt(0) instanceof OtpErlangAtom n
                        ? new OtpErlangAtom(runtime.distributed().disconnect(n.atomValue()))
                        : null;
            case "exit/2" -> args.elementAt(0) instanceof OtpErlangPid pid ? exit(pid, args.elementAt(1)) : null;
            default -> null;
        };
    }

    /**
     * init:stop and erlang:halt: the node stops once the answer has gone out (a short grace, as the
     * answer is the calling process's exit).
     */
    private OtpErlangObject stop(int exitStatus) {
        CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS)
                .execute(() -> runtime.processes.requestStop(exitStatus));
        return new OtpErlangAtom("ok");
    }

    /** erlang:halt(Status): an integer is the exit status (0-255 as the OS keeps it); abort or a string, 1. */
    private static int haltStatus(OtpErlangObject status) {
        if (status instanceof OtpErlangLong n) return (int) (n.longValue() & 0xff);
        return 1;
    }

    /**
     * nodes(Kind | [Kind]): visible (BEAM-like) and hidden (JInterface, C) connected nodes, connected
     * both, known those and this node, this this node.
     */
    private OtpErlangObject nodes(OtpErlangObject kinds) {
        List<OtpErlangObject> asked = kinds instanceof OtpErlangList l ? List.of(l.elements()) : List.of(kinds);
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (OtpErlangObject kind : asked) {
            if (!(kind instanceof OtpErlangAtom a)) return null;
            switch (a.atomValue()) {
                case "visible" -> out.addAll(runtime.distributed().visibleNodes());
                case "connected" -> out.addAll(runtime.distributed().nodes());
                case "known" -> {
                    out.add(runtime.node().name());
                    out.addAll(runtime.distributed().nodes());
                }
                case "this" -> out.add(runtime.node().name());
                case "hidden" -> {
                    List<String> hidden = new ArrayList<>(runtime.distributed().nodes());
                    hidden.removeAll(runtime.distributed().visibleNodes());
                    out.addAll(hidden);
                }
                default -> {
                    return null;
                }
            }
        }
        return new OtpErlangList(out.stream().map(OtpErlangAtom::new).toArray(OtpErlangObject[]::new));
    }

    /**
     * global:resolve_it(Method, Name, Pid1, Pid2): a BEAM node resolving a clash over a name held here
     * asks this node, as global does; the pid that keeps the name, or none.
     */
    private OtpErlangObject resolveIt(OtpErlangList args) {
        ErlangProcess caller = runtime.processes.current();
        if (caller == null
                || !(args.elementAt(2) instanceof OtpErlangPid pid1)
                || !(args.elementAt(3) instanceof OtpErlangPid pid2)) {
            return null;
        }
        OtpErlangPid keeper =
                NameClashes.resolve(runtime.processes, caller, args.elementAt(0), args.elementAt(1), pid1, pid2);
        return keeper != null ? keeper : new OtpErlangAtom("none");
    }

    /** exit(Pid, Reason) sent by the process serving the call, as erlang:exit/2 in an rpc would. */
    private OtpErlangObject exit(OtpErlangPid pid, OtpErlangObject reason) {
        ErlangProcess caller = runtime.processes.current();
        if (caller == null) return null;
        runtime.relationships().exit(caller, pid, reason); // the model reads kill and normal as these atoms
        return new OtpErlangAtom(true);
    }

    private OtpErlangObject whereis(String name) {
        ErlangProcess p = runtime.processes.whereis(name);
        return p == null ? UNDEFINED : p.pid();
    }

    private OtpErlangObject isAlive(OtpErlangPid pid) {
        ErlangProcess p = runtime.processes.process(pid);
        return new OtpErlangAtom(p != null && p.isAlive());
    }

    private static OtpErlangList atoms(List<String> names) {
        return new OtpErlangList(names.stream().sorted().map(OtpErlangAtom::new).toArray(OtpErlangObject[]::new));
    }
}
