package io.raftkv.storage;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.storage.bench.LogSequencer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link CrashRecoveryTest} kills: opens the directory, overwrites a short suffix of
 * the log in a new term (as a new leader would), prints {@code ready}, then appends from several
 * threads and prints {@code ack <index> <term>} for every acknowledged (durable) entry, one
 * flushed line each. It stops by itself after {@link #LIFETIME_MS}, so that a dead parent never
 * leaves it running.
 *
 * <p>Arguments: data directory, cycle number (the term is cycle + 1), writer threads, seed.
 */
public final class CrashChild {
    static final String CLUSTER = "crash";
    static final long NODE = 1;
    static final int SUFFIX_REWRITE_MAX = 3;
    private static final long LIFETIME_MS = 30_000;
    private static final int ENTRY_BYTES = 256;

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long term = Long.parseLong(args[1]) + 1;
        int writers = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        PrintStream out = System.out;
        RocksDbLogStorage storage = RocksDbLogStorage.open(dir, CLUSTER, NODE, StorageOptions.defaults());
        PersistentState state = storage.load();
        long lastIndex = state.entries().size();
        long rewrite = Math.min(lastIndex, random.nextInt(SUFFIX_REWRITE_MAX + 1));
        List<Entry> suffix = new ArrayList<>();
        for (long i = lastIndex - rewrite + 1; i <= lastIndex; i++) {
            suffix.add(Entry.normal(i, term, ByteString.copyFromUtf8("rewritten")));
        }
        Writes.durably(storage, new HardState(term, NODE, 0), suffix);
        synchronized (out) {
            out.println("ready " + lastIndex);
            out.flush();
        }
        LogSequencer sequencer = new LogSequencer(storage, lastIndex, term);
        long stopAtNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LIFETIME_MS);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            Thread thread = new Thread(() -> appendUntil(stopAtNanos, sequencer, out, term), "crash-writer-" + w);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        storage.close();
    }

    /** Each writer waits for its own acknowledgement, then reports it: a printed index is durable. */
    private static void appendUntil(long stopAtNanos, LogSequencer sequencer, PrintStream out, long term) {
        ByteString data = ByteString.copyFrom(new byte[ENTRY_BYTES]);
        while (System.nanoTime() < stopAtNanos) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            long index = sequencer.append(data, Writes.callback(durable));
            Writes.await(durable);
            synchronized (out) {
                out.println("ack " + index + " " + term);
                out.flush();
            }
        }
    }
}
