package org.luanode.jnode.epmd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hostile and heavy traffic against the mapper (loopback only, bounded in count and time): random bytes,
 * truncated packets, lying lengths, unknown codes, oversized names, connections that never speak, and
 * thousands of clients at once. Afterwards the mapper must still serve: our client and a real erl node
 * register and resolve.
 */
class PortMapperStressTest {

    @Test
    void survivesGarbageAndCrowdsThenStillServesRealNodes() throws Exception {
        try (PortMapper mapper =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, false, 4096, 2)).start()) {
            int port = mapper.port();
            EpmdClient client = EpmdClient.local(port);
            try (EpmdClient.Registration keeper = client.register("keeper", 4711)) {
                fuzz(port, 3000, new Random(7));
                crowd(port, 2000);
                idle(port, 300);
                assertThat(client.portPlease("keeper"))
                        .as("an earlier registration survives")
                        .isEqualTo(4711);
            }
            try (EpmdClient.Registration again = client.register("after", 1234)) {
                assertThat(client.portPlease("after")).isEqualTo(1234);
            }
            realErlNodeRegistersAndResolves(port);
        }
    }

    /** Random and malformed packets, each on its own connection; each must be closed or answered. */
    private static void fuzz(int port, int count, Random random) throws Exception {
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] junk = junk(random, i);
            done.add(pool.submit(() -> {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    s.setSoTimeout(10_000);
                    s.getOutputStream().write(junk);
                    s.shutdownOutput();
                    s.getInputStream().readAllBytes(); // returns when the mapper closes
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                if (!(e.getCause() instanceof IOException)) throw e; // a reset connection is a closed one
            }
        }
        pool.shutdown();
    }

    private static byte[] junk(Random random, int i) {
        switch (i % 6) {
            case 0: { // pure random bytes
                byte[] b = new byte[1 + random.nextInt(300)];
                random.nextBytes(b);
                return b;
            }
            case 1: { // a valid request cut short
                byte[] full = EpmdProtocol.frame(EpmdProtocol.alive2Request(1, 77, 6, 5, "cut"));
                return java.util.Arrays.copyOf(full, 1 + random.nextInt(full.length - 1));
            }
            case 2: { // a length that lies (bigger than what follows)
                return new byte[] {(byte) 0xff, (byte) 0xff, 122, 'x'};
            }
            case 3: { // unknown request codes
                return EpmdProtocol.frame(new byte[] {(byte) (1 + random.nextInt(99)), 1, 2, 3});
            }
            case 4: { // oversized names
                String name = "n".repeat(256 + random.nextInt(2000));
                return EpmdProtocol.frame(EpmdProtocol.nameRequest(122, name));
            }
            default: { // zero length
                return new byte[] {0, 0, 110};
            }
        }
    }

    /** Many clients at once asking for names: all answered or closed, none hanging. */
    private static void crowd(int port, int clients) throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(20_000);
                open.add(s);
            }
            byte[] names = EpmdProtocol.frame(new byte[] {(byte) EpmdProtocol.NAMES_REQ});
            for (Socket s : open) s.getOutputStream().write(names);
            int answered = 0;
            for (Socket s : open) {
                byte[] reply = s.getInputStream().readAllBytes();
                if (reply.length >= 4) answered++;
            }
            assertThat(answered).as("answered NAMES_REQ").isEqualTo(clients);
        } finally {
            for (Socket s : open) s.close();
        }
    }

    /** Connections that open and never send are closed after the idle time. */
    private static void idle(int port, int count) throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(15_000);
                open.add(s);
            }
            for (Socket s : open) assertThat(s.getInputStream().read()).isEqualTo(-1);
        } finally {
            for (Socket s : open) s.close();
        }
    }

    private static void realErlNodeRegistersAndResolves(int port) throws Exception {
        String name = "stress" + ProcessHandle.current().pid();
        ProcessBuilder pb = new ProcessBuilder(
                "erl",
                "-sname",
                name,
                "-noshell",
                "-setcookie",
                "stress",
                "-eval",
                "{port, P, _} = erl_epmd:port_please(\"" + name
                        + "\", \"localhost\"), io:format(\"port ~p~n\", [P]), halt().");
        pb.environment().put("ERL_EPMD_PORT", Integer.toString(port));
        pb.redirectErrorStream(true);
        Process erl = pb.start();
        try {
            assertThat(erl.waitFor(30, TimeUnit.SECONDS)).as("erl finished").isTrue();
            String out = new String(erl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(erl.exitValue()).as(out).isZero();
            assertThat(out)
                    .as("erl registered with the mapper and resolved itself")
                    .containsPattern("port \\d+");
        } finally {
            erl.destroyForcibly();
        }
    }
}
