package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangLong;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangString;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.luanode.bridge.Atoms;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessInfo;

/**
 * What operators ask a node through rpc: erlang:processes/0, process_info/1,2, memory/0,1 and
 * system_info/1, answered as BEAM answers them where the node has the same thing to tell, and documented
 * (README) where it can only estimate. Each returns null for arguments it does not take (the caller then
 * gets undef, where BEAM would raise badarg).
 */
final class Introspection {
    /**
     * What a process is counted as using: a nominal figure, as the JVM does not tell what a continuation
     * or a Lua table holds, plus a nominal figure per queued message. Good for spotting a process whose
     * mailbox grows, not for accounting.
     */
    static final int PROCESS_BYTES = 2048;

    static final int MESSAGE_BYTES = 100;
    private static final String VERSION = "0.1.0";
    private static final List<String> DEFAULT_ITEMS = List.of(
            "registered_name",
            "current_function",
            "initial_call",
            "status",
            "message_queue_len",
            "links",
            "monitors",
            "monitored_by",
            "trap_exit",
            "priority",
            "memory");

    private final NodeRuntime runtime;

    Introspection(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    OtpErlangObject processes() {
        return new OtpErlangList(
                runtime.processes.processes().stream().map(ErlangProcess::pid).toArray(OtpErlangObject[]::new));
    }

    /** process_info(Pid): the default items; undefined for a process that is not alive. */
    OtpErlangObject processInfo(OtpErlangObject pidArg) {
        if (!(pidArg instanceof OtpErlangPid pid) || runtime.node().isRemote(pid)) return null;
        ProcessInfo info = runtime.processes.info(pid);
        if (info == null) return atom("undefined");
        List<OtpErlangObject> items = new ArrayList<>();
        for (String item : DEFAULT_ITEMS) {
            if (item.equals("registered_name") && info.registeredName() == null) continue;
            items.add(tuple(atom(item), item(info, item)));
        }
        return new OtpErlangList(items.toArray(OtpErlangObject[]::new));
    }

    /** process_info(Pid, Item) gives {Item, Value}; process_info(Pid, [Item]) a list of them. */
    OtpErlangObject processInfo(OtpErlangObject pidArg, OtpErlangObject what) {
        if (!(pidArg instanceof OtpErlangPid pid) || runtime.node().isRemote(pid)) return null;
        List<String> items = new ArrayList<>();
        if (what instanceof OtpErlangAtom a) items.add(a.atomValue());
        else if (what instanceof OtpErlangList l) {
            for (OtpErlangObject o : l) {
                if (!(o instanceof OtpErlangAtom a)) return null;
                items.add(a.atomValue());
            }
        } else return null;
        for (String item : items) if (!DEFAULT_ITEMS.contains(item)) return null;
        ProcessInfo info = runtime.processes.info(pid);
        if (info == null) return atom("undefined");
        if (what instanceof OtpErlangAtom) {
            // BEAM's one oddity: an unregistered process's registered_name is [], not a tuple
            if (items.get(0).equals("registered_name") && info.registeredName() == null) return new OtpErlangList();
            return tuple(atom(items.get(0)), item(info, items.get(0)));
        }
        List<OtpErlangObject> out = new ArrayList<>();
        for (String item : items) out.add(tuple(atom(item), item(info, item)));
        return new OtpErlangList(out.toArray(OtpErlangObject[]::new));
    }

    private OtpErlangObject item(ProcessInfo info, String item) {
        return switch (item) {
            case "registered_name" -> info.registeredName() == null ? new OtpErlangList() : atom(info.registeredName());
            case "current_function", "initial_call" -> initialCall(info.pid());
            case "status" -> atom(info.status());
            case "message_queue_len" -> new OtpErlangLong(info.messageQueueLength());
            case "links" -> new OtpErlangList(info.links().toArray(OtpErlangObject[]::new));
            case "monitors" -> new OtpErlangList(info.monitors().toArray(OtpErlangObject[]::new));
            case "monitored_by" -> new OtpErlangList(info.monitoredBy().toArray(OtpErlangObject[]::new));
            case "trap_exit" -> new OtpErlangAtom(info.trapExit());
            case "priority" -> atom("normal");
            case "memory" -> new OtpErlangLong(PROCESS_BYTES + (long) MESSAGE_BYTES * info.messageQueueLength());
            default -> throw new IllegalArgumentException(item);
        };
    }

    private OtpErlangObject initialCall(OtpErlangPid pid) {
        ErlangProcess p = runtime.processes.process(pid);
        return p == null ? atom("undefined") : p.initialCall();
    }

    // ------------------------------------------------------------------ memory

    /** erlang:memory(): the JVM's figures under BEAM's names (see the README for what each means here). */
    OtpErlangObject memory() {
        List<OtpErlangObject> out = new ArrayList<>();
        memoryFigures().forEach((k, v) -> out.add(tuple(atom(k), new OtpErlangLong(v.get()))));
        return new OtpErlangList(out.toArray(OtpErlangObject[]::new));
    }

    /** memory(Type) gives the figure; memory([Type]) a list of {Type, Figure}. */
    OtpErlangObject memory(OtpErlangObject what) {
        Map<String, Supplier<Long>> figures = memoryFigures();
        if (what instanceof OtpErlangAtom a) {
            Supplier<Long> f = figures.get(a.atomValue());
            return f == null ? null : new OtpErlangLong(f.get());
        }
        if (!(what instanceof OtpErlangList l)) return null;
        List<OtpErlangObject> out = new ArrayList<>();
        for (OtpErlangObject o : l) {
            if (!(o instanceof OtpErlangAtom a) || !figures.containsKey(a.atomValue())) return null;
            out.add(tuple(a, new OtpErlangLong(figures.get(a.atomValue()).get())));
        }
        return new OtpErlangList(out.toArray(OtpErlangObject[]::new));
    }

    private Map<String, Supplier<Long>> memoryFigures() {
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        long heap = jvm.getHeapMemoryUsage().getUsed();
        long nonHeap = jvm.getNonHeapMemoryUsage().getUsed();
        long processes = processMemory();
        long atoms = (long) Atoms.count() * 64; // an interned atom: its name, a userdata, a map entry
        Map<String, Supplier<Long>> figures = new LinkedHashMap<>();
        figures.put("total", () -> heap + nonHeap);
        figures.put("processes", () -> processes);
        figures.put("processes_used", () -> processes);
        figures.put("system", () -> Math.max(0, heap + nonHeap - processes));
        figures.put("atom", () -> atoms);
        figures.put("atom_used", () -> atoms);
        figures.put("binary", () -> 0L);
        figures.put("code", () -> nonHeap);
        figures.put("ets", () -> 0L);
        return figures;
    }

    private long processMemory() {
        long total = 0;
        for (ErlangProcess p : runtime.processes.processes()) {
            ProcessInfo info = runtime.processes.info(p.pid());
            if (info != null) total += PROCESS_BYTES + (long) MESSAGE_BYTES * info.messageQueueLength();
        }
        return total;
    }

    // ------------------------------------------------------------------ system_info

    /** erlang:system_info(Item) for the items listed in the README; null for others. */
    OtpErlangObject systemInfo(OtpErlangObject what) {
        if (!(what instanceof OtpErlangAtom a)) return null;
        int cores = Runtime.getRuntime().availableProcessors();
        return switch (a.atomValue()) {
            case "process_count" ->
                new OtpErlangLong(runtime.processes.processes().size());
            case "process_limit" -> new OtpErlangLong(1 << 28);
            case "port_count" -> new OtpErlangLong(0);
            case "port_limit" -> new OtpErlangLong(65536);
            case "atom_count" -> new OtpErlangLong(Atoms.count());
            case "atom_limit" -> new OtpErlangLong(Atoms.limit());
            case "schedulers", "schedulers_online", "dirty_cpu_schedulers" -> new OtpErlangLong(1);
            case "logical_processors", "logical_processors_online", "logical_processors_available" ->
                new OtpErlangLong(cores);
            case "wordsize" -> new OtpErlangLong(8);
            case "thread_pool_size" -> new OtpErlangLong(0);
            case "otp_release" -> new OtpErlangString("25");
            case "version" -> new OtpErlangString(VERSION);
            case "system_version" ->
                new OtpErlangString("luanode " + VERSION + " (LuaJ 3.0.1, Java " + Runtime.version()
                        + ") [distribution: OTP 25-29]\n");
            case "machine" -> new OtpErlangString("luanode");
            case "creation" -> new OtpErlangLong(runtime.node().creation());
            case "smp_support", "threads" -> new OtpErlangAtom(true);
            default -> null;
        };
    }

    private static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    private static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }
}
