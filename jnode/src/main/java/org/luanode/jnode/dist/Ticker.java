package org.luanode.jnode.dist;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps connections alive as net_kernel does: every quarter of net_ticktime a connection that sent
 * nothing sends a tick, and one that received nothing for the whole net_ticktime is closed
 * ({@code net_tick_timeout}).
 */
final class Ticker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("luanode.dist");

    private final ConnectionTable connections;
    private final long tickNanos;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("dist-ticker").factory());

    Ticker(ConnectionTable connections, long netTicktimeSeconds) {
        this.connections = connections;
        this.tickNanos = TimeUnit.SECONDS.toNanos(netTicktimeSeconds) / 4;
        timer.scheduleAtFixedRate(this::tickAll, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    }

    private void tickAll() {
        long now = System.nanoTime();
        long limit = tickNanos * 4;
        for (Connection c : connections.all()) {
            if (!c.isUp()) continue;
            if (now - c.lastReceived > limit) {
                log.warn("node {} not responding: no tick for {} s", c.peer, TimeUnit.NANOSECONDS.toSeconds(limit));
                c.close("net_tick_timeout");
            } else if (now - c.lastSent > tickNanos) {
                c.tick();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
