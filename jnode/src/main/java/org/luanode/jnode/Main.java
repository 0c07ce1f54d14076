package org.luanode.jnode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.compiler.LuaLoader;
import org.luanode.jnode.epmd.EpmdCommand;
import org.luanode.jnode.process.FatalErrors;
import org.luanode.jnode.runtime.NodeRuntime;
import org.luanode.jnode.runtime.Repl;
import org.luanode.jnode.runtime.StateLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code jnode} command: runs a Lua script (or a prompt) as the main process of a node. */
@Command(
        name = "jnode",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        sortOptions = false,
        description = {
            "Runs Lua scripts whose processes are Erlang processes (the ConcurrentLua API).",
            "With no script and no -e, starts an interactive prompt that is itself a process.",
            "'jnode epmd --help' shows the built-in port mapper (a drop-in for epmd)."
        })
public final class Main implements Callable<Integer> {
    /** jnode --version: the version, and how this JVM runs Lua code (-Dluanode.lua). */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String mode = LuaLoader.Mode.configured() == LuaLoader.Mode.COMPILED
                    ? "Lua code: compiled to JVM classes (luajc), where it can be (-Dluanode.lua=interp: LuaJ's interpreter)"
                    : "Lua code: LuaJ's interpreter (-Dluanode.lua=interp)";
            return new String[] {"jnode 0.1.0 (LuaJ 3.0.1, Lua 5.2 with 5.1 compatibility)", mode};
        }
    }

    @Option(names = "-e", paramLabel = "CODE", description = "Execute the string CODE (may be repeated).")
    private final List<String> code = new ArrayList<>();

    @Option(
            names = "-l",
            paramLabel = "NAME",
            description = "Require library NAME before the script (may be repeated).")
    private final List<String> libraries = new ArrayList<>();

    @Option(names = "-i", description = "Enter the interactive prompt after running the script.")
    private boolean interactive;

    @Option(
            names = {"--sname", "-sname"},
            paramLabel = "NAME",
            description = "Start as a distributed node with a short name (like erl -sname).")
    private String shortName;

    @Option(
            names = {"--name", "-name"},
            paramLabel = "NAME",
            description = "Start as a distributed node with a long name (like erl -name).")
    private String longName;

    @Option(
            names = {"--cookie", "-setcookie"},
            paramLabel = "COOKIE",
            description = "The magic cookie (default: ~/.erlang.cookie, as erl).")
    private String cookie;

    @Option(
            names = {"--connect-all", "-connect_all"},
            arity = "1",
            paramLabel = "true|false",
            description = "Connect to the nodes global learns of (default true, as erl's -connect_all).")
    private Boolean connectAll;

    @Option(
            names = "-kernel",
            arity = "2",
            paramLabel = "PARAM VALUE",
            description = "erl's kernel parameters: inet_dist_use_interface '{127,0,0,1}', inet_dist_listen_min N,"
                    + " inet_dist_listen_max N, connect_all true|false, net_ticktime S (may be repeated).")
    private final List<String> kernel = new ArrayList<>();

    @Option(
            names = {"--proto-dist", "-proto_dist"},
            paramLabel = "PROTO",
            description = "How distribution travels, as erl's -proto_dist: inet_tcp (default), inet6_tcp (IPv6),"
                    + " inet_tls or inet6_tls (TLS, with -ssl_dist_optfile).")
    private String protoDist;

    @Option(
            names = {"--ssl-dist-optfile", "-ssl_dist_optfile"},
            paramLabel = "FILE",
            description = "TLS settings for -proto_dist inet_tls, in erl's format: [{server, Opts}, {client, Opts}].")
    private String sslDistOptfile;

    @Option(
            names = "--max-heap-size",
            paramLabel = "BYTES",
            description = "Every process's max_heap_size (0: none, the default): a process holding more is killed,"
                    + " as Erlang's; a process changes its own with concurrent.setoption('max_heap_size', bytes).")
    private Long maxHeapSize;

    @Option(
            names = "--states",
            paramLabel = "K",
            description = "Lua states the node runs, each with its own globals and thread (1, the default: every"
                    + " process shares one state, as in ConcurrentLua; 'auto': one per core). Processes started by"
                    + " module and function name may run in any (docs/states.md).")
    private String states;

    @Option(
            names = "--restrict",
            paramLabel = "[STATES:]ITEMS",
            description = "Limits for Lua states (may be repeated): STATES is a number, a range (2-4) or 'others'"
                    + " (all but the first, the default); ITEMS, comma-separated, are libraries taken away (os, io,"
                    + " debug, luajava, load) and budgets of every process there: heap=BYTES (a max_heap_size it"
                    + " cannot raise), ticks=N (an instruction budget). Example: --restrict others:os,io,heap=64e6.")
    private final List<String> restrictions = new ArrayList<>();

    @Option(
            names = {"--serve", "-serve"},
            description = "Keep the node up after the script returns, until SIGTERM, init:stop or erlang:halt from"
                    + " another node, or the parent going away.")
    private boolean serve;

    @Option(
            names = {"--parent", "-parent"},
            description = "Standard input is the parent's pipe: the node stops when it closes (the starting program"
                    + " exited, closed its port, or was killed), as OTP's peer nodes do.")
    private boolean parent;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SCRIPT",
            description = "The Lua script to run ('-' reads standard input).")
    private String script;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the script (in arg and ...).")
    private final List<String> scriptArgs = new ArrayList<>();

    private final PrintStream out =
            new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

    /** The number of Lua states asked for: a count from 1, or 'auto' for one per core. */
    static int stateCount(String asked) {
        if (asked.equals("auto")) return Runtime.getRuntime().availableProcessors();
        int n;
        try {
            n = Integer.parseInt(asked);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a number of states or 'auto' expected, got '" + asked + "'");
        }
        if (n < 1 || n > 1024) throw new IllegalArgumentException("between 1 and 1024 states, not " + n);
        return n;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("epmd")) {
            System.exit(EpmdCommand.run(Arrays.copyOfRange(args, 1, args.length)));
        }
        CommandLine cli = new CommandLine(new Main());
        cli.setStopAtPositional(true); // everything after the script belongs to the script, as with lua
        int status = cli.execute(args);
        FatalErrors.awaitHalt(); // a fatal error's report ends the JVM with status 1, not this status
        System.exit(status);
    }

    @Override
    public Integer call() throws Exception {
        if (shortName != null && longName != null) {
            System.err.println("jnode: use either --sname or --name, not both");
            return 2;
        }
        for (int i = 0; i + 1 < kernel.size(); i += 2) {
            String error = kernelParameter(kernel.get(i), kernel.get(i + 1));
            if (error != null) {
                System.err.println("jnode: -kernel " + kernel.get(i) + ": " + error);
                return 2;
            }
        }
        if (protoDist != null) System.setProperty("luanode.dist.proto", protoDist);
        if (maxHeapSize != null) System.setProperty("luanode.max_heap_size", Long.toString(maxHeapSize));
        if (sslDistOptfile != null)
            System.setProperty("luanode.dist.ssl_optfile", new File(sslDistOptfile).getAbsolutePath());
        int stateCount;
        try {
            stateCount = stateCount(states != null ? states : System.getProperty("luanode.states", "1"));
        } catch (IllegalArgumentException e) {
            System.err.println("jnode: --states: " + e.getMessage());
            return 2;
        }
        StateLimits[] limits;
        try {
            limits = StateLimits.parse(restrictions, stateCount);
        } catch (IllegalArgumentException e) {
            System.err.println("jnode: --restrict: " + e.getMessage());
            return 2;
        }
        // Read before the node is reachable: a node under a flood of connections may have no file
        // descriptor left by the time the script would be opened.
        readScript();
        NodeRuntime runtime = Node.create(out, LuaLoader.Mode.configured(), limits);
        FatalErrors.haltOnFatal(runtime.processRuntime());
        if (cookie != null) runtime.setCookie(cookie);
        if (connectAll != null) runtime.setConnectAll(connectAll);
        if (shortName != null || longName != null) {
            String name = shortName != null ? shortName : longName;
            try {
                runtime.startDistribution(name, shortName != null);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("jnode: cannot start node " + name + ": " + e.getMessage());
                return 1;
            }
        }
        if (script != null && !script.equals("-")) {
            File parent = new File(script).getAbsoluteFile().getParentFile();
            if (parent != null) runtime.addToPath(parent.getPath()); // its modules, in every state
        }
        runtime.globals().set("arg", argTable());
        // SIGTERM: an orderly stop (what processes sent goes out, the port mapper forgets the node).
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopWithin(runtime, 5), "jnode-shutdown"));
        if (parent) watchParent(runtime);
        CompletableFuture<LuaValue> main = runtime.startMain(
                new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs ignored) {
                        runMain(runtime);
                        return NONE;
                    }
                },
                LuaValue.NONE);
        // init:stop or erlang:halt from a peer ends the node even while its script still runs.
        if (CompletableFuture.anyOf(main, runtime.stopRequested()).get() instanceof Integer status) {
            out.flush();
            runtime.close();
            return status;
        }
        LuaValue reason = main.get();
        if (serve) {
            boolean failed = !reason.raweq(LuaValue.valueOf("normal"));
            if (failed) System.err.println("jnode: " + reason.tojstring() + " (the node goes on serving)");
            int status = runtime.stopRequested().get();
            if (failed || status != 0) {
                out.flush();
                runtime.close();
                return status != 0 ? status : 1;
            }
        }
        out.flush();
        runtime.close(); // distribution first (what processes sent still goes out), then the Lua thread
        if (reason.raweq(LuaValue.valueOf("normal"))) return 0;
        System.err.println("jnode: " + reason.tojstring());
        return 1;
    }

    /** One -kernel parameter, as the property the node reads; an error message, or null. */
    private static String kernelParameter(String param, String value) {
        String v = value.trim();
        switch (param) {
            case "inet_dist_use_interface" -> {
                String address = erlangAddress(v);
                if (address == null) return "expected an address tuple such as '{127,0,0,1}', got " + value;
                System.setProperty("luanode.dist.use_interface", address);
            }
            case "inet_dist_listen_min", "inet_dist_listen_max", "net_ticktime" -> {
                if (!v.matches("\\d+")) return "expected a non-negative integer, got " + value;
                String property = switch (param) {
                    case "inet_dist_listen_min" -> "luanode.dist.listen_min";
                    case "inet_dist_listen_max" -> "luanode.dist.listen_max";
                    default -> "luanode.net_ticktime";
                };
                System.setProperty(property, v);
            }
            case "connect_all" -> {
                if (!v.equals("true") && !v.equals("false")) return "expected true or false, got " + value;
                System.setProperty("luanode.connect_all", v);
            }
            default -> {
                return "not a parameter jnode knows (inet_dist_use_interface, inet_dist_listen_min,"
                        + " inet_dist_listen_max, connect_all, net_ticktime)";
            }
        }
        return null;
    }

    /** {127,0,0,1} (IPv4) or {0,0,0,0,0,0,0,1} (IPv6, 16-bit parts) as an address text; null if neither. */
    public static String erlangAddress(String tuple) {
        if (!tuple.startsWith("{") || !tuple.endsWith("}")) return null;
        String[] parts = tuple.substring(1, tuple.length() - 1).split(",");
        if (parts.length != 4 && parts.length != 8) return null;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!p.matches("\\d+")) return null;
            int n = Integer.parseInt(p);
            if (n > (parts.length == 4 ? 255 : 65535)) return null;
            if (i > 0) out.append(parts.length == 4 ? '.' : ':');
            out.append(parts.length == 4 ? Integer.toString(n) : Integer.toHexString(n));
        }
        return out.toString();
    }

    /**
     * SIGTERM: the orderly stop (what processes sent goes out, links and monitors across nodes fire, the
     * port mapper forgets the node), but never longer than {@code seconds}: then the JVM halts.
     */
    private static void stopWithin(NodeRuntime runtime, int seconds) {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L - 500);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("jnode: the orderly stop took too long; halting");
            Runtime.getRuntime().halt(143);
        });
        deadline.setDaemon(true);
        deadline.start();
        runtime.close();
        deadline.interrupt();
    }

    /** Stops the node when standard input reaches its end: the parent that started it is gone. */
    private static void watchParent(NodeRuntime runtime) {
        Thread.ofPlatform().daemon().name("jnode-parent").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // what the parent writes is not for us; its end is
                }
            } catch (IOException e) {
                // a broken pipe is the parent going away too
            }
            System.err.println("jnode: parent gone, stopping");
            runtime.close();
            System.exit(0);
        });
    }

    /** The script's text, read by {@link #readScript}; or why it could not be, reported when it would run. */
    private byte[] scriptSource;

    private IOException scriptUnreadable;

    private void readScript() {
        if (script == null || script.equals("-")) return;
        try (InputStream in = new FileInputStream(script)) {
            scriptSource = in.readAllBytes();
        } catch (IOException e) {
            scriptUnreadable = e;
        }
    }

    private void runMain(NodeRuntime runtime) {
        for (String lib : libraries)
            runtime.globals().set(lib, runtime.globals().get("require").call(lib));
        for (int i = 0; i < code.size(); i++) {
            runtime.globals().load(code.get(i), "=(command line)").call();
        }
        if (script != null) {
            LuaValue chunk;
            if (script.equals("-")) {
                chunk = runtime.globals().load(System.in, "=stdin", "bt", runtime.globals());
            } else {
                if (scriptUnreadable != null)
                    throw new LuaError("cannot open " + script + ": " + scriptUnreadable.getMessage());
                // Named as lua names it in messages: "script.lua:3: ..."
                chunk = runtime.globals()
                        .load(new ByteArrayInputStream(scriptSource), "@" + script, "bt", runtime.globals());
            }
            LuaValue[] args = scriptArgs.stream().map(LuaValue::valueOf).toArray(LuaValue[]::new);
            chunk.invoke(LuaValue.varargsOf(args));
        }
        if (interactive || (script == null && code.isEmpty())) {
            out.println("jnode 0.1.0 -- Lua 5.2 (LuaJ) with ConcurrentLua; processes are Erlang processes");
            new Repl(runtime, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), out).run();
        }
    }

    private LuaTable argTable() {
        LuaTable arg = new LuaTable();
        arg.set(-1, "jnode");
        if (script != null) arg.set(0, script);
        for (int i = 0; i < scriptArgs.size(); i++) arg.set(i + 1, scriptArgs.get(i));
        return arg;
    }
}
