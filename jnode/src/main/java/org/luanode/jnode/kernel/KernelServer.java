package org.luanode.jnode.kernel;

import com.ericsson.otp.erlang.OtpErlangAtom;
import com.ericsson.otp.erlang.OtpErlangObject;
import com.ericsson.otp.erlang.OtpErlangTuple;
import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;
import org.luanode.jnode.process.Signal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service of the node's kernel written in Java: a system process (it does not count for loop(), and
 * Lua's registered() leaves it out), told of every node that comes and goes, serving its messages one
 * at a time. A message it cannot read is logged and dropped: OTP's servers crash on one, but a server
 * that keeps serving loses less.
 */
abstract class KernelServer extends ErlangProcess {
    private static final Logger log = LoggerFactory.getLogger(KernelServer.class);

    protected final ProcessRuntime runtime;
    private final String description;

    KernelServer(ProcessRuntime runtime, String description) {
        super(runtime.node());
        this.runtime = runtime;
        this.description = description;
    }

    @Override
    public final boolean isSystem() {
        return true;
    }

    /** Runs first, once the server is told of nodes: what to do about the nodes connected already. */
    protected abstract void started();

    /** A monitor of the server's fired: what it monitored ended, or its node went away. */
    protected abstract void down(Signal.Down down);

    /**
     * One message as a tuple with an atom first ({nodeup, Node}, {nodedown, Node}, or one to the server);
     * {@code kind} names it as "atom/arity". Throws what it cannot read.
     */
    protected abstract void handle(String kind, OtpErlangTuple message);

    private void handle(Object message) {
        if (message instanceof Signal.Down down) {
            down(down);
            return;
        }
        if (message instanceof Signal) return; // exits are not trapped: these servers get none
        OtpErlangObject term = runtime.terms().messageToTerm(message);
        if (!(term instanceof OtpErlangTuple t && t.arity() > 0 && t.elementAt(0) instanceof OtpErlangAtom tag)) {
            throw new IllegalArgumentException("not a message this server reads");
        }
        log.trace("{} handles {}", description, t);
        handle(tag.atomValue() + "/" + t.arity(), t);
    }

    /** The process's body: serves until it is killed. */
    final void serve() {
        runtime.watchNodes(this, true);
        started();
        while (true) {
            Object message = runtime.receive(this, -1);
            try {
                handle(message);
            } catch (RuntimeException e) {
                log.warn("{} ignored a message it cannot read: {} ({})", description, message, e.toString());
            }
        }
    }
}
