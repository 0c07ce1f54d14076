package org.luanode.jnode.runtime;

import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.compiler.LuaLoader;

/** Runs Lua in a fresh node, in this JVM, as jnode would: the code is the main process. */
final class LuaHost {
    static final Path ROOT =
            Path.of(System.getProperty("luanode.root", "..")).toAbsolutePath().normalize();

    record Result(LuaValue reason, String output) {
        boolean normal() {
            return reason.raweq(LuaValue.valueOf("normal"));
        }
    }

    static Result runScript(Path script, long timeoutSeconds, String... args) throws Exception {
        return runScript(LuaLoader.Mode.configured(), script, timeoutSeconds, args);
    }

    /** Runs {@code script} with its chunks compiled or interpreted. */
    static Result runScript(LuaLoader.Mode mode, Path script, long timeoutSeconds, String... args) throws Exception {
        return run(mode, timeoutSeconds, runtime -> {
            LuaEnvironment.addToPath(runtime.globals(), script.getParent().toString());
            try (InputStream in = new FileInputStream(script.toFile())) {
                LuaValue chunk = runtime.globals().load(in, "@" + ROOT.relativize(script), "bt", runtime.globals());
                LuaValue[] luaArgs = new LuaValue[args.length];
                for (int i = 0; i < args.length; i++) luaArgs[i] = LuaValue.valueOf(args[i]);
                chunk.invoke(LuaValue.varargsOf(luaArgs));
            } catch (IOException e) {
                throw new LuaError(e.getMessage());
            }
        });
    }

    static Result runCode(String code, long timeoutSeconds) throws Exception {
        return run(
                timeoutSeconds, runtime -> runtime.globals().load(code, "test").call());
    }

    static Result run(long timeoutSeconds, Consumer<NodeRuntime> main) throws Exception {
        return run(LuaLoader.Mode.configured(), timeoutSeconds, main);
    }

    static Result run(LuaLoader.Mode mode, long timeoutSeconds, Consumer<NodeRuntime> main) throws Exception {
        return run(mode, 1, timeoutSeconds, main);
    }

    /** The mode of this test run (-Dluanode.lua). */
    static final LuaLoader.Mode MODE = LuaLoader.Mode.configured();

    /** Runs {@code main} as the main process of a node with {@code states} Lua states. */
    static Result run(LuaLoader.Mode mode, int states, long timeoutSeconds, Consumer<NodeRuntime> main)
            throws Exception {
        StateLimits[] none = new StateLimits[states];
        java.util.Arrays.fill(none, StateLimits.NONE);
        return run(mode, none, timeoutSeconds, main);
    }

    /** Runs {@code main} as the main process of a node with a Lua state for each of {@code limits}. */
    static Result run(LuaLoader.Mode mode, StateLimits[] limits, long timeoutSeconds, Consumer<NodeRuntime> main)
            throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        NodeRuntime runtime = org.luanode.jnode.Node.create(out, mode, limits);
        java.util.concurrent.CompletableFuture<LuaValue> started = runtime.startMain(
                new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs ignored) {
                        main.accept(runtime);
                        return NONE;
                    }
                },
                LuaValue.NONE);
        // os.exit (or a peer's init:stop) ends the run too, with its status
        Object first = java.util.concurrent.CompletableFuture.anyOf(started, runtime.stopRequested())
                .get(timeoutSeconds, TimeUnit.SECONDS);
        LuaValue reason = first instanceof Integer status
                ? LuaValue.valueOf(status == 0 ? "normal" : "exit status " + status)
                : (LuaValue) first;
        return new Result(reason, bytes.toString(StandardCharsets.UTF_8));
    }
}
