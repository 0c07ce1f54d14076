package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luanode.jnode.compiler.LuaLoader;

/** Runtime behaviour seen from Java: exit reasons, the prompt as a process, isolation of failures. */
class RuntimeTest {

    @Test
    void aLuaErrorEndsTheMainProcessWithMessageAndTraceback() throws Exception {
        LuaHost.Result result = LuaHost.runCode("local function f() error('boom') end f()", 10);
        assertThat(result.normal()).isFalse();
        assertThat(result.reason().tojstring()).contains("boom").contains("stack traceback");
    }

    @ParameterizedTest
    @EnumSource(LuaLoader.Mode.class)
    void aJavaExceptionIsALuaErrorWhereLuaCalledJava(LuaLoader.Mode mode) throws Exception {
        // Java code called from Lua (a luajava method, LuaJ's own) may throw any exception: LuaJ's
        // interpreter makes it a Lua error at the caller's line, and compiled code must too, so that pcall
        // catches it and an uncaught one ends the process as a Lua error, not as an internal error.
        LuaHost.Result result = LuaHost.run(mode, 10, runtime -> {
            runtime.globals().set("broken", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    throw new IllegalStateException("broken on purpose");
                }
            });
            String probe = """
                    local t = setmetatable({}, {__index = broken})
                    local function f() return t.field + 1 end
                    print(pcall(f))
                    f()""";
            // a file's name: a small chunk from a string would be interpreted
            runtime.globals().load(probe, "@probe.lua").call();
        });
        assertThat(result.output())
                .isEqualTo("false\tprobe.lua:2: vm error: java.lang.IllegalStateException: broken on purpose\n");
        assertThat(result.reason().tojstring())
                .startsWith("probe.lua:2: vm error: java.lang.IllegalStateException: broken on purpose")
                .contains("stack traceback");
    }

    @Test
    void exitWithAReasonIsTheProcessExitReason() throws Exception {
        LuaHost.Result result =
                LuaHost.runCode("require 'concurrent' concurrent.exit('finished') print('not reached')", 10);
        assertThat(result.reason().tojstring()).isEqualTo("finished");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void exitIsNotCaughtByPcall() throws Exception {
        LuaHost.Result result =
                LuaHost.runCode("require 'concurrent' pcall(concurrent.exit, 'really') print('not reached')", 10);
        assertThat(result.reason().tojstring()).isEqualTo("really");
    }

    @Test
    void thePromptIsAProcessThatCanSpawnAndReceive() throws Exception {
        String session = String.join(
                "\n",
                "require 'concurrent'",
                "me = concurrent.self()",
                "concurrent.spawn(function() concurrent.send(me, 'hello from a process') end)",
                "=concurrent.receive(1000)",
                "for i = 1, 2 do",
                "  print('line', i)",
                "end",
                "=1 +",
                "41",
                "x = = 1",
                "=erlang.type(concurrent.self())",
                "");
        LuaHost.Result result = LuaHost.run(
                10,
                runtime -> new Repl(runtime, new BufferedReader(new StringReader(session)), runtime.globals().STDOUT)
                        .run());
        assertThat(result.normal()).as(result.reason().tojstring()).isTrue();
        assertThat(result.output())
                .contains("hello from a process")
                .contains("line\t1")
                .contains("line\t2")
                .contains("42")
                .contains("unexpected symbol")
                .contains("pid");
    }

    @Test
    void aProcessThatCannotBeSuspendedGetsALuaErrorAndKeepsRunning() throws Exception {
        // A class initializer runs below a VM-internal frame, which pins the continuation: a receive
        // called from inside one cannot suspend the process. It must fail clearly, not corrupt the run queue.
        LuaHost.Result result = LuaHost.run(10, runtime -> {
            pinnedBody = () -> runtime.globals()
                    .load("require 'concurrent' return pcall(concurrent.receive)")
                    .invoke()
                    .tojstring(2);
            runtime.globals().set("initializePinned", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    return valueOf(PinnedByClassInit.RESULT);
                }
            });
            runtime.globals().load("""
                    require 'concurrent'
                    local other = concurrent.spawn(function() print('other process ran') end)
                    print(initializePinned())
                    concurrent.sleep(10)
                    print('main still runs')
                    """).call();
        });
        assertThat(result.normal()).as(result.reason().tojstring()).isTrue();
        assertThat(result.output())
                .contains("a process cannot wait here")
                .contains("other process ran")
                .contains("main still runs");
    }

    /** What PinnedByClassInit's initializer runs (set before the class is first used). */
    static java.util.function.Supplier<String> pinnedBody;

    /** Its static initializer runs Lua code that tries to wait. */
    static final class PinnedByClassInit {
        static final String RESULT = pinnedBody.get();
    }

    @Test
    void otherProcessesRunWhileThePromptWaitsForInput() throws Exception {
        // The reader blocks until the spawned process has written; it can only if the prompt lets it run.
        // (Not java.io's pipes: they fail once a thread that read from them has ended.)
        LinePipe writer = new LinePipe();
        BufferedReader reader = new BufferedReader(writer);
        writer.write("require 'concurrent'\nconcurrent.spawn(function() signal() end)\n");
        LuaHost.Result result = LuaHost.run(10, runtime -> {
            runtime.globals().set("signal", new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                    try {
                        writer.write("print('spawned process ran')\n");
                        writer.close();
                    } catch (java.io.IOException e) {
                        throw new org.luaj.vm2.LuaError(e.getMessage());
                    }
                    return NONE;
                }
            });
            new Repl(runtime, reader, runtime.globals().STDOUT).run();
        });
        assertThat(result.output()).contains("spawned process ran");
    }

    /** A reader fed by another thread: reads block until text is written; close() is end of input. */
    private static final class LinePipe extends java.io.Reader {
        private final java.util.concurrent.LinkedBlockingQueue<String> chunks =
                new java.util.concurrent.LinkedBlockingQueue<>();
        private String current = "";
        private int at;

        void write(String text) throws java.io.IOException {
            chunks.add(text);
        }

        @Override
        public void close() {
            chunks.add("");
        } // the empty chunk marks the end

        @Override
        public int read(char[] buf, int off, int len) throws java.io.IOException {
            try {
                if (current == null) return -1;
                if (at == current.length()) {
                    current = chunks.take();
                    at = 0;
                    if (current.isEmpty()) {
                        current = null;
                        return -1;
                    }
                }
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
            int n = Math.min(len, current.length() - at);
            current.getChars(at, at + n, buf, off);
            at += n;
            return n;
        }
    }
}
