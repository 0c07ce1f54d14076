package org.luanode.jnode.process;

/**
 * A process tried to wait where it cannot be suspended: Java code below it on the stack pins its
 * continuation (a native frame, a class initializer). The process keeps running; its host reports the
 * error in its own terms.
 */
public final class PinnedProcessException extends RuntimeException {
    PinnedProcessException() {
        super("a process cannot wait here: Java code below it on the stack cannot be suspended");
    }
}
