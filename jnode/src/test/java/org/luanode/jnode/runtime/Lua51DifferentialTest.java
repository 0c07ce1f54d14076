package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The probes of lua/test/lua51 print, line for line, what C Lua 5.1 ({@code lua5.1}) prints for them:
 * numbers, string.format, errors, os and io. Each probe runs under C Lua and in a node here, in the
 * repository's root, so chunk names match. What still differs, and why, is in docs/lua51.md.
 */
class Lua51DifferentialTest {
    private static final Path PROBES = LuaHost.ROOT.resolve("lua/test/lua51");

    @TestFactory
    Stream<DynamicTest> probesPrintWhatCLuaPrints() throws IOException {
        try (Stream<Path> files = Files.list(PROBES)) {
            return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList().stream()
                    .map(probe -> DynamicTest.dynamicTest(probe.getFileName().toString(), () -> {
                        List<String> expected = cLua(probe);
                        LuaHost.Result ours = LuaHost.runScript(probe, 60);
                        assertThat(ours.normal())
                                .as("%s ended with %s", probe, ours.reason())
                                .isTrue();
                        assertThat(ours.output().lines().toList()).isEqualTo(expected);
                    }));
        }
    }

    private static List<String> cLua(Path probe) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("lua5.1", LuaHost.ROOT.relativize(probe).toString())
                .directory(LuaHost.ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("lua5.1 %s: %s", probe, out).isZero();
        return out.lines().toList();
    }
}
