package org.luanode.jnode.runtime;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/** Runtime behaviour seen from Java: exit reasons, the prompt as a process, isolation of failures. */
class RuntimeTest {

    @Test
    void aLuaErrorEndsTheMainProcessWithMessageAndTraceback() throws Exception {
        LuaHost.Result result = LuaHost.runCode("local function f() error('boom') end f()", 10);
        assertThat(result.normal()).isFalse();
        assertThat(result.reason().tojstring()).contains("boom").contains("stack traceback");
    }

    @Test
    void exitWithAReasonIsTheProcessExitReason() throws Exception {
        LuaHost.Result result = LuaHost.runCode("require 'concurrent' concurrent.exit('finished') print('not reached')", 10);
        assertThat(result.reason().tojstring()).isEqualTo("finished");
        assertThat(result.output()).isEmpty();
    }

    @Test
    void exitIsNotCaughtByPcall() throws Exception {
        LuaHost.Result result = LuaHost.runCode("require 'concurrent' pcall(concurrent.exit, 'really') print('not reached')", 10);
        assertThat(result.reason().tojstring()).isEqualTo("really");
    }

    @Test
    void thePromptIsAProcessThatCanSpawnAndReceive() throws Exception {
        String session = String.join("\n",
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
        LuaHost.Result result = LuaHost.run(10, runtime ->
                new Repl(runtime, new BufferedReader(new StringReader(session)), runtime.globals().STDOUT).run());
        assertThat(result.normal()).as(result.reason().tojstring()).isTrue();
        assertThat(result.output())
                .contains("hello from a process")
                .contains("line\t1").contains("line\t2")
                .contains("42")
                .contains("unexpected symbol")
                .contains("pid");
    }

    @Test
    void otherProcessesRunWhileThePromptWaitsForInput() throws Exception {
        // The reader blocks until the spawned process has written; it can only if the prompt gave up the baton.
        java.io.PipedWriter writer = new java.io.PipedWriter();
        BufferedReader reader = new BufferedReader(new java.io.PipedReader(writer));
        writer.write("require 'concurrent'\nconcurrent.spawn(function() signal() end)\n");
        writer.flush();
        LuaHost.Result result = LuaHost.run(10, runtime -> {
            runtime.globals().set("signal", new org.luaj.vm2.lib.ZeroArgFunction() {
                @Override public org.luaj.vm2.LuaValue call() {
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
}
