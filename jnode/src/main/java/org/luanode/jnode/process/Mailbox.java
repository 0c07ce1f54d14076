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

    /** The messages from position {@code start} on (a copy, to look at without the lock). */
    Object[] from(int start) {
        int n = size() - start;
        if (n <= 0) return NONE;
        Object[] out = new Object[n];
        int i = 0;
        int at = 0;
        for (Object m : this) {
            if (at++ >= start) out[i++] = m;
        }
        return out;
    }

    /** Removes the message at position {@code index} (the others keep their order). */
    void removeAt(int index) {
        var it = iterator();
        for (int i = 0; i < index; i++) it.next();
        it.next();
        it.remove();
    }

    private static final Object[] NONE = {};
}
