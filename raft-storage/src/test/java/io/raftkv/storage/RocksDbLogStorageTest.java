package io.raftkv.storage;

import static io.raftkv.storage.Writes.durably;
import static io.raftkv.storage.Writes.entries;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.HardState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.storage.bench.LogSequencer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

/** What only the RocksDB storage promises: corruption found, directories guarded, syncs shared. */
class RocksDbLogStorageTest {
    private static final String CLUSTER = "c1";

    @TempDir
    Path dir;

    private RocksDbLogStorage open() throws IOException {
        return RocksDbLogStorage.open(dir, CLUSTER, 1, StorageOptions.defaults());
    }

    /** Rewrites one stored value through a raw handle on the closed directory. */
    private void tamper(boolean log, byte[] key, UnaryOperator<byte[]> change) throws Exception {
        try (LogDatabase db = LogDatabase.open(dir, StorageOptions.defaults());
             WriteBatch batch = new WriteBatch()) {
            byte[] value = db.get(log ? db.log : db.state, key);
            batch.put(log ? db.log : db.state, key, change.apply(value));
            db.writeSynced(batch);
        }
    }

    private static byte[] flipLastByte(byte[] value) {
        byte[] copy = value.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    private static void assertRefusedNaming(String where, Executable open) {
        IOException e = assertThrows(IOException.class, open);
        assertTrue(e.getMessage().contains(where), () -> "message should name '" + where + "': " + e.getMessage());
    }

    @Test
    void aFlippedByteInAnEntryIsReportedWithItsIndex() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            durably(storage, null, entries(1, 5, 1));
        }
        tamper(true, LogKeys.key(3), RocksDbLogStorageTest::flipLastByte);

        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("index 3", storage::load);
            assertRefusedNaming("index 3", () -> storage.term(3));
        }
    }

    @Test
    void aFlippedByteInTheHardStateIsReportedAsHardState() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            durably(storage, new HardState(4, 2, 0), List.of());
        }
        tamper(false, LogReader.HARD_STATE_KEY, RocksDbLogStorageTest::flipLastByte);

        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("hard state", storage::load);
        }
    }

    @Test
    void anEntryStoredUnderTheWrongIndexIsCorruption() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            durably(storage, null, entries(1, 3, 1));
        }
        byte[] entryTwo;
        try (LogDatabase db = LogDatabase.open(dir, StorageOptions.defaults())) {
            entryTwo = db.get(db.log, LogKeys.key(2));
        }
        tamper(true, LogKeys.key(3), value -> entryTwo);

        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("index 3", storage::load);
        }
    }

    @Test
    void aGapAndAFallingTermAreFoundOnLoad() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            durably(storage, null, entries(1, 2, 1));
            durably(storage, null, entries(3, 4, 3));
        }
        try (LogDatabase db = LogDatabase.open(dir, StorageOptions.defaults()); WriteBatch batch = new WriteBatch()) {
            batch.put(db.log, LogKeys.key(3), RecordEnvelope.wrap(RaftCodec.encode(Writes.entry(3, 2))));
            batch.put(db.log, LogKeys.key(4), RecordEnvelope.wrap(RaftCodec.encode(Writes.entry(4, 1))));
            db.writeSynced(batch);
        }
        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("term falls in the log at index 4", storage::load);
        }
        try (LogDatabase db = LogDatabase.open(dir, StorageOptions.defaults()); WriteBatch batch = new WriteBatch()) {
            batch.delete(db.log, LogKeys.key(3));
            db.writeSynced(batch);
        }
        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("gap in the log: index 4 follows index 2", storage::load);
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryFailsNamingIt() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming(dir.toAbsolutePath().toString(), this::open);
        }
        open().close();   // the lock went with the first storage
    }

    @Test
    void anotherClusterOrNodeIsRefusedNamingBoth() throws Exception {
        open().close();

        IOException cluster = assertThrows(IOException.class,
                () -> RocksDbLogStorage.open(dir, "c2", 1, StorageOptions.defaults()));
        IOException node = assertThrows(IOException.class,
                () -> RocksDbLogStorage.open(dir, CLUSTER, 7, StorageOptions.defaults()));

        assertTrue(cluster.getMessage().contains("cluster 'c1' node 1") && cluster.getMessage().contains("cluster 'c2' node 1"),
                cluster.getMessage());
        assertTrue(node.getMessage().contains("cluster 'c1' node 1") && node.getMessage().contains("cluster 'c1' node 7"),
                node.getMessage());
        open().close();   // a refused open leaves the directory usable by its owner
    }

    @Test
    void anUnknownFormatVersionIsRefusedNamingBoth() throws Exception {
        open().close();
        tamper(false, StorageMetadata.KEY, old -> StorageMetadata.encode(99, CLUSTER, 1));

        IOException e = assertThrows(IOException.class, this::open);

        assertTrue(e.getMessage().contains("format version 99") && e.getMessage().contains("reads version 1"),
                e.getMessage());
    }

    @Test
    void concurrentWritersShareSyncs() throws Exception {
        int writers = 32;
        int appendsEach = 50;
        try (RocksDbLogStorage storage = open()) {
            LogSequencer sequencer = new LogSequencer(storage, 0, 1);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < appendsEach; i++) {
                            CompletableFuture<Void> durable = new CompletableFuture<>();
                            sequencer.append(ByteString.copyFromUtf8("x"), Writes.callback(durable));
                            Writes.await(durable);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(Writes.DEADLINE_MS, TimeUnit.MILLISECONDS);
                }
            } finally {
                pool.shutdownNow();
            }

            StorageStats stats = storage.stats();
            assertEquals(writers * appendsEach, stats.writesDurable());
            assertTrue(stats.syncs() < stats.writesDurable(), () -> "no sync was shared: " + stats);
            assertEquals(OptionalLong.of(writers * appendsEach), storage.lastIndex());
            assertEquals(writers * appendsEach, storage.load().entries().size());
        }
    }

    @Test
    void anAcknowledgedWriteIsReadableInTheCallback() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            CompletableFuture<OptionalLong> seen = new CompletableFuture<>();
            storage.write(new HardState(2, 1, 0), entries(1, 3, 2), new LogStorage.WriteCallback() {
                public void onDurable() {
                    try {
                        seen.complete(storage.term(3));
                    } catch (IOException e) {
                        seen.completeExceptionally(e);
                    }
                }

                public void onFailure(Exception cause) {
                    seen.completeExceptionally(cause);
                }
            });

            assertEquals(OptionalLong.of(2), seen.get(Writes.DEADLINE_MS, TimeUnit.MILLISECONDS));
            assertEquals(1, storage.stats().syncs());
        }
    }

    @Test
    void writesAfterCloseFailAndReadsAreRefused() throws Exception {
        RocksDbLogStorage storage = open();
        storage.close();

        CompletableFuture<Void> durable = Writes.issue(storage, null, entries(1, 1, 1));

        assertThrows(Exception.class, () -> durable.get(Writes.DEADLINE_MS, TimeUnit.MILLISECONDS));
        assertThrows(IllegalStateException.class, storage::load);
        storage.close();   // idempotent
    }

    @Test
    void firstLastAndTermLookUps() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            assertEquals(OptionalLong.empty(), storage.firstIndex());
            assertEquals(OptionalLong.empty(), storage.lastIndex());
            durably(storage, null, entries(1, 4, 1));
            durably(storage, null, entries(3, 3, 2));

            assertEquals(OptionalLong.of(1), storage.firstIndex());
            assertEquals(OptionalLong.of(3), storage.lastIndex());
            assertEquals(OptionalLong.of(2), storage.term(3));
            assertEquals(OptionalLong.empty(), storage.term(4));
        }
    }

    @Test
    void aPrefixLostBelowTheCompactionPointIsStillAGap() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            durably(storage, null, entries(1, 10, 1));
            storage.compactThrough(3);
            durably(storage, null, List.of());
        }
        try (LogDatabase db = LogDatabase.open(dir, StorageOptions.defaults()); WriteBatch batch = new WriteBatch()) {
            batch.delete(db.log, LogKeys.key(4));
            batch.delete(db.log, LogKeys.key(5));
            db.writeSynced(batch);
        }
        try (RocksDbLogStorage storage = open()) {
            assertRefusedNaming("gap at the start of the log: the first index is 6, expected at most 4", storage::load);
        }
    }

    @Test
    void aFlippedByteInTheSnapshotBoundaryIsReportedAsSuch() throws Exception {
        try (RocksDbLogStorage storage = open()) {
            storage.installSnapshot(new SnapshotMeta(9, 2));
            durably(storage, null, entries(10, 10, 2));
            assertEquals(new SnapshotMeta(9, 2), storage.snapshotBoundary());
        }
        tamper(false, LogBoundary.SNAPSHOT_KEY, RocksDbLogStorageTest::flipLastByte);

        assertRefusedNaming("corrupt record at snapshot boundary", this::open);
    }
}
