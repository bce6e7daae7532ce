package io.raftkv.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The RocksDB instance of one data directory with its two column families, {@code log} (entries
 * by big-endian index) and {@code state} (hard state and metadata), and the options chosen for a
 * Raft log. Owns every native handle and frees them all in {@link #close()}.
 *
 * <p>Options, and why:
 * <ul>
 *   <li>WAL on, every write batch synced ({@code WriteOptions.setSync(true)}): a write is
 *       acknowledged only once it is on disk; group commit makes that affordable.
 *   <li>WAL recovery {@code PointInTimeRecovery}: after a crash RocksDB replays the WAL up to the
 *       first damaged record and stops there. Acknowledged writes were synced before anything
 *       after them was written, so they all lie before any torn tail; stopping (rather than
 *       skipping to later records) keeps the log a prefix of what was issued.
 *   <li>fdatasync, not fsync ({@code useFsync} false, the default): RocksDB preallocates WAL
 *       files, so appends need no metadata sync, and fdatasync is what it documents for the WAL.
 *   <li>log write buffer {@code writeBufferBytes} (64 MiB by default): entries are small and
 *       appended in order; a large memtable means fewer flushes competing with the writer.
 *   <li>log compression NONE by default (see {@link StorageOptions.Compression}).
 *   <li>paranoid checks on, info log at WARN with few files kept: a long-lived node must not
 *       fill its disk with RocksDB's own LOG files.
 * </ul>
 */
final class LogDatabase implements AutoCloseable {
    static final byte[] LOG_FAMILY = "log".getBytes(StandardCharsets.UTF_8);
    static final byte[] STATE_FAMILY = "state".getBytes(StandardCharsets.UTF_8);
    private static final long STATE_WRITE_BUFFER_BYTES = 1L << 20;
    private static final int BACKGROUND_JOBS_MAX = 2;
    private static final int INFO_LOG_FILES_KEPT = 3;

    static {
        RocksDB.loadLibrary();
    }

    private final DBOptions dbOptions;
    private final ColumnFamilyOptions logOptions;
    private final ColumnFamilyOptions stateOptions;
    private final ColumnFamilyOptions defaultOptions;
    private final List<ColumnFamilyHandle> handles;
    private final RocksDB db;
    private final WriteOptions syncWrite;
    private final WriteOptions unsyncedWrite;
    final ColumnFamilyHandle log;
    final ColumnFamilyHandle state;

    private LogDatabase(DBOptions dbOptions, ColumnFamilyOptions logOptions, ColumnFamilyOptions stateOptions,
            ColumnFamilyOptions defaultOptions, List<ColumnFamilyHandle> handles, RocksDB db) {
        this.dbOptions = dbOptions;
        this.logOptions = logOptions;
        this.stateOptions = stateOptions;
        this.defaultOptions = defaultOptions;
        this.handles = handles;
        this.db = db;
        this.syncWrite = new WriteOptions().setSync(true);
        this.unsyncedWrite = new WriteOptions().setSync(false);
        this.log = handles.get(1);
        this.state = handles.get(2);
    }

    static LogDatabase open(Path dir, StorageOptions options) throws IOException {
        DBOptions dbOptions = new DBOptions()
                .setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setParanoidChecks(true)
                .setMaxBackgroundJobs(BACKGROUND_JOBS_MAX)
                .setInfoLogLevel(InfoLogLevel.WARN_LEVEL)
                .setKeepLogFileNum(INFO_LOG_FILES_KEPT);
        ColumnFamilyOptions logOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(options.writeBufferBytes())
                .setCompressionType(compressionType(options.compression()));
        ColumnFamilyOptions stateOptions = new ColumnFamilyOptions()
                .setWriteBufferSize(STATE_WRITE_BUFFER_BYTES)
                .setCompressionType(CompressionType.NO_COMPRESSION);
        ColumnFamilyOptions defaultOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, defaultOptions),
                new ColumnFamilyDescriptor(LOG_FAMILY, logOptions),
                new ColumnFamilyDescriptor(STATE_FAMILY, stateOptions));
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try {
            RocksDB db = RocksDB.open(dbOptions, dir.toString(), families, handles);
            return new LogDatabase(dbOptions, logOptions, stateOptions, defaultOptions, handles, db);
        } catch (RocksDBException e) {
            handles.forEach(ColumnFamilyHandle::close);
            logOptions.close();
            stateOptions.close();
            defaultOptions.close();
            dbOptions.close();
            throw new IOException("cannot open RocksDB in " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static CompressionType compressionType(StorageOptions.Compression compression) {
        return switch (compression) {
            case NONE -> CompressionType.NO_COMPRESSION;
            case LZ4 -> CompressionType.LZ4_COMPRESSION;
        };
    }

    byte[] get(ColumnFamilyHandle family, byte[] key) throws IOException {
        try {
            return db.get(family, key);
        } catch (RocksDBException e) {
            throw new IOException("RocksDB read failed: " + e.getMessage(), e);
        }
    }

    /** Applies {@code batch} atomically and returns once it is synced to disk. */
    void writeSynced(WriteBatch batch) throws IOException {
        try {
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("RocksDB synced write failed: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code batch} atomically without waiting for the disk: only for the first part of a
     * group whose last part is then written synced (the WAL is one sequence, so that sync covers
     * this part too, and a crash keeps a prefix of the two, never the second without the first).
     */
    void writeUnsynced(WriteBatch batch) throws IOException {
        try {
            db.write(unsyncedWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("RocksDB write failed: " + e.getMessage(), e);
        }
    }

    RocksIterator iterator(ColumnFamilyHandle family) {
        return db.newIterator(family);
    }

    @Override
    public void close() {
        // Handles before the database, the database before its options.
        syncWrite.close();
        unsyncedWrite.close();
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        logOptions.close();
        stateOptions.close();
        defaultOptions.close();
        dbOptions.close();
    }
}
