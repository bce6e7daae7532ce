package io.raftkv.storage;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable {@link LogStorage}: entries and hard state in RocksDB, made durable by group commit
 * (one synced batch for every write issued while the previous sync was in flight), each record
 * checksummed, the data directory locked and tied to one cluster and node.
 *
 * <p>Writes are validated and issued in call order on the caller's thread (a gap is a bug of
 * the caller and fails at once with {@link Check.InvariantViolation}); callbacks run on the
 * writer thread, in issue order, only after the sync. After an I/O failure every write fails.
 *
 * <p>Snapshots: {@link #installSnapshot} and {@link #compactThrough} are queued in order with the
 * writes and made durable by the same synced batches. The snapshot the log follows is stored
 * (enveloped like every record) and {@link #load()} returns it; the stored log then starts at or
 * below the snapshot's (or compaction's) index + 1, and a gap after that is corruption.
 */
public final class RocksDbLogStorage implements LogStorage, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RocksDbLogStorage.class);

    private final Path dir;
    private final long nodeId;
    private final DirectoryLock lock;
    private final LogDatabase db;
    private final LogReader reader;
    private final GroupCommitWriter<LogWrite> writer;
    /** Guards {@code issuedLastIndex} and issue order: validation and queueing happen together. */
    private final Object issueLock = new Object();
    /** The last index once every issued write is applied. */
    private long issuedLastIndex;
    /** The highest index deleted on purpose (snapshot, compaction) once every issued write is applied. */
    private long issuedFloor;
    private boolean closed;  // guarded by issueLock

    private RocksDbLogStorage(Path dir, long nodeId, DirectoryLock lock, LogDatabase db, StorageOptions options)
            throws IOException {
        this.dir = dir;
        this.nodeId = nodeId;
        this.lock = lock;
        this.db = db;
        this.reader = new LogReader(db);
        this.issuedFloor = reader.boundary().floor();
        // An install may leave the log empty after its snapshot: the next write follows the snapshot.
        this.issuedLastIndex = Math.max(issuedFloor, reader.lastIndex().orElse(0));
        this.writer = new GroupCommitWriter<>("raftkv-storage-writer-" + nodeId,
                new LogAppender(db, reader, issuedLastIndex, issuedFloor), LogWrite::sizeBytes, options);
    }

    /**
     * Opens (creating it if needed) the data directory {@code dir} of node {@code nodeId} in
     * cluster {@code clusterId}. Fails with a clear IOException if the directory is in use, belongs
     * to another cluster or node, or has a format this build does not know.
     */
    public static RocksDbLogStorage open(Path dir, String clusterId, long nodeId, StorageOptions options)
            throws IOException {
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalArgumentException("clusterId must not be blank");
        }
        if (nodeId <= 0) {
            throw new IllegalArgumentException("nodeId must be positive, was " + nodeId);
        }
        if (options == null) {
            throw new IllegalArgumentException("options must be set (StorageOptions.defaults())");
        }
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        LogDatabase db = null;
        try {
            db = LogDatabase.open(dir, options);
            StorageMetadata.checkOrCreate(db, dir, clusterId, nodeId);
            RocksDbLogStorage storage = new RocksDbLogStorage(dir, nodeId, lock, db, options);
            log.info("node {}: opened storage in {} (cluster '{}', last index {})",
                    nodeId, dir.toAbsolutePath(), clusterId, storage.issuedLastIndex);
            return storage;
        } catch (IOException | RuntimeException e) {
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    @Override
    public PersistentState load() throws IOException {
        checkOpen();
        return reader.load();
    }

    @Override
    public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
        Check.that(entries != null && callback != null, "entries and callback must be set");
        LogWrite write = LogWrite.encode(hardState, entries);
        synchronized (issueLock) {
            if (write.hasEntries()) {
                Check.that(write.firstIndex() >= 1 && write.firstIndex() <= issuedLastIndex + 1,
                        "append at index %d leaves a gap after the last index %d", write.firstIndex(), issuedLastIndex);
                Check.that(write.firstIndex() > issuedFloor,
                        "append at index %d overwrites the snapshot or compacted log through %d",
                        write.firstIndex(), issuedFloor);
                issuedLastIndex = write.lastIndex();
            }
            writer.submit(write, callback);
        }
    }

    /**
     * Queued in order with writes and made durable by the same synced batches: the appender
     * decides there, against the log as the earlier writes leave it, whether the suffix after the
     * snapshot is kept. Here only the gap check is moved, so that a write at the snapshot's index
     * + 1 is accepted (a write beyond a dropped suffix would still fail in the appender).
     */
    @Override
    public void installSnapshot(SnapshotMeta snapshot) {
        LogWrite write = LogWrite.install(snapshot);
        synchronized (issueLock) {
            issuedFloor = snapshot.index();
            issuedLastIndex = Math.max(issuedLastIndex, snapshot.index());
            writer.submit(write, logFailure("install of snapshot " + snapshot));
        }
        log.info("node {}: log now follows snapshot {}", nodeId, snapshot);
    }

    /**
     * A range delete queued in order with writes: it costs the writer thread one tombstone, no
     * reads, and is durable with the next sync (losing it in a crash only keeps a longer prefix).
     */
    @Override
    public void compactThrough(long index) {
        synchronized (issueLock) {
            if (index <= issuedFloor) {
                return;
            }
            issuedFloor = index;
            issuedLastIndex = Math.max(issuedLastIndex, index);
            writer.submit(LogWrite.compact(index), logFailure("compaction through " + index));
        }
    }

    /**
     * Installs and compactions have no caller waiting: a failure is logged, and it stops the writer,
     * so the next write (which the runtime always waits for) fails too.
     */
    private WriteCallback logFailure(String what) {
        return new WriteCallback() {
            @Override
            public void onDurable() {}

            @Override
            public void onFailure(Exception cause) {
                log.error("node {}: {} failed", nodeId, what, cause);
            }
        };
    }

    /** The snapshot the log follows ({@link SnapshotMeta#NONE} if none was installed), as stored. */
    public SnapshotMeta snapshotBoundary() throws IOException {
        checkOpen();
        return reader.boundary().snapshot();
    }

    /** The durable hard state, checked like every read. */
    public HardState hardState() throws IOException {
        checkOpen();
        return reader.hardState();
    }

    /** The first index in the log, or empty when it is empty. */
    public OptionalLong firstIndex() throws IOException {
        checkOpen();
        return reader.firstIndex();
    }

    /** The last index in the log, or empty when it is empty. */
    public OptionalLong lastIndex() throws IOException {
        checkOpen();
        return reader.lastIndex();
    }

    /** The term of the entry at {@code index}, or empty if the log has no such entry. */
    public OptionalLong term(long index) throws IOException {
        checkOpen();
        return reader.term(index);
    }

    /** Reading a closed RocksDB would touch freed native memory: refuse instead. */
    private void checkOpen() {
        synchronized (issueLock) {
            if (closed) {
                throw new IllegalStateException("storage in " + dir.toAbsolutePath() + " is closed");
            }
        }
    }

    public StorageStats stats() {
        return new StorageStats(writer.writesDurable(), writer.syncs());
    }

    public Path dir() {
        return dir;
    }

    /**
     * Writes what was issued before this call, fails later writes, then frees every native handle
     * and the directory lock. Idempotent.
     */
    @Override
    public void close() {
        synchronized (issueLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        writer.close();
        db.close();
        try {
            lock.close();
        } catch (IOException e) {
            log.warn("node {}: cannot release the lock of {}", nodeId, dir, e);
        }
        log.info("node {}: closed storage in {} ({})", nodeId, dir.toAbsolutePath(), stats());
    }
}
