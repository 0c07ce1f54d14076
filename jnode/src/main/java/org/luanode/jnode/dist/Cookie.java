package org.luanode.jnode.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/** The magic cookie, found and created as erl does: ~/.erlang.cookie, 20 capital letters, mode 0400. */
public final class Cookie {
    private Cookie() {}

    public static Path defaultFile() {
        return Path.of(System.getProperty("user.home"), ".erlang.cookie");
    }

    /** Reads the cookie file, creating it first when it does not exist. */
    public static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) {
            SecureRandom random = new SecureRandom();
            StringBuilder cookie = new StringBuilder(20);
            for (int i = 0; i < 20; i++) cookie.append((char) ('A' + random.nextInt(26)));
            Files.writeString(file, cookie, StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
        }
        String cookie = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
        if (cookie.isEmpty()) throw new IOException("the cookie file " + file + " is empty");
        return cookie;
    }
}
