package org.luanode.jnode.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.luanode.jnode.process.JavaProcesses.atom;
import static org.luanode.jnode.process.JavaProcesses.exitReason;

import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node with several states: a scheduler and a thread each, side by side, under one process model
 * (pids, messages, links, monitors and names work across states as within one).
 */
class SchedulersTest {
    private final JavaProcesses node = new JavaProcesses(2);
    private final ProcessRuntime runtime = node.runtime;

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void processesOfTwoStatesRunAtTheSameTime() throws Exception {
        // Each waits, busy and never suspending, for the other to have started: on one thread (one
        // state) the first would spin for ever, since Java code is not preempted.
        AtomicBoolean aStarted = new AtomicBoolean(), bStarted = new AtomicBoolean();
        List<String> threads = new CopyOnWriteArrayList<>();
        var a = node.spawnIn(0, p -> {
            aStarted.set(true);
            threads.add(Thread.currentThread().getName());
            while (!bStarted.get()) Thread.onSpinWait();
        });
        var b = node.spawnIn(1, p -> {
            bStarted.set(true);
            threads.add(Thread.currentThread().getName());
            while (!aStarted.get()) Thread.onSpinWait();
        });
        exitReason(a);
        exitReason(b);
        assertThat(threads).containsExactlyInAnyOrder("lua", "lua-2");
        assertThat(ProcessRuntime.stateOf(a)).isZero();
        assertThat(ProcessRuntime.stateOf(b)).isEqualTo(1);
    }

    @Test
    void aChildRunsInItsParentsState() throws Exception {
        AtomicReference<ErlangProcess> child = new AtomicReference<>();
        var parent = node.spawnIn(
                1,
                p -> child.set(
                        runtime.spawn(new JavaProcesses.JavaProcess(runtime.node()), () -> {}, p, false, null, null)));
        exitReason(parent);
        assertThat(ProcessRuntime.stateOf(child.get())).isEqualTo(1);
    }

    @Test
    void messagesCrossStatesBothWays() throws Exception {
        AtomicReference<Object> answer = new AtomicReference<>();
        var echo = node.spawnIn(1, p -> {
            OtpErlangTuple m = (OtpErlangTuple) runtime.receive(p, -1);
            runtime.send(p, (com.ericsson.otp.erlang.OtpErlangPid) m.elementAt(0), m.elementAt(1));
        });
        var asker = node.spawnIn(0, p -> {
            runtime.send(p, echo.pid(), new OtpErlangTuple(new OtpErlangObject[] {p.pid(), atom("hello")}));
            answer.set(runtime.receive(p, 5000));
        });
        exitReason(asker);
        assertThat(answer.get()).isEqualTo(atom("hello"));
    }

    @Test
    void linksMonitorsAndNamesWorkAcrossStates() throws Exception {
        AtomicReference<Object> down = new AtomicReference<>();
        AtomicReference<Object> exit = new AtomicReference<>();
        var target = node.spawnIn(1, p -> {
            runtime.register("target", p);
            runtime.receive(p, -1);
            throw new ProcessExit(atom("boom"), false);
        });
        var linked = node.spawnIn(1, p -> {
            p.trapExits(true);
            runtime.relationships().link(p, target.pid());
            runtime.register("linked", p); // linked now: the target may be told to end
            exit.set(runtime.receive(p, 5000));
        });
        var watcher = node.spawnIn(0, p -> {
            OtpErlangRef ref = runtime.relationships().monitor(p, target.pid(), null, target.pid());
            ErlangProcess named = runtime.whereis("target");
            // registered by the other thread: wait for it, and for the link (else the target may end
            // before the other process links to it, which then gets noproc, as in Erlang)
            while (named == null || runtime.whereis("linked") == null) {
                runtime.yieldTurn(p);
                named = runtime.whereis("target");
            }
            runtime.send(p, named.pid(), atom("go"));
            down.set(runtime.receive(p, 5000));
            assertThat(((Signal.Down) down.get()).ref()).isEqualTo(ref);
        });
        exitReason(watcher);
        exitReason(linked);
        assertThat(exitReason(target)).isEqualTo(atom("boom"));
        assertThat(down.get())
                .isInstanceOfSatisfying(
                        Signal.Down.class, d -> assertThat(d.reason()).isEqualTo(atom("boom")));
        assertThat(exit.get())
                .isInstanceOfSatisfying(
                        Signal.Exit.class, e -> assertThat(e.reason()).isEqualTo(atom("boom")));
    }

    @Test
    void anExitSignalEndsAWaitingProcessOfAnotherState() throws Exception {
        var waiter = node.spawnIn(1, p -> runtime.receive(p, -1));
        var killer = node.spawnIn(0, p -> runtime.relationships().exit(p, waiter.pid(), atom("stop")));
        exitReason(killer);
        assertThat(exitReason(waiter)).isEqualTo(atom("stop"));
    }

    @Test
    void newProcessesByLoadGoToTheStateWithFewest() throws Exception {
        var waiting = node.spawnIn(0, p -> runtime.receive(p, -1));
        assertThat(runtime.leastLoadedState()).isEqualTo(1);
        var other = node.spawnIn(1, p -> runtime.receive(p, -1));
        var third = node.spawnIn(1, p -> runtime.receive(p, -1));
        assertThat(runtime.leastLoadedState()).isZero();
        for (ErlangProcess p : List.of(waiting, other, third)) runtime.deliver(p, atom("done"));
        exitReason(waiting);
        exitReason(other);
        exitReason(third);
    }

    @Test
    void timeoutsFireInEveryState() throws Exception {
        var a = node.spawnIn(0, p -> assertThat(runtime.receive(p, 30)).isNull());
        var b = node.spawnIn(1, p -> runtime.sleep(p, 30));
        assertThat(exitReason(a)).isEqualTo(ExitReason.NORMAL);
        assertThat(exitReason(b)).isEqualTo(ExitReason.NORMAL);
    }
}
