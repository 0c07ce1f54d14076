package org.luanode.jnode.process;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.management.NotificationEmitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors the node cannot go on after: the JVM out of memory, an internal error of the JVM, the Lua
 * thread dead. A node like that must not look alive (registered, answering pings, ignoring work):
 * as BEAM writes erl_crash.dump and exits, the node writes a crash dump (the cause and the longest
 * mailboxes, the usual culprit) and halts with status 1, which closes its sockets, so the port mapper
 * forgets it and peers see it go.
 *
 * <p>Halting is what a program sets up ({@link #haltOnFatal}, done by the launcher); a node embedded
 * elsewhere (tests) only logs. A reserve of memory, freed first, leaves room to write the dump.
 */
public final class FatalErrors {
    private static final Logger log = LoggerFactory.getLogger("luanode.fatal");
    private static final int RESERVE_BYTES = 8 << 20;
    private static final int MAILBOXES_SHOWN = 10;
    /** Whatever happens while reporting, the process ends this long after a fatal error. */
    private static final long HALT_AFTER_MILLIS = 3000;

    /** The share of a heap pool still used after collection at which the node counts as out of memory. */
    private static final double FULL_HEAP = Double.parseDouble(System.getProperty("luanode.full_heap", "0.9"));

    private static final OutOfMemoryError HEAP_FULL =
            new OutOfMemoryError("Java heap space (still full after garbage collection; -Xmx raises the limit)");

    static {
        HEAP_FULL.setStackTrace(new StackTraceElement[0]); // made ahead, for no place in particular
    }

    /**
     * Where a fatal error was caught. Made with the class, before any error: out of memory, even the first
     * use of a string constant can fail (the JVM makes its String then), and a node whose handlers of
     * fatal errors fail that way hung half-alive (the Lua thread dead, nothing halting the JVM).
     */
    public enum Place {
        IN_A_PROCESS("in a process"),
        LUA_THREAD_DIED("the Lua thread died"),
        UNCAUGHT("uncaught in a thread"),
        HEAP_FULL_AFTER_GC("the heap is full after garbage collection");

        final String text;

        Place(String text) {
            this.text = text;
        }
    }

    private static volatile byte[] reserve;
    private static volatile ProcessRuntime runtime;
    private static volatile boolean halting;
    /** The reporter holds the node's lock: nothing runs in it any more. */
    private static volatile boolean frozen;
    /** The first fatal error: where, and what. */
    private static volatile Place where;

    private static volatile Throwable cause;
    /** Released once by the first fatal error; the reporter and the deadline wait on it. */
    private static final Semaphore FATAL = new Semaphore(0);

    private FatalErrors() {}

    /** Whether an error thrown anywhere means the node cannot go on. */
    public static boolean isFatal(Throwable t) {
        return t instanceof OutOfMemoryError || t instanceof InternalError || t instanceof UnknownError;
    }

    /**
     * Returns at once when no fatal error happened; otherwise waits while the report is written and the
     * JVM halts with status 1 (a script that ends normally after a fatal error must not exit with 0).
     */
    public static void awaitHalt() {
        if (!halting || cause == null) return;
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * From now on a fatal error writes the crash dump for {@code node} and halts the JVM (status 1);
     * also for errors that reach no handler on any thread. The threads that do it start now: out of
     * memory, nothing new can be made.
     */
    public static void haltOnFatal(ProcessRuntime node) {
        if (Place.values().length == 0) throw new AssertionError(); // the places are made now, not out of memory
        runtime = node;
        reserve = new byte[RESERVE_BYTES];
        halting = true;
        daemon("luanode-fatal-report", () -> {
            FATAL.acquireUninterruptibly();
            try {
                report();
            } finally {
                Runtime.getRuntime().halt(1);
            }
        });
        daemon("luanode-fatal-deadline", () -> {
            FATAL.acquireUninterruptibly();
            FATAL.release(); // for the reporter, should this one wake first
            sleep(HALT_AFTER_MILLIS);
            Runtime.getRuntime().halt(1);
        });
        watchHeap();
        Thread.setDefaultUncaughtExceptionHandler((thread, t) -> {
            if (isFatal(t)) fatal(Place.UNCAUGHT, t);
            else log.error("uncaught in thread {}", thread.getName(), t);
        });
    }

    /**
     * The node cannot go on: when set up to, the report is written and the JVM halts (on threads of
     * their own; this one returns, and should stop). Allocates nothing; should it fail all the same (a
     * fatal error is often the JVM out of memory), the JVM halts here, without a report, rather than
     * leave a node that looks alive.
     */
    public static void fatal(Place place, Throwable error) {
        reserve = null; // room for the report
        try {
            if (!halting) {
                log.error("fatal error ({}), not halting: the node is embedded", place.text, error);
                return;
            }
            if (cause == null) {
                where = place;
                cause = error;
            }
            FATAL.release(2);
        } catch (Throwable again) {
            if (halting) Runtime.getRuntime().halt(1);
            throw again;
        }
    }

    /**
     * The heap still full after a full collection is where a JVM spends its time collecting for nothing
     * (a minute, measured) before OutOfMemoryError, and then throws it wherever it happens to be: the
     * node is ended at that point instead. An OutOfMemoryError thrown before that (one allocation
     * bigger than what is left) ends it through the catches of the Lua thread and of processes, or
     * the default handler of other threads. (-XX:+ExitOnOutOfMemoryError was measured to win the race
     * against the report half of the time: the node then ends without its dump.)
     */
    private static void watchHeap() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold((long) (max * FULL_HEAP));
            }
        }
        NotificationEmitter memory = (NotificationEmitter) ManagementFactory.getMemoryMXBean();
        memory.addNotificationListener(
                (notification, handback) -> {
                    if (notification.getType().equals(MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED)) {
                        fatal(Place.HEAP_FULL_AFTER_GC, HEAP_FULL);
                    }
                },
                null,
                null);
    }

    private static void report() {
        // The node stops where it is: its processes need the scheduler's lock to send, spawn or switch,
        // so holding it keeps them from eating the room the report needs. (Not released: the JVM halts.)
        ProcessRuntime node = runtime;
        try {
            if (node != null && node.lock.tryLock(1, TimeUnit.SECONDS)) frozen = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String file = System.getenv().getOrDefault("ERL_CRASH_DUMP", "luanode_crash.dump");
        try {
            Files.writeString(Path.of(file), dump(where, cause), StandardCharsets.UTF_8);
            System.err.println(
                    "luanode: fatal error: " + cause + " (" + where.text + "); crash dump written to " + file);
        } catch (Throwable e) {
            System.err.println("luanode: fatal error: " + cause + " (" + where.text + "); no crash dump: " + e);
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    private static String dump(Place where, Throwable cause) {
        StringWriter text = new StringWriter();
        PrintWriter w = new PrintWriter(text);
        ProcessRuntime node = runtime;
        w.println("=luanode_crash_dump:1");
        w.println("Time: " + Instant.now());
        w.println("Slogan: " + cause + " (" + where.text + ")");
        if (node != null) w.println("Node: " + node.node().name());
        Runtime jvm = Runtime.getRuntime();
        w.printf(
                "Memory: %d bytes used of %d (max %d)%n",
                jvm.totalMemory() - jvm.freeMemory(), jvm.totalMemory(), jvm.maxMemory());
        if (node != null) mailboxes(w, node);
        w.println("=cause");
        cause.printStackTrace(w);
        w.flush();
        return text.toString();
    }

    /** The longest mailboxes, read under the node's lock the reporter holds (when it could take it). */
    private static void mailboxes(PrintWriter w, ProcessRuntime node) {
        if (!frozen) {
            w.println("Processes: (the node's lock is held; not listed)");
            return;
        }
        List<ErlangProcess> all = new ArrayList<>(node.table.all());
        w.println("Processes: " + all.size());
        all.sort(Comparator.comparingInt((ErlangProcess p) -> p.mailbox.size()).reversed());
        w.println("=longest_mailboxes");
        for (ErlangProcess p : all.subList(0, Math.min(MAILBOXES_SHOWN, all.size()))) {
            String name = p.registeredName == null ? "" : " (" + p.registeredName + ")";
            w.println(p.pid() + name + ": " + p.mailbox.size() + " messages");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
