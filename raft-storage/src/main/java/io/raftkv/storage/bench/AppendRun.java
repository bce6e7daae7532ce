package io.raftkv.storage.bench;

import com.google.protobuf.ByteString;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.storage.RocksDbLogStorage;
import io.raftkv.storage.StorageOptions;
import io.raftkv.storage.StorageStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One benchmark run: {@code writers} producers append {@code entryBytes}-byte entries through one
 * {@link LogSequencer} into a fresh storage, each waiting for its own acknowledgement before its
 * next append. Counts and latencies are taken only after a warm-up.
 */
final class AppendRun {
    private static final long ACK_DEADLINE_MS = 30_000;

    record Result(double entriesPerSec, double entriesPerFsync, double p50Micros, double p99Micros) {}

    private AppendRun() {}

    static Result run(Path dir, StorageOptions options, int writers, int entryBytes, long warmupMs, long measureMs)
            throws IOException, InterruptedException {
        try (RocksDbLogStorage storage = RocksDbLogStorage.open(dir, "bench", 1, options)) {
            LogSequencer sequencer = new LogSequencer(storage, 0, 1);
            ByteString data = ByteString.copyFrom(new byte[entryBytes]);
            long measureFrom = System.nanoTime() + warmupMs * 1_000_000L;
            long measureTo = measureFrom + measureMs * 1_000_000L;
            List<Producer> producers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                producers.add(new Producer(sequencer, data, measureFrom, measureTo));
            }
            List<Thread> threads = new ArrayList<>();
            for (Producer producer : producers) {
                Thread thread = new Thread(producer, "bench-producer");
                threads.add(thread);
                thread.start();
            }
            StorageStats before = statsAt(storage, measureFrom);
            StorageStats after = statsAt(storage, measureTo);
            for (Thread thread : threads) {
                thread.join();
            }
            for (Producer producer : producers) {
                if (producer.failure != null) {
                    throw new IOException("a benchmark append failed", producer.failure);
                }
            }
            return result(producers, before, after, measureMs);
        }
    }

    /** Waits until {@code atNanos} (the run's clock, not a fixed sleep) and samples the counters. */
    private static StorageStats statsAt(RocksDbLogStorage storage, long atNanos) throws InterruptedException {
        for (long left; (left = atNanos - System.nanoTime()) > 0; ) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        return storage.stats();
    }

    private static Result result(List<Producer> producers, StorageStats before, StorageStats after, long measureMs) {
        long entries = 0;
        int latencies = 0;
        for (Producer producer : producers) {
            entries += producer.measuredEntries;
            latencies += producer.latencyCount;
        }
        long[] all = new long[latencies];
        int at = 0;
        for (Producer producer : producers) {
            System.arraycopy(producer.latenciesNanos, 0, all, at, producer.latencyCount);
            at += producer.latencyCount;
        }
        Arrays.sort(all);
        long writes = after.writesDurable() - before.writesDurable();
        long syncs = after.syncs() - before.syncs();
        return new Result(entries * 1000.0 / measureMs, syncs == 0 ? 0 : (double) writes / syncs,
                percentile(all, 0.50) / 1000.0, percentile(all, 0.99) / 1000.0);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    /** One producer: append, wait for its own acknowledgement, repeat until the run ends. */
    private static final class Producer implements Runnable {
        private final LogSequencer sequencer;
        private final ByteString data;
        private final long measureFrom;
        private final long measureTo;
        long[] latenciesNanos = new long[1024];
        int latencyCount;
        long measuredEntries;
        Exception failure;

        Producer(LogSequencer sequencer, ByteString data, long measureFrom, long measureTo) {
            this.sequencer = sequencer;
            this.data = data;
            this.measureFrom = measureFrom;
            this.measureTo = measureTo;
        }

        @Override
        public void run() {
            try {
                for (long start = System.nanoTime(); start < measureTo; start = System.nanoTime()) {
                    CompletableFuture<Void> durable = new CompletableFuture<>();
                    sequencer.append(data, callback(durable));
                    durable.get(ACK_DEADLINE_MS, TimeUnit.MILLISECONDS);
                    long end = System.nanoTime();
                    if (start >= measureFrom && end <= measureTo) {
                        record(end - start);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (ExecutionException | TimeoutException e) {
                failure = e;
            }
        }

        private void record(long latencyNanos) {
            if (latencyCount == latenciesNanos.length) {
                latenciesNanos = Arrays.copyOf(latenciesNanos, latencyCount * 2);
            }
            latenciesNanos[latencyCount++] = latencyNanos;
            measuredEntries++;
        }

        private static LogStorage.WriteCallback callback(CompletableFuture<Void> durable) {
            return new LogStorage.WriteCallback() {
                @Override
                public void onDurable() {
                    durable.complete(null);
                }

                @Override
                public void onFailure(Exception cause) {
                    durable.completeExceptionally(cause);
                }
            };
        }
    }
}
