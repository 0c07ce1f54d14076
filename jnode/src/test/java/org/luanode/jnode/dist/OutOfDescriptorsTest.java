package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.luanode.bridge.TermCodec;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;

/**
 * A real node run with 80 file descriptors (ulimit -n) and flooded with connections until accept
 * fails with "Too many open files": its accept loop backs off (a few CPU ticks, one log line, not a
 * spinning thread writing megabytes) and a peer connected before goes on being served.
 */
class OutOfDescriptorsTest {
    private static final String COOKIE = "descriptors_test";
    private static final String ECHO = String.join(
            "\n",
            "require 'concurrent'",
            "concurrent.register('echo', concurrent.spawn(function()",
            "  while true do local m = concurrent.receive(); concurrent.send(m[1], m[2]) end",
            "end))",
            "concurrent.loop(60000)");

    @Test
    void outOfDescriptorsTheAcceptLoopBacksOffAndPeersAreServed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("echo.lua"), ECHO);
        Path stderr = dir.resolve("stderr.txt");
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 30)).start()) {
            Process node = start(dir, mapper.port(), stderr);
            List<Socket> flood = new ArrayList<>();
            try {
                EpmdClient epmd = EpmdClient.local(mapper.port());
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!epmd.names().contains("fds") && System.nanoTime() < deadline) Thread.sleep(50);
                int port = epmd.portPlease("fds");
                try (ScriptedPeer peer =
                        ScriptedPeer.connect(mapper.port(), "early@localhost", "fds@localhost", COOKIE)) {
                    for (int i = 0; i < 150; i++) {
                        Socket s = new Socket();
                        try {
                            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                            flood.add(s);
                        } catch (IOException backlogFull) {
                            s.close();
                        }
                    }
                    Thread.sleep(500);
                    long ticks = cpuTicks(node.pid());
                    Thread.sleep(2000);
                    long spent = cpuTicks(node.pid()) - ticks;
                    assertThat(spent)
                            .as("CPU ticks (1/100 s) the node used in 2 s, flooded")
                            .isLessThan(30);

                    OtpErlangTuple hello =
                            new OtpErlangTuple(new OtpErlangObject[] {peer.pid(1), new OtpErlangAtom("still_there")});
                    peer.send(new ControlMessage.RegSend(peer.pid(1), "echo"), hello);
                    OtpErlangObject answer = null;
                    for (int i = 0; i < 10 && !new OtpErlangAtom("still_there").equals(answer); i++) {
                        ControlCodec.Incoming in = peer.take(); // (global's init_connect may come first)
                        if (in.hasPayload())
                            answer = TermCodec.decodeAt(in.packet(), in.payloadAt())
                                    .term();
                    }
                    assertThat(answer)
                            .as("the echo, to a peer connected before")
                            .isEqualTo(new OtpErlangAtom("still_there"));
                }
                String log = Files.readString(stderr);
                assertThat(log).contains("Too many open files");
                assertThat(log.lines().filter(l -> l.contains("accept failed")).count())
                        .as("reports of failed accepts, once per 10 s")
                        .isBetween(1L, 2L);
            } finally {
                System.out.println("the node's log:\n" + Files.readString(stderr));
                for (Socket s : flood) s.close();
                node.destroyForcibly();
                node.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The test's class path with the node's classes directories packed into a jar, as bin/jnode runs it:
     * a class loaded from a directory needs a file descriptor of its own, and there are none left.
     */
    private static String classPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!Files.isDirectory(p)) {
                entries.add(entry);
                continue;
            }
            Path jar = dir.resolve("classes" + n++ + ".jar");
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> files = Files.walk(p)) {
                for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    out.putNextEntry(new JarEntry(p.relativize(f).toString().replace(File.separatorChar, '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Process start(Path dir, int epmdPort, Path stderr) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String command = "ulimit -n 80 && exec '" + java + "' --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp '"
                + classPath(dir) + "' org.luanode.jnode.Main --sname fds@localhost --cookie "
                + COOKIE + " echo.lua";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command)
                .directory(dir.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(stderr.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("ERL_EPMD_PORT", Integer.toString(epmdPort));
        return pb.start();
    }

    /** User and system CPU time of a process so far, in clock ticks (/proc/PID/stat). */
    private static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
