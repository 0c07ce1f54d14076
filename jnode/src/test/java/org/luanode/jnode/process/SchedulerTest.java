package org.luanode.jnode.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.luanode.jnode.process.JavaProcesses.atom;
import static org.luanode.jnode.process.JavaProcesses.exitReason;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the scheduler runs processes: one at a time, in turn, with timeouts, and what close() ends. */
class SchedulerTest {
    private final JavaProcesses node = new JavaProcesses();
    private final ProcessRuntime runtime = node.runtime;

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void processesThatYieldRunInTurn() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        List<ErlangProcess> all = new CopyOnWriteArrayList<>();
        var starter = node.spawn(self -> {
            for (String name : List.of("a", "b", "c")) {
                all.add(node.spawn(p -> {
                    for (int i = 0; i < 3; i++) {
                        order.add(name + i);
                        runtime.yieldTurn(p);
                    }
                }));
            }
        });
        exitReason(starter);
        for (ErlangProcess p : all) exitReason(p);
        assertThat(order).containsExactly("a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2");
    }

    @Test
    void aSendNeverPassesControlAndWokenProcessesRunInCreationOrder() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        var first = node.spawn(self -> {
            runtime.receive(self, -1);
            order.add("first");
        });
        var second = node.spawn(self -> {
            runtime.receive(self, -1);
            order.add("second");
        });
        var sender = node.spawn(self -> {
            runtime.send(self, second.pid(), atom("x")); // woken first...
            runtime.send(self, first.pid(), atom("x"));
            order.add("sender still running");
        });
        exitReason(sender);
        exitReason(first);
        exitReason(second);
        // ...but a sweep runs processes in the order they were created, as ConcurrentLua's scheduler does
        assertThat(order).containsExactly("sender still running", "first", "second");
    }

    @Test
    void sleepersWakeInDeadlineOrder() throws Exception {
        List<String> woke = new CopyOnWriteArrayList<>();
        var slow = node.spawn(self -> {
            runtime.sleep(self, 80);
            woke.add("slow");
        });
        var fast = node.spawn(self -> {
            runtime.sleep(self, 20);
            woke.add("fast");
        });
        exitReason(slow);
        exitReason(fast);
        assertThat(woke).containsExactly("fast", "slow");
    }

    @Test
    void aMessageWakesAWaitingReceiverButNotASleeper() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        var sleeper = node.spawn(self -> {
            runtime.sleep(self, 100);
            events.add("sleeper woke with " + runtime.receive(self, 0));
        });
        var sender = node.spawn(self -> {
            runtime.send(self, sleeper.pid(), atom("hi"));
            events.add("sent");
        });
        exitReason(sender);
        exitReason(sleeper);
        assertThat(events).containsExactly("sent", "sleeper woke with hi");
    }

    @Test
    void loopReturnsWhenTheOtherProcessesHaveEnded() throws Exception {
        boolean[] allEnded = new boolean[1];
        var main = node.spawn(self -> {
            node.spawn(p -> runtime.sleep(p, 30));
            node.spawn(p -> runtime.sleep(p, 10));
            allEnded[0] = runtime.loop(self, -1);
        });
        exitReason(main);
        assertThat(allEnded[0]).isTrue();
    }

    @Test
    void closingTheNodeEndsItsThread() throws Exception {
        var waiter = node.spawn(self -> runtime.receive(self, -1));
        long before = luaThreads();
        runtime.close();
        assertThat(luaThreads()).isEqualTo(before - 1);
        assertThat(waiter.exitFuture()).isNotDone(); // dropped with the node, never resumed
    }

    private static long luaThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("lua") && t.isAlive())
                .count();
    }
}
