package org.luanode.jnode.epmd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The mapper over real sockets: each request type, and registrations tied to their connections. */
class PortMapperTest {
    private PortMapper mapper;
    private EpmdClient client;

    @BeforeEach
    void start() throws IOException {
        mapper = new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, true, 4096, 2)).start();
        client = EpmdClient.local(mapper.port());
    }

    @AfterEach
    void stop() {
        mapper.close();
    }

    @Test
    void aRegistrationLivesAsLongAsItsConnection() throws Exception {
        try (EpmdClient.Registration r = client.register("alpha", 5555)) {
            assertThat(client.portPlease("alpha")).isEqualTo(5555);
            assertThat(client.names()).isEqualTo("name alpha at port 5555\n");
        }
        awaitGone("alpha");
        assertThat(client.names()).isEmpty();
    }

    @Test
    void aTakenNameIsRefused() throws Exception {
        try (EpmdClient.Registration r = client.register("beta", 1000)) {
            assertThatThrownBy(() -> client.register("beta", 2000)).hasMessageContaining("refused");
            assertThat(client.portPlease("beta")).isEqualTo(1000);
        }
    }

    @Test
    void creationChangesBetweenRegistrationsOfTheSameName() throws Exception {
        int first;
        try (EpmdClient.Registration r = client.register("gamma", 1000)) {
            first = r.creation();
        }
        awaitGone("gamma");
        try (EpmdClient.Registration r = client.register("gamma", 1000)) {
            assertThat(r.creation()).isNotEqualTo(first);
        }
    }

    @Test
    void oldClientsGetTheShortReplyWithACreationTheyUnderstand() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), mapper.port())) {
            s.getOutputStream().write(EpmdProtocol.frame(EpmdProtocol.alive2Request(7000, 77, 5, 5, "old")));
            DataInputStream in = new DataInputStream(s.getInputStream());
            assertThat(in.readUnsignedByte()).isEqualTo(121);
            assertThat(in.readUnsignedByte()).isZero();
            assertThat(in.readUnsignedShort()).isBetween(1, 3);
        }
    }

    @Test
    void unknownNamesAreNotFound() throws Exception {
        assertThat(client.portPlease("nobody")).isEqualTo(-1);
    }

    @Test
    void stopUnregistersAndClosesTheNodesConnection() throws Exception {
        EpmdClient.Registration r = client.register("delta", 1234);
        assertThat(client.stop("delta")).isEqualTo("STOPPED");
        assertThat(client.stop("delta")).isEqualTo("NOEXIST");
        assertThat(r.socket().getInputStream().read()).isEqualTo(-1); // the mapper closed it
        r.close();
    }

    @Test
    void killIsRefusedWhileNodesLiveUnlessRelaxed() throws Exception {
        try (PortMapper strict =
                new PortMapper(new PortMapper.Settings(InetAddress.getLoopbackAddress(), 0, false, 4096, 2)).start()) {
            EpmdClient c = EpmdClient.local(strict.port());
            try (EpmdClient.Registration r = c.register("eps", 1)) {
                assertThat(c.kill()).isEqualTo("NO");
                assertThat(c.stop("eps")).isEmpty(); // STOP needs -relaxed_command_check, as with epmd
            }
            awaitGone(c, "eps");
            assertThat(c.kill()).isEqualTo("OK");
            strict.awaitStop();
            assertThat(c.isRunning()).isFalse();
        }
    }

    @Test
    void dumpListsActiveNames() throws Exception {
        try (EpmdClient.Registration r = client.register("zeta", 4321);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), mapper.port())) {
            s.getOutputStream().write(EpmdProtocol.frame(new byte[] {100}));
            InputStream in = s.getInputStream();
            byte[] all = in.readAllBytes();
            assertThat(new String(all, 4, all.length - 4)).contains("active name     <zeta> at port 4321");
        }
    }

    @Test
    void aBadRequestClosesOnlyItsOwnConnection() throws Exception {
        try (EpmdClient.Registration r = client.register("eta", 1);
                Socket bad = new Socket(InetAddress.getLoopbackAddress(), mapper.port())) {
            bad.getOutputStream().write(new byte[] {0, 3, 42, 1, 2});
            assertThat(bad.getInputStream().read()).isEqualTo(-1);
            assertThat(client.portPlease("eta")).isEqualTo(1);
        }
    }

    @Test
    void silentConnectionsAreClosedButRegisteredOnesStay() throws Exception {
        try (EpmdClient.Registration r = client.register("theta", 1);
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), mapper.port())) {
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1); // closed after the idle time (2 s here)
            assertThat(client.portPlease("theta")).isEqualTo(1);
        }
    }

    private void awaitGone(String name) throws Exception {
        awaitGone(client, name);
    }

    private static void awaitGone(EpmdClient c, String name) throws Exception {
        for (int i = 0; i < 100 && c.portPlease(name) != -1; i++) Thread.sleep(20);
        assertThat(c.portPlease(name)).isEqualTo(-1);
    }
}
