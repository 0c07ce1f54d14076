package org.luanode.jnode.epmd;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jnode epmd}: the port mapper daemon and its client commands, with epmd's options. */
@Command(
        name = "jnode epmd",
        sortOptions = false,
        mixinStandardHelpOptions = true,
        version = "jnode epmd 0.1.0 (epmd protocol, distribution versions 5 and 6)",
        customSynopsis = {
            "usage: jnode epmd [-d|-debug] [-address Addr] [-port No] [-daemon] [-relaxed_command_check]",
            "       jnode epmd [-d|-debug] [-port No] [-names|-kill|-stop name]"
        },
        description = {
            "",
            "Starts the Erlang port mapper daemon (a drop-in for epmd, for hosts without Erlang),",
            "or asks a running one, as the epmd command does.",
            ""
        },
        footer = {"", "Environment: ERL_EPMD_PORT sets the default port, as for epmd and erl."})
public final class EpmdCommand implements Callable<Integer> {

    @Option(
            names = {"-port", "--port"},
            paramLabel = "No",
            description = "Let epmd listen to another port than default 4369 (or ERL_EPMD_PORT).")
    private Integer port;

    @Option(
            names = {"-address", "--address"},
            paramLabel = "Addr",
            description = "Let epmd listen only on this IP address (default: all).")
    private String address;

    @Option(
            names = {"-daemon", "--daemon"},
            description = "Start epmd detached (as a daemon) and return once it answers.")
    private boolean daemon;

    @Option(
            names = {"-relaxed_command_check", "--relaxed-command-check"},
            description = "Allow stopping nodes with -stop, and -kill while nodes are registered.")
    private boolean relaxed;

    @Option(
            names = {"-d", "-debug", "--debug"},
            description = "Log every request.")
    private boolean debug;

    @Option(
            names = {"-names", "--names"},
            description = "List names registered with the currently running epmd.")
    private boolean names;

    @Option(
            names = {"-kill", "--kill"},
            description = "Kill the currently running epmd.")
    private boolean kill;

    @Option(
            names = {"-stop", "--stop"},
            paramLabel = "name",
            description = "Stop (unregister) a name with the currently running epmd.")
    private String stop;

    @Option(
            names = {"-max_connections", "--max-connections"},
            paramLabel = "N",
            description = "Most connections served at once (default 4096).")
    private int maxConnections = 4096;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String[] args) {
        return new CommandLine(new EpmdCommand()).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        int p = port != null ? port : EpmdProtocol.configuredPort();
        if (debug) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.DEBUG);
        }
        EpmdClient client = EpmdClient.local(p);
        try {
            if (names) {
                String text = client.names();
                System.out.println("epmd: up and running on port " + p + " with data:");
                System.out.print(text);
                return 0;
            }
            if (kill) {
                String answer = client.kill();
                System.out.println(answer.equals("OK") ? "Killed" : "Killing not allowed - living nodes in database.");
                return answer.equals("OK") ? 0 : 1;
            }
            if (stop != null) {
                String answer = client.stop(stop);
                System.out.println(
                        answer.isEmpty() ? "epmd: stop not allowed (start epmd with -relaxed_command_check)" : answer);
                return answer.equals("STOPPED") ? 0 : 1;
            }
        } catch (IOException e) {
            System.err.println("epmd: Cannot connect to local epmd on port " + p);
            return 1;
        }
        if (daemon) {
            if (client.isRunning()) return 0; // as epmd -daemon: one is enough
            PortMapperLauncher.ensureRunning(p, false, relaxed); // jnode epmd -daemon means this mapper
            return 0;
        }
        InetAddress bindAddress = address == null ? null : InetAddress.getByName(address);
        PortMapper mapper = new PortMapper(new PortMapper.Settings(bindAddress, p, relaxed, maxConnections, 10));
        try {
            mapper.start();
        } catch (BindException e) {
            System.err.println("epmd: port " + p + " is in use (is another epmd running?)");
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(mapper::close));
        mapper.awaitStop();
        return 0;
    }
}
