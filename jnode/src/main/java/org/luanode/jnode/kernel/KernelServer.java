package org.luanode.jnode.kernel;

import org.luanode.jnode.process.ErlangProcess;
import org.luanode.jnode.process.ProcessRuntime;
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

    /** One message: a signal, {nodeup, Node}, {nodedown, Node}, or a message to the server. */
    protected abstract void handle(Object message);

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
