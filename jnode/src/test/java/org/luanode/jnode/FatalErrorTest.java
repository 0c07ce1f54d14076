package org.luanode.jnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;

/**
 * A node that runs out of memory ends, visibly, instead of lingering half-alive: a real jnode with a
 * 64 MB heap whose process floods another's mailbox. It exits with status 1, leaves a crash dump that
 * names the cause and the longest mailbox, and is gone from the port mapper.
 */
class FatalErrorTest {
    private static final String FLOOD = String.join(
            "\n",
            "require 'concurrent'",
            "concurrent.init('flooded@localhost')",
            "local sink = concurrent.spawn(function() concurrent.sleep(1e9) end)",
            "concurrent.register('sink', sink)",
            "local chunk = string.rep('x', 1000)",
            "local n = 0",
            "while true do n = n + 1; concurrent.send(sink, {chunk .. n, n}) end");

    /**
     * Repeated: where the heap runs out differs from run to run (the heap watcher, a process, the Lua
     * thread, another thread's handler); when a handler of the error itself failed out of memory, a third
     * of the runs hung with the Lua thread dead.
     */
    @RepeatedTest(3)
    void outOfMemoryEndsTheNodeWithACrashDump(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("flood.lua"), FLOOD);
        Path dump = dir.resolve("crash.dump");
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 30)).start()) {
            Process node = jnode(dir, "flood.lua", mapper.port(), dump);
            long start = System.nanoTime();
            boolean ended = node.waitFor(30, TimeUnit.SECONDS); // about 2 s
            if (!ended) node.destroyForcibly();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertThat(ended).as("the node ended by itself").isTrue();
            assertThat(node.exitValue()).isEqualTo(1);
            String report = Files.readString(dump);
            assertThat(report).contains("OutOfMemoryError").contains("Node: flooded@localhost");
            assertThat(report.lines()
                            .dropWhile(l -> !l.equals("=longest_mailboxes"))
                            .skip(1)
                            .findFirst())
                    .hasValueSatisfying(
                            first -> assertThat(first).contains("(sink)").contains("messages"));
            // the port mapper forgets the node when it sees the registration connection closed: soon after
            long forgetBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (EpmdClient.local(mapper.port()).names().contains("flooded") && System.nanoTime() < forgetBy)
                Thread.sleep(20);
            assertThat(EpmdClient.local(mapper.port()).names()).doesNotContain("flooded");
            System.out.printf("out of memory: ended in %.1f s%n", seconds);
        }
    }

    /** SIGTERM stops a node whose processes never wait, in the orderly way, within 5 s. */
    @Test
    void sigtermStopsABusyNode(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("busy.lua"),
                "require 'concurrent'\nconcurrent.init('busy@localhost')\n"
                        + "for i = 1, 2 do concurrent.spawn(function() while true do end end) end\n"
                        + "print('busy') io.stdout:flush()\nwhile true do end\n");
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 30)).start()) {
            Process node = jnode(dir, "busy.lua", mapper.port(), dir.resolve("crash.dump"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!EpmdClient.local(mapper.port()).names().contains("busy") && System.nanoTime() < deadline)
                Thread.sleep(50);
            Thread.sleep(500); // busy for a while
            long start = System.nanoTime();
            node.destroy(); // SIGTERM
            boolean ended = node.waitFor(10, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!ended) node.destroyForcibly();
            assertThat(ended).isTrue();
            assertThat(seconds).as("seconds from SIGTERM to exit").isLessThan(5);
            assertThat(EpmdClient.local(mapper.port()).names()).doesNotContain("busy");
        }
    }

    private static Process jnode(Path dir, String script, int epmdPort, Path dump) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        java,
                        "-Xmx64m",
                        "--add-exports",
                        "java.base/jdk.internal.vm=ALL-UNNAMED",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "org.luanode.jnode.Main",
                        script))
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        pb.environment().put("ERL_CRASH_DUMP", dump.toString());
        return pb.start();
    }
}
