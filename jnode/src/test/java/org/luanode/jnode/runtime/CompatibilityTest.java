package org.luanode.jnode.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.luanode.jnode.compiler.LuaLoader;
import org.luanode.jnode.epmd.PortMapper;

/**
 * ConcurrentLua programs print what ConcurrentLua 1.1, the reference implementation, prints for them
 * (lua/test/compat). Each scenario mirrors one of the reference's own test scripts; its expected
 * output ({@code .out}) was produced by running the scenario under C Lua 5.1 with ConcurrentLua 1.1.
 * Local scenarios run in this JVM; a distributed scenario runs each of its nodes as a separate JVM, the
 * second started 5 s after the first (a third 2 s and 4 s after), as the reference's distributed*.sh do,
 * each scenario with a port mapper of its own.
 *
 * <p>What the reference's output leaves to chance is normalised, in one place ({@link #normalise}):
 * addresses in {@code tostring} of tables and functions, and the order of names that a line lists after
 * a tab ({@code registered()} walks a hash table).
 */
class CompatibilityTest {
    private static final Path COMPAT = LuaHost.ROOT.resolve("lua/test/compat");
    private static final int PARALLEL_SCENARIOS = 2;

    @TestFactory
    Stream<DynamicTest> localScenarios() throws IOException {
        try (Stream<Path> files = Files.list(COMPAT.resolve("local"))) {
            return files.filter(p -> p.toString().endsWith(".lua")).sorted().toList().stream()
                    .map(script -> DynamicTest.dynamicTest(name(script), () -> {
                        LuaHost.Result result = LuaHost.runScript(script, 60);
                        assertThat(result.normal())
                                .as(
                                        "%s ended with %s",
                                        name(script), result.reason().tojstring())
                                .isTrue();
                        assertThat(normalise(result.output()))
                                .as("what %s prints", name(script))
                                .isEqualTo(normalise(expected(script.resolveSibling(name(script) + ".out"))));
                    }));
        }
    }

    @TestFactory
    Stream<DynamicTest> distributedScenarios() throws Exception {
        List<Path> scenarios;
        try (Stream<Path> dirs = Files.list(COMPAT.resolve("distributed"))) {
            scenarios = dirs.filter(Files::isDirectory).sorted().toList();
        }
        // The scenarios run side by side (each has its own port mapper); each is then checked on its own.
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL_SCENARIOS);
        List<Future<Map<String, String>>> outputs = new ArrayList<>();
        for (Path scenario : scenarios) outputs.add(pool.submit(() -> runNodes(scenario)));
        pool.shutdown();
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Path scenario = scenarios.get(i);
            Future<Map<String, String>> output = outputs.get(i);
            tests.add(DynamicTest.dynamicTest(scenario.getFileName().toString(), () -> {
                Map<String, String> printed = output.get(3, TimeUnit.MINUTES);
                for (Map.Entry<String, String> node : printed.entrySet()) {
                    Path expected = scenario.resolve(node.getKey() + ".out");
                    assertThat(normalise(node.getValue()))
                            .as("what node %s of %s prints", node.getKey(), scenario.getFileName())
                            .isEqualTo(normalise(expected(expected)));
                }
            }));
        }
        return tests.stream();
    }

    /** Runs a scenario's nodes (a.lua, b.lua, c.lua) as separate JVMs; what each printed, by node. */
    private static Map<String, String> runNodes(Path scenario) throws Exception {
        List<String> nodes = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) if (Files.exists(scenario.resolve(n + ".lua"))) nodes.add(n);
        long[] startAfterMillis = nodes.size() == 3 ? new long[] {0, 2000, 4000} : new long[] {0, 5000};
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 30)).start()) {
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            long start = System.nanoTime();
            try {
                for (int i = 0; i < nodes.size(); i++) {
                    long wait = startAfterMillis[i] - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    if (wait > 0) Thread.sleep(wait);
                    Path out = Files.createTempFile("compat-" + nodes.get(i), ".out");
                    outputs.add(out);
                    processes.add(jnode(scenario, nodes.get(i) + ".lua", mapper.port(), out));
                }
                for (Process p : processes) {
                    if (!p.waitFor(90, TimeUnit.SECONDS)) p.destroyForcibly();
                }
                Map<String, String> printed = new java.util.LinkedHashMap<>();
                for (int i = 0; i < nodes.size(); i++) printed.put(nodes.get(i), Files.readString(outputs.get(i)));
                return printed;
            } finally {
                for (Process p : processes) p.destroyForcibly();
                for (Path out : outputs) Files.deleteIfExists(out);
            }
        }
    }

    /** jnode running {@code script} in {@code dir}, as bin/jnode would, from this JVM's classes. */
    private static Process jnode(Path dir, String script, int epmdPort, Path output) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                        java,
                        "-Xss16m",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "--add-opens",
                        "java.base/java.lang=ALL-UNNAMED",
                        "-Dluanode.lua=" + LuaLoader.Mode.configured().label(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.luanode.jnode.Main",
                        script)
                .directory(dir.toFile())
                .redirectOutput(output.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        return pb.start();
    }

    /** The one place where output the reference leaves to chance is made comparable. */
    static String normalise(String output) {
        return Arrays.stream(output.split("\n", -1))
                .map(line -> line.replaceAll("0x[0-9a-f]+(_\\d+)?", "0x?"))
                .map(CompatibilityTest::sortListedNames)
                .collect(Collectors.joining("\n"));
    }

    /** "label:\tb\ta" -> "label:\ta\tb": a list printed in hash-table order. */
    private static String sortListedNames(String line) {
        String[] fields = line.split("\t", -1);
        if (fields.length < 3) return line;
        String[] rest = Arrays.copyOfRange(fields, 1, fields.length);
        Arrays.sort(rest);
        return fields[0] + "\t" + String.join("\t", rest);
    }

    private static String expected(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    private static String name(Path script) {
        String f = script.getFileName().toString();
        return f.substring(0, f.length() - ".lua".length());
    }
}
