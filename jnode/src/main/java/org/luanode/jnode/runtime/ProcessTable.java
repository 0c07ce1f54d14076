package org.luanode.jnode.runtime;

import com.ericsson.otp.erlang.OtpErlangPid;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.Collection;

/**
 * The live processes of this node by pid, and the registered names. Process numbers are handed out in
 * sequence, so processes sit in an array indexed by number (in chunks of 64k, allocated as numbers
 * grow): adding and finding one is an array access, which keeps spawning cheap. Changes happen under
 * the scheduler lock; lookups come from any thread (network readers) and need no lock.
 */
final class ProcessTable {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private final LocalNode node;
    private final AtomicReferenceArray<AtomicReferenceArray<LuaProcess>> chunks =
            new AtomicReferenceArray<>(1 << (28 - CHUNK_BITS));
    private final AtomicInteger size = new AtomicInteger();
    private final Map<String, LuaProcess> byName = new ConcurrentHashMap<>();

    ProcessTable(LocalNode node) {
        this.node = node;
    }

    void add(LuaProcess p) {
        AtomicReferenceArray<LuaProcess> chunk = chunks.get(p.number >>> CHUNK_BITS);
        if (chunk == null) {
            chunk = new AtomicReferenceArray<>(CHUNK);
            chunks.set(p.number >>> CHUNK_BITS, chunk);
        }
        chunk.set(p.number & (CHUNK - 1), p);
        size.incrementAndGet();
    }

    void remove(LuaProcess p) {
        AtomicReferenceArray<LuaProcess> chunk = chunks.get(p.number >>> CHUNK_BITS);
        if (chunk != null && chunk.compareAndSet(p.number & (CHUNK - 1), p, null)) size.decrementAndGet();
        if (p.registeredName != null) byName.remove(p.registeredName, p);
    }

    /** The live local process with this pid, or null (dead, or on another node). */
    LuaProcess get(OtpErlangPid pid) {
        int n = node.numberOf(pid);
        if (n < 0) return null;
        AtomicReferenceArray<LuaProcess> chunk = chunks.get(n >>> CHUNK_BITS);
        return chunk == null ? null : chunk.get(n & (CHUNK - 1));
    }

    int size() { return size.get(); }

    Collection<LuaProcess> all() {
        List<LuaProcess> all = new ArrayList<>();
        for (int c = 0; c < chunks.length(); c++) {
            AtomicReferenceArray<LuaProcess> chunk = chunks.get(c);
            if (chunk == null) continue;
            for (int i = 0; i < CHUNK; i++) {
                LuaProcess p = chunk.get(i);
                if (p != null) all.add(p);
            }
        }
        return all;
    }

    LuaProcess whereis(String name) { return byName.get(name); }

    /** Registers a name; false when the name is taken or the process has one already. Scheduler lock held. */
    boolean register(String name, LuaProcess p) {
        if (p.registeredName != null || byName.putIfAbsent(name, p) != null) return false;
        p.registeredName = name;
        return true;
    }

    boolean unregister(String name) {
        LuaProcess p = byName.remove(name);
        if (p == null) return false;
        p.registeredName = null;
        return true;
    }

    List<String> names() { return new ArrayList<>(byName.keySet()); }
}
