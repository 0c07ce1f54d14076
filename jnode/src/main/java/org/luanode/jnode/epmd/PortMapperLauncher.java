package org.luanode.jnode.epmd;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a port mapper answers, the way {@code erl} starts {@code epmd -daemon}: when nothing
 * answers on the port, the real epmd is started if Erlang is installed, else this jar's own mapper, as
 * a detached long-lived process that outlives the node that started it.
 */
public final class PortMapperLauncher {
    private static final Logger log = LoggerFactory.getLogger(PortMapperLauncher.class);

    private PortMapperLauncher() {}

    /** Returns once a mapper answers on the port; starts one when none does (real epmd preferred). */
    public static void ensureRunning(int port) throws IOException {
        ensureRunning(port, true);
    }

    /** As {@link #ensureRunning(int)}; {@code preferRealEpmd} false always starts the built-in mapper. */
    public static void ensureRunning(int port, boolean preferRealEpmd) throws IOException {
        ensureRunning(port, preferRealEpmd, false);
    }

    /** As above; {@code relaxed} starts the built-in mapper with -relaxed_command_check. */
    public static void ensureRunning(int port, boolean preferRealEpmd, boolean relaxed) throws IOException {
        EpmdClient client = EpmdClient.local(port);
        if (client.isRunning()) return;
        String epmd = preferRealEpmd ? realEpmd() : null;
        List<String> command =
                epmd != null ? List.of(epmd, "-daemon", "-port", Integer.toString(port)) : daemonCommand(port, relaxed);
        log.info("no port mapper on port {}; starting {}", port, String.join(" ", command));
        new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (client.isRunning()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting the port mapper");
            }
        }
        throw new IOException("started a port mapper on port " + port + " but it does not answer");
    }

    /** The epmd of an installed Erlang/OTP, or null. */
    private static String realEpmd() {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            File epmd = new File(dir, "epmd");
            if (epmd.canExecute()) return epmd.getPath();
        }
        return null;
    }

    /** The command that starts this jar's mapper in the background, detached from the caller's session. */
    static List<String> daemonCommand(int port, boolean relaxed) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        // This JVM's class path: jnode's jar when run by bin/jnode, the build's classes in tests.
        String classPath = System.getProperty("java.class.path");
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) command.add("/usr/bin/setsid");
        command.add(java);
        command.add("-Xmx64m");
        command.add("-cp");
        command.add(classPath);
        command.add(EpmdCommand.class.getName());
        command.add("-port");
        command.add(Integer.toString(port));
        if (relaxed) command.add("-relaxed_command_check");
        return command;
    }
}
