package org.luanode.jnode.process;

import java.util.ArrayDeque;

/**
 * A process's messages not received yet, oldest first: messages from local processes, Erlang terms,
 * and {@link Signal}s. Guarded by the scheduler lock. Small at first: most processes hold few messages
 * at a time.
 */
final class Mailbox {
    private final ArrayDeque<Object> messages = new ArrayDeque<>(2);

    void add(Object message) {
        messages.add(message);
    }

    /** The oldest message, or null when there is none. */
    Object poll() {
        return messages.poll();
    }

    int size() {
        return messages.size();
    }

    void clear() {
        messages.clear();
    }
}
