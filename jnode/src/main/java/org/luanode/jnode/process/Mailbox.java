package org.luanode.jnode.process;

import java.util.ArrayDeque;

/**
 * A process's messages not received yet, oldest first: messages from local processes, Erlang terms,
 * and {@link Signal}s. Guarded by the scheduler lock. Small at first: most processes hold few messages
 * at a time. (The queue itself, not a wrapper around one: a waiting process is one object less.)
 */
final class Mailbox extends ArrayDeque<Object> {
    Mailbox() {
        super(2);
    }
}
