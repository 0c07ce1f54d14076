package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The programs of the thesis, chapter 5, print what ConcurrentLua 1.1 (the reference implementation,
 * under C Lua 5.1) prints for them. Where the thesis's printed listing differs (in pingpong and
 * registered it shows "pong finished" before "ping finished"), the reference and the thesis's own
 * description of its scheduler (4.2.2: a send never passes control) win: ping finishes first.
 */
class ThesisExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "pingpong", "registered", "link", "trapexit"})
    void printsWhatTheReferencePrints(String example) throws Exception {
        Path examples = LuaHost.ROOT.resolve("lua/examples");
        LuaHost.Result result = LuaHost.runScript(examples.resolve(example + ".lua"), 30);
        assertThat(result.normal()).as(result.reason().tojstring()).isTrue();
        assertThat(result.output()).isEqualTo(Files.readString(examples.resolve("expected/" + example + ".txt")));
    }
}
