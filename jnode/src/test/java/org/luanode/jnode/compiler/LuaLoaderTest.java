package org.luanode.jnode.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.Node;
import org.luanode.jnode.runtime.LuaProcess;
import org.luanode.jnode.runtime.NodeRuntime;

/** Chunks compiled to JVM classes: chosen per chunk, preemptible, placing their errors as the interpreter does. */
class LuaLoaderTest {

    /** Runs {@code code} as the main process of a fresh node; returns what it printed, or its error. */
    private static String run(LuaLoader.Mode mode, String code) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NodeRuntime node = Node.create(new PrintStream(bytes, true, StandardCharsets.UTF_8), mode);
        try {
            LuaValue reason = node.startMain(
                            new VarArgFunction() {
                                @Override
                                public Varargs invoke(Varargs args) {
                                    return node.globals()
                                            .load(code, "@chunk.lua")
                                            .invoke();
                                }
                            },
                            LuaValue.NONE)
                    .get(30, TimeUnit.SECONDS);
            String out = bytes.toString(StandardCharsets.UTF_8);
            return reason.tojstring().equals("normal") ? out : out + "ERROR " + reason.tojstring();
        } finally {
            node.close();
        }
    }

    @Test
    void chunksAreCompiledByDefaultAndInterpretedWhenAsked() throws Exception {
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, "return function() end"))
                .isEqualTo(LuaLoader.Mode.COMPILED);
        assertThat(compiledMode(LuaLoader.Mode.INTERPRETED, "return function() end"))
                .isEqualTo(LuaLoader.Mode.INTERPRETED);
    }

    @Test
    void aChunkThatUsesDebugHooksOrEnvironmentsRunsOnTheInterpreter() throws Exception {
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, "debug.sethook(); return function() end"))
                .isEqualTo(LuaLoader.Mode.INTERPRETED);
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, "return function() setfenv(1, {}) end"))
                .isEqualTo(LuaLoader.Mode.INTERPRETED);
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, "return function() return string.dump end"))
                .isEqualTo(LuaLoader.Mode.INTERPRETED);
    }

    @Test
    void smallChunksFromStringsRunOnTheInterpreterBigOnesAreCompiled() throws Exception {
        String small = "return function(x) return x + 1 end";
        String big = "return function(x)\n" + "x = x + 1\n".repeat(400) + "return x end";
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, small, "return function(x) return..."))
                .isEqualTo(LuaLoader.Mode.INTERPRETED);
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, big, "return function(x)..."))
                .isEqualTo(LuaLoader.Mode.COMPILED);
        assertThat(compiledMode(LuaLoader.Mode.COMPILED, small, "=(command line)"))
                .isEqualTo(LuaLoader.Mode.COMPILED);
        assertThat(run(LuaLoader.Mode.COMPILED, "print(loadstring('return 1 + ...')(41))"))
                .isEqualTo("42\n");
    }

    private static LuaLoader.Mode compiledMode(LuaLoader.Mode mode, String chunk) {
        return compiledMode(mode, chunk, "@probe.lua");
    }

    private static LuaLoader.Mode compiledMode(LuaLoader.Mode mode, String chunk, String chunkName) {
        NodeRuntime node = Node.create(new PrintStream(new ByteArrayOutputStream()), mode);
        try {
            return LuaLoader.modeOf(node.globals().load(chunk, chunkName).call());
        } finally {
            node.close();
        }
    }

    @Test
    void aFunctionTooBigForOneJvmMethodRunsOnTheInterpreter() throws Exception {
        // an inner function: its class is made when the chunk is, but used only when the closure is
        String body = "return function(x)\n" + "x = x + 1\n".repeat(30_000) + "return x end";
        NodeRuntime node = Node.create(new PrintStream(new ByteArrayOutputStream()), LuaLoader.Mode.COMPILED);
        try {
            LuaValue big = node.globals().load(body, "@big.lua").call();
            assertThat(LuaLoader.modeOf(big)).isEqualTo(LuaLoader.Mode.INTERPRETED);
            assertThat(big.call(LuaValue.valueOf(1)).toint()).isEqualTo(30_001);
        } finally {
            node.close();
        }
    }

    @Test
    void aProcessRunningACompiledFunctionSaysWhereItIsDefined() {
        NodeRuntime node = Node.create(new PrintStream(new ByteArrayOutputStream()), LuaLoader.Mode.COMPILED);
        try {
            LuaValue f =
                    node.globals().load("\nreturn function() end", "@where.lua").call();
            assertThat(LuaLoader.modeOf(f)).isEqualTo(LuaLoader.Mode.COMPILED);
            LuaProcess p = node.spawn(null, f, LuaValue.NONE, false, null);
            assertThat(((com.ericsson.otp.erlang.OtpErlangAtom) p.initialCall().elementAt(1)).atomValue())
                    .isEqualTo("where.lua:2");
        } finally {
            node.close();
        }
    }

    @Test
    void aBusyCompiledLoopIsPreempted() throws Exception {
        String out = run(LuaLoader.Mode.COMPILED, """
                require 'concurrent'
                concurrent.spawn(function() while true do end end)
                concurrent.spawn(function()
                  local function deep(n) if n == 0 then return 0 end return 1 + deep(n - 1) end
                  while true do deep(50) end
                end)
                for i = 1, 3 do concurrent.sleep(20) print('main runs', i) end
                """);
        assertThat(out).isEqualTo("main runs\t1\nmain runs\t2\nmain runs\t3\n");
    }

    @Test
    void errorsArePlacedAndTracedWithLuaLines() throws Exception {
        String code = """
                local function f(x)
                  error('boom ' .. x)
                end
                local function g() f(1) end
                print(pcall(g))
                print(pcall(function() local t = nil; return t.field end))
                print(pcall(function() local function up() error('up', 2) end up() end))
                print(xpcall(g, debug.traceback))
                """;
        String expected = """
                false	chunk.lua:2: boom 1
                false	chunk.lua:6: attempt to index local 't' (a nil value)
                false	chunk.lua:7: up
                false	chunk.lua:2: boom 1
                stack traceback:
                	[C]: in function 'error'
                	chunk.lua:2: in function <chunk.lua:1>
                	chunk.lua:4: in function <chunk.lua:4>
                	[C]: in function 'xpcall'
                	chunk.lua:8: in main chunk
                	[C]: ?
                """;
        assertThat(run(LuaLoader.Mode.COMPILED, code)).isEqualTo(expected);
    }

    @Test
    void deepRecursionIsAStackOverflowError() throws Exception {
        String out = run(
                LuaLoader.Mode.COMPILED,
                "local function r(n) return 1 + r(n + 1) end\n"
                        + "local ok, e = pcall(r, 1) print(ok, (string.find(tostring(e), 'stack overflow')) ~= nil)");
        assertThat(out).isEqualTo("false\ttrue\n");
    }

    @Test
    void compiledCodeWaitsInReceiveAndResumesCoroutines() throws Exception {
        String out = run(LuaLoader.Mode.COMPILED, """
                require 'concurrent'
                local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end)
                local pid = concurrent.spawn(function(parent)
                  local m = concurrent.receive()
                  concurrent.send(parent, m * 10)
                end, concurrent.self())
                concurrent.send(pid, co(1))
                print(concurrent.receive(1000), co(21))
                """);
        assertThat(out).isEqualTo("20\t42\n");
    }
}
