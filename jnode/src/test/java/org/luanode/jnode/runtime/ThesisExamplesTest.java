package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The programs of the thesis, chapter 5, print exactly what the thesis shows they print. */
class ThesisExamplesTest {

    @ParameterizedTest
    @ValueSource(strings = {"hello", "pingpong", "registered", "link", "trapexit"})
    void printsWhatTheThesisPrints(String example) throws Exception {
        Path examples = LuaHost.ROOT.resolve("lua/examples");
        LuaHost.Result result = LuaHost.runScript(examples.resolve(example + ".lua"), 30);
        assertThat(result.normal()).as(result.reason().tojstring()).isTrue();
        assertThat(result.output()).isEqualTo(Files.readString(examples.resolve("expected/" + example + ".txt")));
    }
}
