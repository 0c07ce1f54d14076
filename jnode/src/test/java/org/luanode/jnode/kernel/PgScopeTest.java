package org.luanode.jnode.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangList;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangPid;
import com.ericsson.otp.erlang.OtpErlangRef;
import com.ericsson.otp.erlang.OtpErlangTuple;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Terms;

/**
 * A pg scope driven by processes written in Java: local members through gen_server calls, a peer
 * scope scripted message by message as another node's scope would send them, and watchers.
 */
class PgScopeTest {
    private final ProcessRuntime runtime = new ProcessRuntime(Terms.ERLANG, () -> {});
    private final PgScope scope = new PgScopes(runtime).scope("pg");
    private static final OtpErlangAtom GROUP = new OtpErlangAtom("g");

    @AfterEach
    void close() {
        runtime.close();
    }

    /** A process of this test, running its body on the node's thread. */
    private static final class Scripted extends ErlangProcess {
        final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

        Scripted(ProcessRuntime runtime) {
            super(runtime.node());
        }
    }

    private Scripted spawn(Consumer<Scripted> body) {
        Scripted p = new Scripted(runtime);
        return runtime.spawn(p, () -> body.accept(p), null, false, null, null);
    }

    /** A process that runs {@code first}, then reports every message it gets until told 'stop'. */
    private Scripted reporter(Consumer<Scripted> first) {
        return spawn(self -> {
            first.accept(self);
            for (Object m; !(m = runtime.receive(self, -1)).equals(atom("stop")); ) self.seen.add(m);
        });
    }

    /** gen_server:call from {@code self} to the scope: the reply. */
    private OtpErlangObject call(Scripted self, OtpErlangObject request) {
        OtpErlangRef tag = runtime.node().newRef();
        runtime.send(self, scope.pid(), tuple(atom("$gen_call"), tuple(self.pid(), tag), request));
        OtpErlangTuple reply = (OtpErlangTuple) runtime.receive(self, 5000);
        assertThat(reply.elementAt(0)).isEqualTo(tag);
        return reply.elementAt(1);
    }

    @Test
    void localProcessesJoinAndLeaveThroughCalls() throws Exception {
        CompletableFuture<List<OtpErlangObject>> answers = new CompletableFuture<>();
        Scripted member = spawn(self -> {
            answers.complete(List.of(
                    call(self, tuple(atom("join_local"), GROUP, self.pid())),
                    call(self, tuple(atom("join_local"), GROUP, new OtpErlangList(self.pid()))),
                    call(self, tuple(atom("leave_local"), GROUP, self.pid()))));
            runtime.receive(self, -1); // stays alive: a member that ends leaves
        });
        assertThat(answers.get(5, TimeUnit.SECONDS)).containsExactly(atom("ok"), atom("ok"), atom("ok"));
        // joined twice, left once: still a member, once
        assertThat(scope.groups().members(GROUP)).containsExactly(member.pid());
        assertThat(scope.groups().localMembers(GROUP)).containsExactly(member.pid());
    }

    @Test
    void leavingAGroupNotJoinedSaysSo() throws Exception {
        CompletableFuture<OtpErlangObject> answer = new CompletableFuture<>();
        spawn(self -> answer.complete(call(self, tuple(atom("leave_local"), GROUP, self.pid()))));
        assertThat(answer.get(5, TimeUnit.SECONDS)).isEqualTo(atom("not_joined"));
    }

    @Test
    void aMemberThatEndsLeavesItsGroups() throws Exception {
        Scripted member = spawn(self -> call(self, tuple(atom("join_local"), GROUP, self.pid())));
        member.exitFuture().get(5, TimeUnit.SECONDS);
        await(() -> scope.groups().members(GROUP).isEmpty());
        assertThat(scope.groups().groups()).isEmpty();
    }

    @Test
    void aPeerScopeIsSyncedAndItsChangesFollowed() throws Exception {
        OtpErlangPid x = new OtpErlangPid("peer@host", 1, 0, 1); // members on the peer's node
        OtpErlangPid y = new OtpErlangPid("peer@host", 2, 0, 1);
        Scripted local = spawn(self -> {
            call(self, tuple(atom("join_local"), GROUP, self.pid()));
            runtime.receive(self, -1); // stays a member
        });
        await(() -> !scope.groups().members(GROUP).isEmpty());
        Scripted peer = reporter(self -> runtime.send(self, scope.pid(), tuple(atom("discover"), self.pid())));
        // discovered: our members in a sync cast, and a discover back
        Object sync = peer.seen.poll(5, TimeUnit.SECONDS);
        assertThat(sync)
                .isEqualTo(tuple(
                        atom("$gen_cast"),
                        tuple(
                                atom("sync"),
                                scope.pid(),
                                new OtpErlangList(tuple(GROUP, new OtpErlangList(local.pid()))))));
        assertThat(peer.seen.poll(5, TimeUnit.SECONDS)).isEqualTo(tuple(atom("discover"), scope.pid()));
        OtpErlangAtom h = atom("h");
        spawn(self -> {
            runtime.send(
                    self,
                    scope.pid(),
                    tuple(
                            atom("$gen_cast"),
                            tuple(atom("sync"), peer.pid(), new OtpErlangList(tuple(h, new OtpErlangList(x))))));
            runtime.send(self, scope.pid(), tuple(atom("join"), peer.pid(), h, y));
            runtime.send(self, scope.pid(), tuple(atom("leave"), peer.pid(), x, new OtpErlangList(h)));
        });
        await(() -> scope.groups().members(h).equals(List.of(y)));
        assertThat(scope.groups().localMembers(h)).isEmpty();
        // a join from a process that never discovered the scope is not taken
        spawn(self -> runtime.send(self, scope.pid(), tuple(atom("join"), self.pid(), h, x)));
        // the peer goes (its node would): its members leave
        spawn(self -> runtime.send(self, peer.pid(), atom("stop")));
        await(() -> scope.groups().members(h).isEmpty());
        assertThat(scope.groups().members(GROUP)).containsExactly(local.pid());
    }

    @Test
    void watchersHearOfJoinsAndLeaves() throws Exception {
        CompletableFuture<OtpErlangObject> monitor = new CompletableFuture<>();
        Scripted watcher = reporter(self -> monitor.complete(call(self, tuple(atom("monitor"), GROUP))));
        OtpErlangTuple answer = (OtpErlangTuple) monitor.get(5, TimeUnit.SECONDS);
        OtpErlangRef ref = (OtpErlangRef) answer.elementAt(0);
        assertThat(answer.elementAt(1)).isEqualTo(new OtpErlangList());
        Scripted member = spawn(self -> {
            call(self, tuple(atom("join_local"), GROUP, self.pid()));
            call(self, tuple(atom("leave_local"), GROUP, self.pid()));
        });
        OtpErlangList joined = new OtpErlangList(member.pid());
        assertThat(watcher.seen.poll(5, TimeUnit.SECONDS)).isEqualTo(tuple(ref, atom("join"), GROUP, joined));
        assertThat(watcher.seen.poll(5, TimeUnit.SECONDS)).isEqualTo(tuple(ref, atom("leave"), GROUP, joined));
    }

    @Test
    void whatItCannotReadLeavesItServing() throws Exception {
        spawn(self -> runtime.send(self, scope.pid(), atom("nonsense")));
        spawn(self -> runtime.send(self, scope.pid(), tuple(atom("join"), atom("not_a_pid"))));
        Scripted member = spawn(self -> call(self, tuple(atom("join_local"), GROUP, self.pid())));
        member.exitFuture().get(5, TimeUnit.SECONDS);
        assertThat(scope.isAlive()).isTrue();
    }

    @Test
    void aScopeIsASystemProcessUnderItsName() {
        assertThat(scope.isSystem()).isTrue();
        assertThat(runtime.whereis("pg")).isSameAs(scope);
        assertThat(runtime.processCount()).isZero();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    private static OtpErlangTuple tuple(OtpErlangObject... elements) {
        return new OtpErlangTuple(elements);
    }
}
