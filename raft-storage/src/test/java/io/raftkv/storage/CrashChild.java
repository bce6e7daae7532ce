package io.raftkv.storage;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import java.io.PrintStream;
import java.nio.file.Files;
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
 * flushed line each. Now and then, in order with the appends, it installs a snapshot, either at
 * an entry of its own term (the suffix must be kept) or a little past the last issued index
 * ({@code install <index> <term> <last issued index>}, printed when issued: it is durable once an
 * index above the last issued one is acknowledged), or compacts through an index below the last
 * ({@code compact <index>}, printed when issued). Every line starts with its number (from 0, see
 * {@link Output}), so that the parent knows it read every line. It stops by itself after
 * {@link #LIFETIME_MS}, so that a dead parent never leaves it running.
 *
 * <p>Arguments: data directory, cycle number (the term is cycle + 1), writer threads, seed.
 */
public final class CrashChild {
    static final String CLUSTER = "crash";
    static final long NODE = 1;
    static final int SUFFIX_REWRITE_MAX = 3;
    private static final long LIFETIME_MS = 30_000;
    private static final int ENTRY_BYTES = 256;
    /** One append in this many also installs a snapshot; one in COMPACT_EVERY compacts. */
    private static final int INSTALL_EVERY = 300;
    private static final int COMPACT_EVERY = 150;
    private static final int INSTALL_JUMP_MAX = 20;

    private CrashChild() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long term = Long.parseLong(args[1]) + 1;
        int writers = Integer.parseInt(args[2]);
        Random random = new Random(Long.parseLong(args[3]));
        Output out = new Output(System.out);
        RocksDbLogStorage storage = RocksDbLogStorage.open(dir, CLUSTER, NODE, StorageOptions.defaults());
        PersistentState state = storage.load();
        List<Entry> stored = state.entries();
        long lastIndex = stored.isEmpty() ? state.snapshot().index() : stored.get(stored.size() - 1).index();
        long rewrite = Math.min(stored.size(), random.nextInt(SUFFIX_REWRITE_MAX + 1));
        List<Entry> suffix = new ArrayList<>();
        for (long i = lastIndex - rewrite + 1; i <= lastIndex; i++) {
            suffix.add(Entry.normal(i, term, ByteString.copyFromUtf8("rewritten")));
        }
        Writes.durably(storage, new HardState(term, NODE, 0), suffix);
        out.line("ready " + lastIndex);
        // Installs and compactions delete with the same batch: what is stored starts right after the floor.
        long floor = stored.isEmpty() ? lastIndex : stored.get(0).index() - 1;
        Sequencer sequencer = new Sequencer(storage, lastIndex, floor, lastIndex - rewrite + 1, term,
                random.nextLong(), out);
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

    /**
     * One log, many producers, like {@code LogSequencer}; installs and compactions are issued under
     * the same lock, so their order with the appends is the order of the printed lines.
     */
    private static final class Sequencer {
        private final LogStorage storage;
        private final long term;
        private final Random random;
        private final Output out;
        private long lastIndex;
        /** The highest index installed or compacted through: at or below it nothing is stored. */
        private long floor;
        /** Every issued index from here on has this child's term. */
        private long termStart;

        Sequencer(LogStorage storage, long lastIndex, long floor, long termStart, long term, long seed,
                  Output out) {
            this.storage = storage;
            this.lastIndex = lastIndex;
            this.floor = floor;
            this.termStart = termStart;
            this.term = term;
            this.random = new Random(seed);
            this.out = out;
        }

        synchronized long append(ByteString data, LogStorage.WriteCallback callback) {
            if (random.nextInt(INSTALL_EVERY) == 0) {
                install();
            } else if (random.nextInt(COMPACT_EVERY) == 0 && lastIndex - 1 > floor) {
                // Below the last issued index, so the log keeps an entry after it.
                long index = floor + 1 + random.nextInt((int) Math.min(Integer.MAX_VALUE, lastIndex - 1 - floor));
                out.line("compact " + index);
                storage.compactThrough(index);
                floor = index;
            }
            long index = ++lastIndex;
            storage.write(null, List.of(Entry.normal(index, term, data)), callback);
            return index;
        }

        /**
         * Half the time a little past the last issued index (the log is dropped, as for a follower
         * far behind); otherwise at a stored entry of this term, so the suffix after it follows the
         * snapshot and must be kept. Printed with the last issued index: any acknowledged index
         * above that was issued after the install, which is then durable.
         */
        private void install() {
            long keepFrom = Math.max(termStart, floor + 1);
            boolean behind = random.nextBoolean() && keepFrom <= lastIndex;
            long index = behind ? keepFrom + random.nextInt((int) Math.min(Integer.MAX_VALUE, lastIndex - keepFrom + 1))
                    : lastIndex + random.nextInt(INSTALL_JUMP_MAX + 1);
            SnapshotMeta snapshot = new SnapshotMeta(index, term);
            out.line("install " + snapshot.index() + " " + snapshot.term() + " " + lastIndex);
            storage.installSnapshot(snapshot);
            if (!behind) {
                lastIndex = index;
                termStart = index + 1;
            }
            floor = index;
        }
    }

    /** Each writer waits for its own acknowledgement, then reports it: a printed index is durable. */
    private static void appendUntil(long stopAtNanos, Sequencer sequencer, Output out, long term) {
        ByteString data = ByteString.copyFrom(new byte[ENTRY_BYTES]);
        while (System.nanoTime() < stopAtNanos) {
            CompletableFuture<Void> durable = new CompletableFuture<>();
            long index = sequencer.append(data, Writes.callback(durable));
            Writes.await(durable);
            out.line("ack " + index + " " + term);
        }
    }

    /**
     * The child's stdout: one flushed line at a time, numbered in the order printed, so that the
     * parent notices a line it did not get (a lost {@code compact} line makes it expect entries
     * that were deleted on purpose; a lost {@code ack} line silently checks less).
     */
    static final class Output {
        private final PrintStream out;
        private long next;

        Output(PrintStream out) {
            this.out = out;
        }

        synchronized void line(String text) {
            out.println(next++ + " " + text);
            out.flush();
        }
    }

    /**
     * For {@link CrashRecoveryTest}'s check of its own harness: prints {@code <count>} numbered
     * lines, creates the file {@code <marker>} once they are all written, then waits to be killed.
     */
    public static final class Printer {
        private Printer() {}

        public static void main(String[] args) throws Exception {
            Output out = new Output(System.out);
            int count = Integer.parseInt(args[0]);
            for (int i = 0; i < count; i++) {
                out.line("line " + i);
            }
            Files.createFile(Path.of(args[1]));
            Thread.sleep(LIFETIME_MS);
        }
    }
}
