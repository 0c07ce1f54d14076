package org.luanode.jnode.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's network readiness, polled by the Lua threads themselves, as BEAM schedulers poll their
 * I/O: a message from another node is read, handed to its process, run and answered on one thread, with
 * one OS wake-up (the kernel waking the Lua thread's select) instead of a chain of threads waking each
 * other. A Lua thread polls when it has nothing to run and no other Lua thread is polling (blocking
 * until a socket is ready, a timeout is due or {@link #wakeup} is called), else it parks; busy Lua
 * threads poll every so often without waiting, and after such a look hand the poll to a parked idle
 * one, so the sockets are watched by an idle thread whenever there is one. A message for a process of
 * another state is handed to that state's thread (it is woken if it sleeps). When every Lua thread is
 * stuck in a long Java call, a relief thread polls for them, so ticks still go out and messages still
 * come in.
 *
 * <p>All socket I/O happens under {@link #pollLock}, by one thread at a time; handlers need no locking
 * of their own for their read and write state. Other threads ask for work through {@link #execute}.
 */
public final class IoLoop {
    private static final Logger log = LoggerFactory.getLogger("luanode.io");
    /** How often a busy Lua thread looks at the network between processes. */
    private static final long BUSY_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /**
     * How long the Lua thread keeps looking at the sockets before it sleeps (-Dluanode.spin, in ns; 0: not
     * at all), as BEAM schedulers busy-wait: an answer that comes back within it costs no OS wake-up.
     * Measured (make bench, 2 cores): 8 concurrent client pairs went from 0.7x to 1.15-1.2x of BEAM's,
     * and sequential round trips from 12-51k/s (varying between runs) to 30-47k/s. The price: at most
     * this much CPU per wake-up, and only on distributed nodes. Both spins (this one, and an idle Lua
     * thread's look for work handed over by another state) give the core away at every turn ({@link
     * #spinTurn}), so they cost CPU only when nothing else wants it.
     */
    private static final long SPIN_NANOS = Long.getLong("luanode.spin", 30_000);
    /** After this long without a poll by the Lua thread, the relief thread polls. */
    private static final long RELIEF_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** A registered channel's owner; called by the polling thread, with the poll lock held. */
    public interface Handler {
        /** The channel is watched now, with this key. */
        void registered(SelectionKey key);

        /** The channel has bytes to read (or was closed by the peer). */
        void readable();

        /** The channel can take more bytes, or a flush was asked for: write what is queued. */
        void flush();
    }

    private final Selector selector;
    private final ReentrantLock pollLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Handler> flushes = new ConcurrentLinkedQueue<>();
    /** A wake-up asked for since the last select; a select that would block returns at once instead. */
    private final AtomicBoolean wakePending = new AtomicBoolean();

    private volatile long lastPoll = System.nanoTime();
    /** The Lua thread in a blocking poll now, if one is: a flush asked for by another thread must wake it. */
    private volatile Thread selecting;
    /** Idle Lua threads parked because another thread had the poll: one takes it when that one lets go. */
    private final ConcurrentLinkedQueue<Thread> pollWaiters = new ConcurrentLinkedQueue<>();

    private volatile Thread relief;
    /** Set by close(): guarded by {@code this}, as starting the relief thread is. */
    private boolean closing;

    /** Whether idle Lua threads look for work a while before sleeping even with no sockets (several states). */
    private final boolean spinWithoutSockets;
    /** Set while the polling thread spins before it selects: a wake-up then needs no system call. */
    private volatile boolean spinning;

    /** {@code luaThreads}: how many Lua threads poll (one per state). */
    IoLoop(int luaThreads) {
        // With one Lua thread only a socket can bring work to an idle one; with several, another thread can.
        this.spinWithoutSockets = luaThreads > 1;
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the node's sockets", e);
        }
    }

    /** Watches a connected, non-blocking channel; its handler is called when there is something to read. */
    public void register(SocketChannel channel, Handler handler) {
        startRelief();
        execute(() -> {
            try {
                handler.registered(channel.register(selector, SelectionKey.OP_READ, handler));
            } catch (ClosedChannelException e) {
                log.debug("channel closed before it was watched");
            }
        });
    }

    /**
     * Asks for a write of what the handler has queued, soon: at the next poll, which a Lua thread asking
     * does itself before it sleeps; a thread waiting in the poll is woken for it.
     */
    public void requestFlush(Handler handler) {
        flushes.add(handler);
        Thread inSelect = selecting;
        if (inSelect != null ? inSelect != Thread.currentThread() : !onLuaThread()) wakeup();
    }

    /**
     * On the Lua thread: writes what the handler has queued now (the socket is non-blocking, so this
     * never waits) and returns true; elsewhere, or while the relief thread is polling, returns false.
     * Never waits for the poll lock: the caller may hold the scheduler lock, which a poll takes.
     */
    public boolean flushNowIfLuaThread(Handler handler) {
        if (!onLuaThread() || !pollLock.tryLock()) return false;
        try {
            handler.flush();
        } finally {
            releasePoll();
        }
        return true;
    }

    /**
     * Runs {@code task} with the poll lock held and returns when it is done: at once on the Lua thread,
     * else on the polling thread, waiting at most {@code timeoutMillis} for it (false: it did not finish
     * in time, and may still run).
     */
    public boolean runPolling(Runnable task, long timeoutMillis) {
        if (onLuaThread() && pollLock.tryLock()) {
            try {
                task.run();
            } finally {
                releasePoll();
            }
            return true;
        }
        CountDownLatch done = new CountDownLatch(1);
        execute(() -> {
            try {
                task.run();
            } finally {
                done.countDown();
            }
        });
        try {
            return done.await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code task} on the polling thread, soon. */
    public void execute(Runnable task) {
        tasks.add(task);
        wakeup();
    }

    /** Stops polling: the relief thread ends and the selector closes (its channels' owners close those). */
    void close() {
        Thread r;
        synchronized (this) {
            closing = true; // no relief thread starts after this
            r = relief;
        }
        if (r != null) {
            r.interrupt();
            try {
                r.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        pollLock.lock();
        try {
            selector.close();
        } catch (IOException e) {
            log.debug("closing the selector: {}", e.getMessage());
        } finally {
            pollLock.unlock();
        }
    }

    /** Makes the Lua thread's current or next blocking poll return at once. */
    public void wakeup() {
        // A thread spinning sees wakePending itself; it clears spinning before it re-reads wakePending and
        // selects, so one of the two always sees the other (both fields volatile).
        if (wakePending.compareAndSet(false, true) && !spinning) selector.wakeup();
    }

    /** Whether the calling thread is one of the node's Lua threads. */
    private boolean onLuaThread() {
        return Thread.currentThread() instanceof SchedulerThread t && t.io() == this;
    }

    /**
     * An idle Lua thread takes the poll if no other thread has it (never waits for it: the caller holds
     * the process lock); true when it did, and must then call {@link #awaitTaken}.
     */
    boolean tryTakePoll() {
        return pollLock.tryLock();
    }

    /** After {@link #tryTakePoll}: polls, blocking up to {@code timeoutNanos} (0: until woken), and lets go. */
    void awaitTaken(long timeoutNanos) {
        selecting = Thread.currentThread();
        try {
            poll(true, timeoutNanos);
        } finally {
            selecting = null;
            // Not handed on (as after a look without waiting): this thread polls again when idle, and a
            // message for it costs no second wake-up that way.
            pollLock.unlock();
        }
    }

    /**
     * An idle Lua thread that could not take the poll parks until its scheduler wakes it ({@code woken}
     * turns true and it is unparked), a timeout is due ({@code timeoutNanos}, 0: none) or the poll is
     * free again. It looks at {@code woken} for a while first (-Dluanode.spin, as the poll spins): work
     * handed over by another Lua thread, a message between states, then costs no OS wake-up.
     */
    void parkUntilWoken(long timeoutNanos, BooleanSupplier woken) {
        if (SPIN_NANOS > 0) {
            long until = System.nanoTime() + Math.min(SPIN_NANOS, timeoutNanos == 0 ? Long.MAX_VALUE : timeoutNanos);
            do {
                if (woken.getAsBoolean()) return;
                spinTurn();
            } while (System.nanoTime() - until < 0);
        }
        Thread me = Thread.currentThread();
        pollWaiters.add(me);
        if (pollLock.tryLock()) { // let go of meanwhile: look now, and take it properly in the next round
            pollWaiters.remove(me);
            try {
                poll(false, 0);
            } finally {
                releasePoll();
            }
            return;
        }
        if (!woken.getAsBoolean()) {
            if (timeoutNanos == 0) LockSupport.park(this);
            else LockSupport.parkNanos(this, timeoutNanos);
        }
        pollWaiters.remove(me);
    }

    /** Called by busy Lua threads between processes and in long computations: polls now and then. */
    void pollIfDue() {
        if (System.nanoTime() - lastPoll < BUSY_POLL_NANOS || !pollLock.tryLock()) return;
        try {
            poll(false, 0);
        } finally {
            releasePoll();
        }
    }

    /** Lets go of the poll after a look without waiting, and wakes a parked idle Lua thread to take it. */
    private void releasePoll() {
        pollLock.unlock();
        Thread waiter = pollWaiters.poll();
        if (waiter != null) LockSupport.unpark(waiter);
    }

    /**
     * Writes what is queued, runs what was asked for, and handles ready sockets, waiting for them or not.
     * Poll lock held.
     */
    private void poll(boolean mayWait, long timeoutNanos) {
        try {
            if (!selector.isOpen()) return;
            flushAndRunTasks();
            if (mayWait) selectOrSleep(timeoutNanos);
            else if (!selector.keys().isEmpty()) selector.selectNow();
            handleSelected();
            flushAndRunTasks();
        } catch (IOException | ClosedSelectorException e) {
            if (selector.isOpen()) log.error("polling the node's sockets failed", e);
        } finally {
            lastPoll = System.nanoTime();
        }
    }

    private void selectOrSleep(long timeoutNanos) throws IOException {
        // A wake-up asked for before this point must not be lost: then only look, do not wait.
        if (wakePending.getAndSet(false) || spin()) selector.selectNow();
        else if (timeoutNanos == 0) selector.select();
        else selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos + 999_999)));
        wakePending.set(false);
    }

    /**
     * Looks at the sockets (and for wake-ups: work from another Lua thread) for a short while before
     * sleeping; true when something turned up.
     */
    private boolean spin() throws IOException {
        boolean sockets = !selector.keys().isEmpty();
        if (SPIN_NANOS == 0 || (!sockets && !spinWithoutSockets)) return false;
        long until = System.nanoTime() + SPIN_NANOS;
        spinning = true;
        try {
            do {
                if ((sockets && selector.selectNow() > 0) || wakePending.get()) return true;
                spinTurn();
            } while (System.nanoTime() - until < 0);
        } finally {
            spinning = false;
        }
        return wakePending.get(); // asked for as the spin ended: the waker saw it spinning and did not wake it
    }

    /**
     * One turn of a spin: a yield, not a pause instruction. With a core to spare the yield returns at once
     * and the spin is as quick to see work as before; on a busy machine (a BEAM node on the same cores) it
     * lets a runnable thread go first instead of burning the time slice. Measured (2 cores, 8 BEAM client
     * pairs against Lua echoes spread over 2 states, a machine 90% busy): pausing spins took a third of
     * the BEAM clients' CPU and gave 75-85k round trips/s; yielding ones 105-120k, the rate of one state;
     * cross-state ping-pong and a single client pair unchanged or faster.
     */
    private static void spinTurn() {
        Thread.yield();
    }

    private void flushAndRunTasks() {
        for (Runnable t; (t = tasks.poll()) != null; ) {
            try {
                t.run();
            } catch (RuntimeException e) {
                log.error("network task failed", e);
            }
        }
        for (Handler h; (h = flushes.poll()) != null; ) h.flush();
    }

    private void handleSelected() {
        for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
            SelectionKey key = it.next();
            it.remove();
            Handler h = (Handler) key.attachment();
            try {
                if (!key.isValid()) continue;
                if (key.isReadable()) h.readable();
                if (key.isValid() && key.isWritable()) h.flush();
            } catch (CancelledKeyException e) {
                // closed meanwhile by another thread (the node stopping): nothing is left to do for it
            }
        }
    }

    /**
     * The relief thread: while the Lua thread runs one piece of Java code for long (a blocking call from
     * Lua), polls in its place every few milliseconds. It never waits in select; a wake-up meant for the
     * Lua thread that its look at the sockets clears stays asked for in {@link #wakePending}.
     */
    private void startRelief() {
        if (relief != null) return;
        synchronized (this) {
            if (relief != null || closing) return;
            relief = Thread.ofPlatform().daemon().name("lua-io-relief").start(() -> {
                while (true) {
                    try {
                        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(RELIEF_AFTER_NANOS));
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (System.nanoTime() - lastPoll > RELIEF_AFTER_NANOS && pollLock.tryLock()) {
                        try {
                            poll(false, 0);
                        } finally {
                            releasePoll();
                        }
                    }
                }
            });
        }
    }
}
