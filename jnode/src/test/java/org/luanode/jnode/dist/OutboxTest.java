package org.luanode.jnode.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The order and integrity of what a connection writes, whatever the socket takes per write. */
class OutboxTest {
    private static final int BATCH = 64;

    /**
     * A socket that takes at most the next of the given sizes per write (0: full for now); the sizes
     * repeat. Keeps what it took.
     */
    private static final class ThrottledChannel implements WritableByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        private final List<Integer> sizes;
        private Iterator<Integer> next;

        ThrottledChannel(List<Integer> sizes) {
            this.sizes = sizes;
            this.next = sizes.iterator();
        }

        @Override
        public int write(ByteBuffer src) {
            if (!next.hasNext()) next = sizes.iterator();
            int n = Math.min(src.remaining(), next.next());
            for (int i = 0; i < n; i++) taken.write(src.get());
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    /** Packets of any size (many bigger than the batch buffer) come out whole, once each, in order. */
    @Property(tries = 300)
    void everyPacketIsWrittenOnceInOrder(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 3 * BATCH) Integer> packetSizes,
            @ForAll @Size(min = 1, max = 8) List<@IntRange(min = 0, max = 2 * BATCH) Integer> writeSizes)
            throws Exception {
        if (writeSizes.stream().allMatch(s -> s == 0)) writeSizes.set(0, 1); // a socket that never takes anything
        Outbox outbox = new Outbox(BATCH);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ThrottledChannel channel = new ThrottledChannel(writeSizes);
        byte b = 0;
        for (int size : packetSizes) {
            byte[] packet = new byte[size];
            for (int i = 0; i < size; i++) packet[i] = b++;
            expected.write(packet);
            outbox.add(packet);
            if (size % 3 == 0) outbox.writeTo(channel); // writes in between adds too
        }
        for (int i = 0; i < 100_000 && outbox.hasUnwritten(); i++) outbox.writeTo(channel);
        assertThat(outbox.hasUnwritten()).isFalse();
        assertThat(channel.taken.toByteArray()).isEqualTo(expected.toByteArray());
        assertThat(outbox.bytesWritten()).isEqualTo(expected.size());
    }

    /**
     * The Lua thread adds a packet while the I/O relief thread is writing, just after the writer found
     * the queue empty: the packet goes out once (it used to go out twice: copied into the batch and
     * written on its own as if oversized).
     */
    @Test
    void aPacketAddedJustAfterTheWriterFoundTheQueueEmptyIsWrittenOnce() throws Exception {
        byte[] late = {1, 2, 3, 4};
        ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>() {
            private boolean added;

            @Override
            public byte[] peek() {
                byte[] head = super.peek();
                if (head == null && !added) { // the other thread adds right after this look
                    added = true;
                    super.add(late);
                }
                return head;
            }
        };
        Outbox outbox = new Outbox(queue, BATCH);
        ThrottledChannel channel = new ThrottledChannel(List.of(1024));
        outbox.writeTo(channel);
        outbox.writeTo(channel); // the flush the adding thread asks for
        assertThat(channel.taken.toByteArray()).isEqualTo(late);
    }
}
