package org.luanode.jnode.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.VarArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;
import org.luaj.vm2.lib.jse.JseOsLib;
import org.luaj.vm2.lib.jse.LuajavaLib;
import org.luanode.bridge.ErlangLib;
import org.luanode.jnode.compiler.CompiledErrors;
import org.luanode.jnode.compiler.LuaLoader;

/**
 * Builds a node's Lua states (one unless asked for more; the processes of a state share it): in each
 * the standard libraries, the {@code erlang} module, {@code require 'concurrent'}, and the Lua 5.1
 * globals ConcurrentLua programs expect.
 */
public final class LuaEnvironment {
    private LuaEnvironment() {}

    /** A node runtime with its Lua state ready, running Lua as -Dluanode.lua says (compiled by default). */
    public static NodeRuntime create(PrintStream out) {
        return create(out, LuaLoader.Mode.configured());
    }

    /** A node runtime with its Lua state ready, its chunks compiled or interpreted. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode) {
        return create(out, mode, 1);
    }

    /** A node runtime with {@code states} Lua states ready, each run by a Lua thread of its own. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode, int states) {
        StateLimits[] none = new StateLimits[states];
        java.util.Arrays.fill(none, StateLimits.NONE);
        return create(out, mode, none);
    }

    /** A node runtime with a Lua state for each of {@code limits}, each restricted by its limits. */
    public static NodeRuntime create(PrintStream out, LuaLoader.Mode mode, StateLimits[] limits) {
        NodeRuntime runtime = new NodeRuntime(limits);
        java.util.function.IntFunction<Globals> build = state -> {
            Globals g = newState(out, mode, runtime);
            restrict(g, limits[state]);
            return g;
        };
        for (int i = 0; i < limits.length; i++) runtime.installState(i, build.apply(i));
        runtime.buildStatesWith(build);
        return runtime;
    }

    /** The os functions a restricted state keeps: time, nothing that reaches outside the node. */
    private static final List<String> SAFE_OS = List.of("time", "clock", "date", "difftime");

    /** Takes away the libraries {@code limits} names, from the globals and from package.loaded. */
    static void restrict(Globals g, StateLimits limits) {
        LuaValue loaded = g.get("package").get("loaded");
        for (String lib : limits.withoutLibs()) {
            switch (lib) {
                case "os" -> {
                    LuaTable safe = new LuaTable();
                    LuaValue os = g.get("os");
                    for (String f : SAFE_OS) safe.rawset(f, os.get(f));
                    g.set("os", safe);
                    loaded.set("os", safe);
                }
                case "io" -> {
                    g.set("io", LuaValue.NIL);
                    loaded.set("io", LuaValue.NIL);
                    g.set("dofile", LuaValue.NIL);
                    g.set("loadfile", LuaValue.NIL);
                }
                case "load" -> {
                    for (String f : List.of("load", "loadstring", "dofile", "loadfile")) g.set(f, LuaValue.NIL);
                    g.get("string").set("dump", LuaValue.NIL);
                }
                default -> { // debug, luajava
                    g.set(lib, LuaValue.NIL);
                    loaded.set(lib, LuaValue.NIL);
                }
            }
        }
    }

    /** One Lua state of the node: its own globals, libraries, loaded modules and compiled chunks. */
    private static Globals newState(PrintStream out, LuaLoader.Mode mode, NodeRuntime runtime) {
        Globals g = new Globals();
        g.STDOUT = out;
        g.load(new JseBaseLib());
        g.load(new PackageLib());
        g.load(new Bit32Lib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new Coroutines());
        g.load(new JseMathLib());
        g.load(new LuaIo());
        g.load(new JseOsLib());
        g.load(new LuajavaLib());
        LoadState.install(g);
        LuaC.install(g);
        LuaLoader loader = new LuaLoader(g, mode);
        g.loader = loader; // chunks compiled to JVM classes, or interpreted (-Dluanode.lua)
        LuaOs.installExit(g.get("os").checktable(), runtime);
        g.load(new PreemptingDebugLib(runtime));
        if (loader.mode() == LuaLoader.Mode.COMPILED) {
            g.get("debug")
                    .set("traceback", CompiledErrors.tracebackFunction(g)); // compiled frames have no interpreter frame
        }
        g.load(new ErlangLib());
        Lua51Compat.install(g);
        g.get("string").set("format", new StringFormat()); // C's printf rules (LuaJ's ignores most flags)
        StringCase.install(g.get("string").checktable()); // bytes in the C locale (LuaJ's went through UTF-16)
        LuaOs.install(g.get("os").checktable());
        LuaPatterns.install(g.get("string")
                .checktable()); // 5.1's patterns, %f included, and their errors // os.time, clock, date, remove, rename
        // as C Lua's
        resourceLoader(g, "luanode.compat51").call(); // setfenv, getfenv, module: written in Lua
        g.set("tostring", new ObjectNames().tostring(g.get("tostring")));
        ConcurrentLib concurrent = new ConcurrentLib(runtime, g);
        LuaValue preload = g.get("package").get("preload");
        preload.set("concurrent", concurrent.loader());
        for (String module : LUA_LIBRARY) preload.set(module, resourceLoader(g, module));
        return g;
    }

    /** Modules of the Lua side of the library, in the jar under lua/ (the repository's lua/lib). */
    private static final List<String> LUA_LIBRARY = List.of("concurrent.genserver", "concurrent.supervisor");

    private static LuaValue resourceLoader(Globals g, String module) {
        String path = "/lua/" + module.replace('.', '/') + ".lua";
        return new VarArgFunction() {
            @Override
            public Varargs invoke(Varargs args) {
                try (InputStream in = LuaEnvironment.class.getResourceAsStream(path)) {
                    if (in == null)
                        throw new LuaError("module '" + module + "' is missing from the jar (" + path + ")");
                    return g.load(in, "@" + module.replace('.', '/') + ".lua", "t", g)
                            .invoke(args);
                } catch (IOException e) {
                    throw new LuaError("cannot read " + path + ": " + e.getMessage());
                }
            }
        };
    }

    /** Adds a directory to package.path, so a script's own modules are found next to it. */
    public static void addToPath(Globals g, String directory) {
        LuaValue pkg = g.get("package");
        String sep = directory.endsWith("/") ? "" : "/";
        pkg.set(
                "path",
                LuaValue.valueOf(directory + sep + "?.lua;" + directory + sep + "?/init.lua;"
                        + pkg.get("path").tojstring()));
    }
}
