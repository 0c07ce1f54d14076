package org.luanode.jnode.dist;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a connection has to send, in order: packets any thread queues, written by one thread at a time
 * (the one polling the node's sockets) to a non-blocking channel. Packets are copied together into one
 * direct buffer so a burst of small messages costs one socket write; a packet bigger than that buffer
 * is written on its own, from its own bytes. What the socket does not take stays here for the next
 * write.
 */
final class Outbox {
    private final Queue<byte[]> packets;
    private final AtomicInteger queuedBytes = new AtomicInteger();
    // Touched only by the writing thread.
    private final ByteBuffer batch;
    /** A packet bigger than {@link #batch}, being written on its own. */
    private ByteBuffer oversized;

    private long bytesWritten;

    Outbox(int batchBytes) {
        this(new ConcurrentLinkedQueue<>(), batchBytes);
    }

    /** With the queue to use: it must allow one thread adding while another peeks and polls. */
    Outbox(Queue<byte[]> packets, int batchBytes) {
        this.packets = packets;
        this.batch = ByteBuffer.allocateDirect(batchBytes);
    }

    /** Queues a packet (any thread); returns the bytes now queued and not yet taken for writing. */
    int add(byte[] packet) {
        packets.add(packet);
        return queuedBytes.addAndGet(packet.length);
    }

    /**
     * Writes queued packets, in order, until there are none or the channel takes no more. Returns true
     * when everything was written, false when the channel is full (write again once it is writable).
     * One thread at a time.
     */
    boolean writeTo(WritableByteChannel channel) throws IOException {
        while (true) {
            if (oversized != null) {
                bytesWritten += channel.write(oversized);
                if (oversized.hasRemaining()) return false;
                oversized = null;
            }
            // Peek once per packet and act on what that peek saw: another thread may add meanwhile.
            byte[] next;
            while ((next = packets.peek()) != null && next.length <= batch.remaining()) {
                take();
                batch.put(next);
            }
            if (batch.position() == 0) {
                if (next == null) return true;
                take();
                oversized = ByteBuffer.wrap(next); // it did not fit the empty batch: bigger than the batch
                continue;
            }
            batch.flip();
            bytesWritten += channel.write(batch);
            boolean full = batch.hasRemaining();
            batch.compact();
            if (full) return false;
        }
    }

    private void take() {
        byte[] head = packets.poll();
        if (head != null) queuedBytes.addAndGet(-head.length); // null: cleared meanwhile (closed)
    }

    /** Bytes the channel took so far; the writing thread asks. */
    long bytesWritten() {
        return bytesWritten;
    }

    /** Whether bytes wait to be written; the writing thread asks. */
    boolean hasUnwritten() {
        return !packets.isEmpty() || batch.position() > 0 || oversized != null;
    }

    /** Drops everything queued (the connection is closed). */
    void clear() {
        packets.clear();
        queuedBytes.set(0);
    }
}
