package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luanode.jnode.compiler.LuaLoader;

/**
 * Compiled and interpreted Lua agree: each Lua 5.1 probe (lua/test/lua51) and each local ConcurrentLua
 * scenario (lua/test/compat/local) prints the same lines, and ends the same way, in both modes.
 */
class ModesDifferentialTest {

    @TestFactory
    Stream<DynamicTest> sameOutputCompiledAndInterpreted() throws IOException {
        return Stream.of("lua/test/lua51", "lua/test/compat/local")
                .flatMap(dir -> {
                    try (Stream<Path> files = Files.list(LuaHost.ROOT.resolve(dir))) {
                        return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList().stream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .map(script ->
                        DynamicTest.dynamicTest(LuaHost.ROOT.relativize(script).toString(), () -> {
                            LuaHost.Result compiled = LuaHost.runScript(LuaLoader.Mode.COMPILED, script, 60);
                            LuaHost.Result interpreted = LuaHost.runScript(LuaLoader.Mode.INTERPRETED, script, 60);
                            assertThat(compiled.reason().tojstring())
                                    .as("how %s ends", script.getFileName())
                                    .isEqualTo(interpreted.reason().tojstring());
                            assertThat(withoutAddresses(compiled.output()))
                                    .as("what %s prints", script.getFileName())
                                    .isEqualTo(withoutAddresses(interpreted.output()));
                        }));
    }

    /** Object addresses ("table: 0x0007739a5a20") differ from run to run. */
    private static java.util.List<String> withoutAddresses(String output) {
        return output.replaceAll("0x[0-9a-f]+", "0x?").lines().toList();
    }
}
