package org.luanode.jnode.process;

import com.ericsson.otp.erlang.OtpErlangPid;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The live processes of this node by pid; {@link #size} counts those the node's programs run, not system
 * processes ({@link ErlangProcess#isSystem}). Process numbers are handed out in sequence, so processes sit
 * in an array indexed by number (in chunks of 64k, allocated as numbers grow): adding and finding one is
 * an array access, which keeps spawning cheap. Changes happen under the scheduler lock; lookups come
 * from any thread (network readers) and need no lock.
 */
final class ProcessTable {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final LocalNode node;
    private final AtomicReferenceArray<AtomicReferenceArray<ErlangProcess>> chunks =
            new AtomicReferenceArray<>(1 << (28 - CHUNK_BITS));
    private final AtomicInteger size = new AtomicInteger();

    ProcessTable(LocalNode node) {
        this.node = node;
    }

    void add(ErlangProcess p) {
        AtomicReferenceArray<ErlangProcess> chunk = chunks.get(p.number >>> CHUNK_BITS);
        if (chunk == null) {
            chunk = new AtomicReferenceArray<>(CHUNK);
            chunks.set(p.number >>> CHUNK_BITS, chunk);
        }
        chunk.set(p.number & (CHUNK - 1), p);
        if (!p.isSystem()) size.incrementAndGet();
    }

    void remove(ErlangProcess p) {
        AtomicReferenceArray<ErlangProcess> chunk = chunks.get(p.number >>> CHUNK_BITS);
        if (chunk != null && chunk.compareAndSet(p.number & (CHUNK - 1), p, null) && !p.isSystem()) {
            size.decrementAndGet();
        }
    }

    /** The live local process with this pid, or null (dead, or on another node). */
    ErlangProcess get(OtpErlangPid pid) {
        int n = node.numberOf(pid);
        if (n < 0) return null;
        AtomicReferenceArray<ErlangProcess> chunk = chunks.get(n >>> CHUNK_BITS);
        return chunk == null ? null : chunk.get(n & (CHUNK - 1));
    }

    int size() {
        return size.get();
    }

    List<ErlangProcess> all() {
        List<ErlangProcess> all = new ArrayList<>();
        for (int c = 0; c < chunks.length(); c++) {
            AtomicReferenceArray<ErlangProcess> chunk = chunks.get(c);
            if (chunk == null) continue;
            for (int i = 0; i < CHUNK; i++) {
                ErlangProcess p = chunk.get(i);
                if (p != null) all.add(p);
            }
        }
        return all;
    }
}
