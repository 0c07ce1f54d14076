package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The handshake between two of our own ends, the digest, the cookie file and node names. */
class HandshakeTest {

    @Test
    void digestIsMd5OfCookieThenUnsignedChallenge() throws Exception {
        byte[] expected =
                MessageDigest.getInstance("MD5").digest("secret4294967295".getBytes(StandardCharsets.US_ASCII));
        assertThat(Handshake.digest(-1, "secret")).isEqualTo(expected);
    }

    @Test
    void bothSidesAgreeWithTheSameCookie() throws Exception {
        Handshake.Peer[] peers = run("cookie", "cookie");
        assertThat(peers[0].name()).isEqualTo("b@host");
        assertThat(peers[1].name()).isEqualTo("a@host");
        assertThat(peers[0].flags() & DistFlags.MANDATORY).isEqualTo(DistFlags.MANDATORY);
        assertThat(peers[1].creation()).isEqualTo(11);
    }

    @Test
    void aWrongCookieIsRefusedWithAClearReason() {
        assertThatThrownBy(() -> run("cookie", "other")).hasMessageContaining("wrong cookie");
    }

    @Test
    void aliveIsAnsweredTrueWhenTheOldConnectionIsGone() throws Exception {
        Handshake.Peer[] peers = run("cookie", "cookie", n -> "alive", () -> true);
        assertThat(peers[0].name()).isEqualTo("b@host");
    }

    /** Both sides connected at once and the peer's attempt is the one coming up: ours gives way. */
    @Test
    void aliveIsAnsweredFalseWhenThePeersConnectionIsReal() {
        assertThatThrownBy(() -> run("cookie", "cookie", n -> "alive", () -> false))
                .as("the acceptor heard false")
                .hasMessageContaining("a@host keeps its old connection");
    }

    private static Handshake.Peer[] run(String ca, String cb) throws Exception {
        return run(ca, cb, n -> "ok", () -> true);
    }

    /**
     * Runs initiator a@host (cookie ca) against acceptor b@host (cookie cb, admitting as {@code admission}
     * says); returns what each learned.
     */
    private static Handshake.Peer[] run(
            String ca, String cb, Handshake.Admission admission, BooleanSupplier oldConnectionGone) throws Exception {
        PipedOutputStream aOut = new PipedOutputStream();
        PipedInputStream bIn = new PipedInputStream(aOut, 1 << 16);
        PipedOutputStream bOut = new PipedOutputStream();
        PipedInputStream aIn = new PipedInputStream(bOut, 1 << 16);
        CompletableFuture<Handshake.Peer> acceptor = CompletableFuture.supplyAsync(() -> {
            try {
                return Handshake.accept(
                        new DataInputStream(bIn), new DataOutputStream(bOut), "b@host", 22, cb, admission);
            } catch (Exception e) {
                throw new RuntimeException(e);
            } finally {
                try {
                    bOut.close();
                } catch (Exception ignored) {
                }
            }
        });
        Handshake.Peer b;
        try {
            b = Handshake.initiate(
                    new DataInputStream(aIn),
                    new DataOutputStream(aOut),
                    "a@host",
                    11,
                    ca,
                    "b@host",
                    oldConnectionGone);
        } catch (Exception e) {
            Exception cause = e;
            try {
                acceptor.join();
            } catch (Exception acceptorFailure) {
                cause = (Exception) acceptorFailure.getCause().getCause();
            }
            throw cause;
        }
        return new Handshake.Peer[] {b, acceptor.join()};
    }

    @Test
    void aMissingCookieFileIsCreatedAsErlDoes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".erlang.cookie");
        String cookie = Cookie.readOrCreate(file);
        assertThat(cookie).matches("[A-Z]{20}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        assertThat(Cookie.readOrCreate(file)).isEqualTo(cookie);
    }

    @Test
    void nodeNames() {
        assertThat(NodeNames.full("pong@gaia", true)).isEqualTo("pong@gaia");
        assertThat(NodeNames.full("pong", true)).startsWith("pong@").doesNotContain(".");
        assertThat(NodeNames.alive("pong@gaia")).isEqualTo("pong");
        assertThat(NodeNames.host("pong@gaia")).isEqualTo("gaia");
        assertThatThrownBy(() -> NodeNames.validate("no-host@")).hasMessageContaining("not a node name");
        assertThatThrownBy(() -> NodeNames.validate("bad name@h")).hasMessageContaining("may hold only");
    }
}
