package org.luanode.jnode.dist;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;

/**
 * The magic cookie, found and created as erl does: {@code $HOME/.erlang.cookie} (the home directory of
 * the environment, not the password file's), 20 capital letters, mode 0400; a file that group or others
 * may read or write is refused, as erl refuses it.
 */
public final class Cookie {
    private Cookie() {}

    public static Path defaultFile() {
        return defaultFile(System.getenv(), System.getProperty("user.home"));
    }

    /** $HOME/.erlang.cookie; the user's home as Java knows it when HOME is not set. */
    static Path defaultFile(Map<String, String> env, String userHome) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isEmpty() ? home : userHome, ".erlang.cookie");
    }

    /**
     * Reads the cookie file, creating it first when it does not exist.
     *
     * @throws IOException when it cannot be read or made, is empty, or is open to group or others
     */
    public static String readOrCreate(Path file) throws IOException {
        if (!Files.exists(file)) create(file);
        checkOwnerOnly(file);
        String cookie = Files.readString(file, StandardCharsets.ISO_8859_1).strip();
        if (cookie.isEmpty()) throw new IOException("the cookie file " + file + " is empty");
        return cookie;
    }

    private static void create(Path file) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder cookie = new StringBuilder(20);
        for (int i = 0; i < 20; i++) cookie.append((char) ('A' + random.nextInt(26)));
        try {
            // made owner-only from the start: no moment at which others could read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return; // another node made it meanwhile: that one is the cookie
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write(cookie.toString());
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check, as erl on Windows
        }
        for (PosixFilePermission p : mode) {
            if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
                throw new IOException("cookie file " + file + " must be accessible by owner only (it is "
                        + PosixFilePermissions.toString(mode) + "; chmod 400 it)");
            }
        }
    }
}
