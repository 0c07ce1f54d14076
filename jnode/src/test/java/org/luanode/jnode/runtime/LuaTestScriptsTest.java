package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Lua-level tests of lua/test/runtime (each also runs as a plain script: bin/jnode FILE): every
 * one must end its main process normally; a failed check ends it with the failure as reason.
 */
class LuaTestScriptsTest {

    @TestFactory
    Stream<DynamicTest> luaTestScripts() throws Exception {
        Path dir = LuaHost.ROOT.resolve("lua/test/runtime");
        return Files.list(dir)
                .filter(p -> p.getFileName().toString().endsWith("_test.lua"))
                .sorted()
                .map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> {
                    LuaHost.Result result = LuaHost.runScript(script, 120);
                    assertThat(result.normal())
                            .as(
                                    "%s ended with: %s",
                                    script.getFileName(), result.reason().tojstring())
                            .isTrue();
                }));
    }
}
