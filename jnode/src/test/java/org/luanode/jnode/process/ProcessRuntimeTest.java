package org.luanode.jnode.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.luanode.jnode.process.JavaProcesses.atom;
import static org.luanode.jnode.process.JavaProcesses.exitReason;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process model driven by processes written in Java: messages, links, monitors, exit signals, names. */
class ProcessRuntimeTest {
    private final JavaProcesses node = new JavaProcesses();
    private final ProcessRuntime runtime = node.runtime;

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void processesExchangeMessagesAndEndNormally() throws Exception {
        List<Object> seen = new CopyOnWriteArrayList<>();
        var pong = node.spawn(self -> {
            OtpErlangTuple m = (OtpErlangTuple) runtime.receive(self, -1);
            seen.add(m.elementAt(1));
            runtime.send(self, (OtpErlangPid) m.elementAt(0), atom("pong"));
        });
        var ping = node.spawn(self -> {
            runtime.send(self, pong.pid(), new OtpErlangTuple(new OtpErlangObject[] {self.pid(), atom("ping")}));
            seen.add(runtime.receive(self, -1));
        });
        assertThat(exitReason(ping)).isEqualTo(ExitReason.NORMAL);
        assertThat(exitReason(pong)).isEqualTo(ExitReason.NORMAL);
        assertThat(seen).containsExactly(atom("ping"), atom("pong"));
        assertThat(runtime.processCount()).isZero();
    }

    @Test
    void receiveWithATimeoutGivesNullWhenNothingCame() throws Exception {
        long[] waited = new long[1];
        Object[] got = {"unset"};
        var p = node.spawn(self -> {
            long start = System.nanoTime();
            got[0] = runtime.receive(self, 50);
            waited[0] = System.nanoTime() - start;
        });
        exitReason(p);
        assertThat(got[0]).isNull();
        assertThat(waited[0]).isGreaterThanOrEqualTo(50_000_000L);
    }

    @Test
    void aLinkedProcessDiesWithTheSameReasonUnlessItTrapsExits() throws Exception {
        var victim = node.spawn(self -> runtime.receive(self, -1));
        var trapper = node.spawn(self -> {
            self.trapExits(true);
            runtime.receive(self, -1); // the crasher's exit, as a message
        });
        var crasher = node.spawn(self -> {
            runtime.relationships().link(self, victim.pid());
            runtime.relationships().link(self, trapper.pid());
            throw new ProcessExit(atom("boom"), false);
        });
        assertThat(exitReason(crasher)).isEqualTo(atom("boom"));
        assertThat(exitReason(victim)).isEqualTo(atom("boom"));
        assertThat(exitReason(trapper)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void aTrappedExitArrivesAsASignalMessage() throws Exception {
        Object[] got = new Object[1];
        var trapper = node.spawn(self -> {
            self.trapExits(true);
            var child = node.spawn(c -> {
                throw new ProcessExit(atom("bye"), false);
            });
            runtime.relationships().link(self, child.pid());
            got[0] = runtime.receive(self, 5000);
        });
        exitReason(trapper);
        assertThat(got[0]).isInstanceOf(Signal.Exit.class);
        assertThat(((Signal.Exit) got[0]).reason()).isEqualTo(atom("bye"));
    }

    @Test
    void linkingToADeadProcessIsAnExitSignalNoproc() throws Exception {
        var dead = node.spawn(self -> {});
        exitReason(dead);
        var p = node.spawn(self -> runtime.relationships().link(self, dead.pid()));
        assertThat(exitReason(p)).isEqualTo(ExitReason.NOPROC);
    }

    @Test
    void aMonitorGetsDownWithTheReasonAndTheNameItUsed() throws Exception {
        Object[] got = new Object[2];
        var target = node.spawn(self -> {
            runtime.register("target", self);
            runtime.receive(self, -1);
            throw new ProcessExit(atom("done"), false);
        });
        var watcher = node.spawn(self -> {
            OtpErlangRef ref = runtime.relationships().monitor(self, atom("target"), null, "as named");
            runtime.send(self, target.pid(), atom("go"));
            got[0] = runtime.receive(self, 5000);
            got[1] = ref;
        });
        exitReason(watcher);
        assertThat(got[0]).isEqualTo(new Signal.Down((OtpErlangRef) got[1], "as named", atom("done")));
        assertThat(runtime.whereis("target")).isNull();
    }

    @Test
    void monitoringAProcessThatDoesNotExistGivesDownNoproc() throws Exception {
        Object[] got = new Object[1];
        var watcher = node.spawn(self -> {
            runtime.relationships().monitor(self, atom("nobody"), null, "nobody");
            got[0] = runtime.receive(self, 5000);
        });
        exitReason(watcher);
        assertThat(((Signal.Down) got[0]).reason()).isEqualTo(ExitReason.NOPROC);
    }

    @Test
    void killCannotBeTrappedAndEndsTheTargetWithKilled() throws Exception {
        var target = node.spawn(self -> {
            self.trapExits(true);
            while (true) runtime.receive(self, -1);
        });
        var killer = node.spawn(self -> runtime.relationships().exit(self, target.pid(), ExitReason.KILL));
        exitReason(killer);
        assertThat(exitReason(target)).isEqualTo(ExitReason.KILLED);
    }

    @Test
    void aNameIsFreeAgainWhenItsProcessEnds() throws Exception {
        var first =
                node.spawn(self -> assertThat(runtime.register("name", self)).isTrue());
        exitReason(first);
        var second = node.spawn(self -> {
            assertThat(runtime.register("name", self)).isTrue();
            assertThat(runtime.registered()).containsExactly("name");
        });
        assertThat(exitReason(second)).isEqualTo(ExitReason.NORMAL);
    }

    @Test
    void anInternalErrorEndsOnlyItsProcess() throws Exception {
        var broken = node.spawn(self -> {
            throw new IllegalStateException("a bug");
        });
        byte[] text = ((com.ericsson.otp.erlang.OtpErlangBinary) exitReason(broken)).binaryValue();
        assertThat(new String(text, java.nio.charset.StandardCharsets.UTF_8))
                .contains("internal error")
                .contains("a bug");
        var fine = node.spawn(self -> {});
        assertThat(exitReason(fine)).isEqualTo(ExitReason.NORMAL);
    }
}
