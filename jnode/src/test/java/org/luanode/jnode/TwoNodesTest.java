package org.luanode.jnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.luanode.jnode.epmd.EpmdClient;
import org.luanode.jnode.epmd.PortMapper;
import org.luanode.jnode.runtime.NodeRuntime;

/** Two luanode nodes in one JVM: each its own identity, talking over real distribution; closing stops all. */
class TwoNodesTest {
    private static PortMapper mapper;

    @BeforeAll
    static void startMapper() throws Exception {
        mapper = new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 64, 10)).start();
        System.setProperty("luanode.epmd.port", Integer.toString(mapper.port()));
    }

    @AfterAll
    static void stopMapper() {
        mapper.close();
        System.clearProperty("luanode.epmd.port");
    }

    private record Started(
            NodeRuntime runtime, ByteArrayOutputStream output, java.util.concurrent.CompletableFuture<LuaValue> main) {}

    private static Started start(String nodeName, String lua) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        NodeRuntime runtime = Node.create(new PrintStream(output, true, StandardCharsets.UTF_8));
        runtime.setCookie("two_nodes");
        runtime.startDistribution(nodeName, true);
        var main = runtime.startMain(
                new VarArgFunction() {
                    @Override
                    public Varargs invoke(Varargs args) {
                        return runtime.globals().load(lua, nodeName).invoke(); // (not "name": LibFunction's own field)
                    }
                },
                LuaValue.NONE);
        return new Started(runtime, output, main);
    }

    @Test
    void twoNodesInOneJvmTalkAndEachPrintsItsOwnPidsAsLocal() throws Exception {
        long luaThreadsBefore = luaThreads();
        Started b = start(
                "node_b@localhost",
                String.join(
                        "\n",
                        "require 'concurrent'",
                        "concurrent.register('echo', concurrent.self())",
                        "local m = concurrent.receive(10000)",
                        "print('b got ' .. m.body .. ' from ' .. tostring(m.from) .. ', b is ' .. tostring(concurrent.self()))",
                        "concurrent.send(m.from, {body = 'pong', from = concurrent.self()})"));
        Started a = start(
                "node_a@localhost",
                String.join(
                        "\n",
                        "require 'concurrent'",
                        "concurrent.send({'echo', 'node_b@localhost'}, {body = 'ping', from = concurrent.self()})",
                        "local m = concurrent.receive(10000)",
                        "print('a got ' .. m.body .. ' from ' .. tostring(m.from) .. ', a is ' .. tostring(concurrent.self()))"));
        assertThat(a.main().get(20, TimeUnit.SECONDS).tojstring()).isEqualTo("normal");
        assertThat(b.main().get(20, TimeUnit.SECONDS).tojstring()).isEqualTo("normal");
        assertThat(b.output().toString(StandardCharsets.UTF_8))
                .matches("(?s)b got ping from <node_a@localhost\\.\\d+\\.\\d+>, b is <0\\.\\d+\\.\\d+>\\s*");
        assertThat(a.output().toString(StandardCharsets.UTF_8))
                .matches("(?s)a got pong from <node_b@localhost\\.\\d+\\.\\d+>, a is <0\\.\\d+\\.\\d+>\\s*");

        a.runtime().close();
        b.runtime().close();
        assertThat(luaThreads()).isEqualTo(luaThreadsBefore);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (EpmdClient.local(mapper.port()).names().contains("node_") && System.nanoTime() < deadline)
            Thread.sleep(10);
        assertThat(EpmdClient.local(mapper.port()).names())
                .doesNotContain("node_a")
                .doesNotContain("node_b");
    }

    private static long luaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t ->
                        t.isAlive() && (t.getName().equals("lua") || t.getName().equals("lua-io-relief")))
                .count();
    }
}
