package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Option files a node must refuse before it starts, each with a message naming the file, the side and
 * the option (working files are exercised against BEAM nodes in erlang-test's proto_dist_SUITE).
 */
class TlsSettingsTest {
    @TempDir
    Path dir;

    private TlsSettings read(String text) throws IOException {
        Path file = dir.resolve("dist.conf");
        Files.writeString(file, text);
        return TlsSettings.fromFile(file);
    }

    @Test
    void aServerWithoutCertificateIsRefused() {
        assertThatThrownBy(() -> read("[{server, [{verify, verify_none}]}, {client, []}]."))
                .isInstanceOf(TlsSettings.BadOptions.class)
                .hasMessageContaining("(server): a server needs a certfile");
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> read("[{server, [{certfile, \"" + dir.resolve("none.pem") + "\"}]}]."))
                .hasMessageContaining("cannot read " + dir.resolve("none.pem"));
    }

    @Test
    void verifyPeerNeedsTheAuthorities() {
        assertThatThrownBy(() -> read("[{client, [{verify, verify_peer}]}, {server, []}]."))
                .hasMessageContaining("(client): verify_peer needs a cacertfile");
    }

    @Test
    void optionsWithoutMeaningHereAreRefusedByName() {
        assertThatThrownBy(() -> read("[{client, [{verify_fun, {m, f}}]}]."))
                .hasMessageContaining("option verify_fun is not supported");
        assertThatThrownBy(() -> read("[{client, [{verify, maybe}]}]."))
                .hasMessageContaining("verify must be verify_peer or verify_none");
        assertThatThrownBy(() -> read("[{client, [{versions, ['tlsv1.1']}]}]."))
                .hasMessageContaining("version tlsv1.1 is not offered");
        assertThatThrownBy(() -> read("[{client, [{fail_if_no_peer_cert, true}]}]."))
                .hasMessageContaining("fail_if_no_peer_cert is a server option");
    }

    @Test
    void notAnOptionListIsRefused() {
        assertThatThrownBy(() -> read("{server, []}.")).hasMessageContaining("expected [{server, Options}");
        assertThatThrownBy(() -> read("[{server, [")).hasMessageContaining("line 1");
    }
}
