package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cookie file as erl has it: where it is, how it is made, which ones are refused. */
class CookieTest {
    @TempDir
    Path dir;

    @Test
    void theFileIsInHomeFromTheEnvironment() {
        assertThat(Cookie.defaultFile(Map.of("HOME", "/some/dir"), "/home/me"))
                .isEqualTo(Path.of("/some/dir/.erlang.cookie"));
        assertThat(Cookie.defaultFile(Map.of(), "/home/me")).isEqualTo(Path.of("/home/me/.erlang.cookie"));
    }

    @Test
    void aMissingFileIsMadeOwnerReadOnlyWithTwentyCapitals() throws IOException {
        Path file = dir.resolve(".erlang.cookie");
        String cookie = Cookie.readOrCreate(file);
        assertThat(cookie).matches("[A-Z]{20}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("r--------");
        assertThat(Cookie.readOrCreate(file)).isEqualTo(cookie); // and read as it is the next time
    }

    @Test
    void aFileOthersCanReadIsRefused() throws IOException {
        Path file = dir.resolve(".erlang.cookie");
        Files.writeString(file, "SECRET");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Cookie.readOrCreate(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("must be accessible by owner only");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(Cookie.readOrCreate(file)).isEqualTo("SECRET");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path file = dir.resolve(".erlang.cookie");
        Files.writeString(file, "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertThatThrownBy(() -> Cookie.readOrCreate(file)).hasMessageContaining("is empty");
    }
}
