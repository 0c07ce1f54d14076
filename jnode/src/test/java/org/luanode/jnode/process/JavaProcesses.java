package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangAtom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A node whose processes are plain Java code: the process model without Lua. */
final class JavaProcesses implements AutoCloseable {
    final ProcessRuntime runtime;

    JavaProcesses() {
        this(1);
    }

    /** A node with {@code states} schedulers, each on a thread of its own. */
    JavaProcesses(int states) {
        runtime = new ProcessRuntime(Terms.ERLANG, states, state -> {});
    }

    /** A process of this test: only its own code runs it, on the node's thread. */
    static final class JavaProcess extends ErlangProcess {
        JavaProcess(LocalNode node) {
            super(node);
        }
    }

    /** Starts a process running {@code body} with itself as argument. */
    JavaProcess spawn(Consumer<JavaProcess> body) {
        JavaProcess p = new JavaProcess(runtime.node());
        return runtime.spawn(p, () -> body.accept(p), null, false, null, null);
    }

    /** Starts a process in the given state (0 for the first). */
    JavaProcess spawnIn(int state, Consumer<JavaProcess> body) {
        JavaProcess p = new JavaProcess(runtime.node());
        return runtime.spawnIn(state, p, () -> body.accept(p), null, false, null, null);
    }

    /** Its exit reason, once it has ended. */
    static Object exitReason(ErlangProcess p) throws Exception {
        return p.exitFuture().get(10, TimeUnit.SECONDS);
    }

    static OtpErlangAtom atom(String name) {
        return new OtpErlangAtom(name);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
