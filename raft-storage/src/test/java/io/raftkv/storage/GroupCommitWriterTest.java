package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.runtime.LogStorage.WriteCallback;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The group commit on its own, against a sink whose "sync" the test holds open: what is
 * acknowledged while a sync is in flight, and what shares the next one.
 */
class GroupCommitWriterTest {
    private static final long WAIT_MS = 10_000;

    /** A sink that records each group and blocks in "sync" until the test releases it. */
    static final class GatedSink implements GroupCommitWriter.Sink<Integer> {
        final BlockingQueue<List<Integer>> entered = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> releases = new LinkedBlockingQueue<>();
        volatile boolean failNext;
        volatile int calls;

        @Override
        public void writeDurably(List<Integer> group) throws IOException {
            calls++;
            entered.add(List.copyOf(group));
            try {
                if (releases.poll(WAIT_MS, TimeUnit.MILLISECONDS) == null) {
                    throw new IOException("test never released the sync");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            if (failNext) {
                throw new IOException("simulated fsync failure");
            }
        }

        List<Integer> awaitGroup() throws InterruptedException {
            List<Integer> group = entered.poll(WAIT_MS, TimeUnit.MILLISECONDS);
            if (group == null) {
                throw new AssertionError("no sync started within " + WAIT_MS + " ms");
            }
            return group;
        }

        void release() {
            releases.add(true);
        }
    }

    /** Records acknowledgements in the order they arrive. */
    static final class Acks {
        final List<Integer> durable = new ArrayList<>();
        final List<Integer> failed = new ArrayList<>();
        final List<Exception> causes = new ArrayList<>();

        WriteCallback of(int write, CountDownLatch done) {
            return new WriteCallback() {
                @Override
                public void onDurable() {
                    synchronized (Acks.this) {
                        durable.add(write);
                    }
                    done.countDown();
                }

                @Override
                public void onFailure(Exception cause) {
                    synchronized (Acks.this) {
                        failed.add(write);
                        causes.add(cause);
                    }
                    done.countDown();
                }
            };
        }

        synchronized List<Integer> durable() {
            return List.copyOf(durable);
        }
    }

    private final GatedSink sink = new GatedSink();
    private final Acks acks = new Acks();
    private GroupCommitWriter<Integer> writer;

    private GroupCommitWriter<Integer> writer(StorageOptions options) {
        writer = new GroupCommitWriter<>("test-writer", sink, w -> 1, options);
        return writer;
    }

    @AfterEach
    void close() {
        // Let any held sync finish so that close() can join the thread.
        for (int i = 0; i < 10; i++) {
            sink.release();
        }
        if (writer != null) {
            writer.close();
        }
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(WAIT_MS, TimeUnit.MILLISECONDS), "callbacks not run within " + WAIT_MS + " ms");
    }

    @Test
    void nothingIsAcknowledgedBeforeItsSyncAndWritesDuringASyncShareTheNextOne() throws Exception {
        GroupCommitWriter<Integer> writer = writer(StorageOptions.defaults());
        CountDownLatch first = new CountDownLatch(1);
        CountDownLatch rest = new CountDownLatch(5);

        writer.submit(0, acks.of(0, first));
        assertEquals(List.of(0), sink.awaitGroup());
        for (int i = 1; i <= 5; i++) {
            writer.submit(i, acks.of(i, rest));
        }
        assertEquals(List.of(), acks.durable(), "the first sync is still in flight");

        sink.release();
        await(first);
        assertEquals(List.of(1, 2, 3, 4, 5), sink.awaitGroup(), "writes issued during a sync share the next");
        assertEquals(List.of(0), acks.durable(), "writes 1..5 wait for their own sync");

        sink.release();
        await(rest);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), acks.durable());
        assertEquals(2, writer.syncs());
        assertEquals(6, writer.writesDurable());
    }

    @Test
    void aGroupHoldsAtMostGroupWritesMax() throws Exception {
        StorageOptions options = new StorageOptions(64, 5_000, 2, 1 << 20, 1 << 20, StorageOptions.Compression.NONE);
        GroupCommitWriter<Integer> writer = writer(options);
        CountDownLatch done = new CountDownLatch(5);

        writer.submit(0, acks.of(0, done));
        sink.awaitGroup();
        for (int i = 1; i <= 4; i++) {
            writer.submit(i, acks.of(i, done));
        }
        sink.release();

        assertEquals(List.of(1, 2), sink.awaitGroup());
        sink.release();
        assertEquals(List.of(3, 4), sink.awaitGroup());
        sink.release();
        await(done);
        assertEquals(List.of(0, 1, 2, 3, 4), acks.durable());
    }

    @Test
    void aFailedSyncFailsItsGroupAndEveryLaterWriteAndIsNeverRetried() throws Exception {
        GroupCommitWriter<Integer> writer = writer(StorageOptions.defaults());
        CountDownLatch done = new CountDownLatch(3);
        sink.failNext = true;

        writer.submit(0, acks.of(0, done));
        sink.awaitGroup();
        writer.submit(1, acks.of(1, done));
        sink.release();
        writer.submit(2, acks.of(2, done));
        await(done);

        assertEquals(List.of(), acks.durable());
        assertEquals(List.of(0, 1, 2), List.copyOf(acks.failed).stream().sorted().toList());
        assertEquals(1, sink.calls, "a failed fsync is never retried, and nothing is written after it");
        assertInstanceOf(IOException.class, writer.failure());
    }

    @Test
    void aFullQueueBlocksBrieflyThenFailsLoudlyAndStopsTheWriter() throws Exception {
        StorageOptions options = new StorageOptions(1, 50, 1, 1 << 20, 1 << 20, StorageOptions.Compression.NONE);
        GroupCommitWriter<Integer> writer = writer(options);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Exception> refused = new CompletableFuture<>();

        writer.submit(0, acks.of(0, new CountDownLatch(1)));
        sink.awaitGroup();
        writer.submit(1, acks.of(1, done));   // fills the queue of one
        writer.submit(2, new WriteCallback() {
            public void onDurable() {
                refused.complete(null);
            }

            public void onFailure(Exception cause) {
                refused.complete(cause);
            }
        });

        Exception cause = refused.get(WAIT_MS, TimeUnit.MILLISECONDS);
        assertTrue(cause != null && cause.getMessage().contains("write queue full"), () -> "got " + cause);
        assertTrue(cause.getMessage().contains("writeQueueMax 1"), cause.getMessage());
        sink.release();
        await(done);
        assertFalse(acks.durable().contains(1), "after a dropped write nothing later may be acknowledged");
    }
}
