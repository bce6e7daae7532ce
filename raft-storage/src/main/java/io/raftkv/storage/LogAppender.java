package io.raftkv.storage;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The group commit's sink: turns a group of writes into RocksDB write batches, the last one
 * synced, so that a group lands in order and is durable before it is acknowledged. Each write
 * replaces the log suffix from its first index: keys it does not overwrite (its last index + 1 up
 * to the old last index) are deleted with one range delete in the same batch, so a crash never
 * leaves a new prefix glued to an old suffix.
 *
 * <p>A group is one batch, except that a snapshot install must read the term stored at the
 * snapshot's index as the writes before it leave it: the batch so far is then applied (unsynced)
 * first. The WAL is one sequence and the group's last batch is synced, so a crash keeps a prefix
 * of the group's batches, and an acknowledged group is whole.
 *
 * <p>Runs on the writer thread only; {@code lastIndex} is the last index of the log and
 * {@code floor} the highest index deleted on purpose (snapshot or compaction), as the batches so
 * far leave them; the log is empty when {@code lastIndex == floor}.
 */
final class LogAppender implements GroupCommitWriter.Sink<LogWrite> {
    private final LogDatabase db;
    private final LogReader reader;
    private long lastIndex;
    private long floor;

    LogAppender(LogDatabase db, LogReader reader, long lastIndex, long floor) {
        Check.that(lastIndex >= floor, "last index %d below the log's floor %d", lastIndex, floor);
        this.db = db;
        this.reader = reader;
        this.lastIndex = lastIndex;
        this.floor = floor;
    }

    @Override
    public void writeDurably(List<LogWrite> group) throws IOException {
        WriteBatch batch = new WriteBatch();
        try {
            for (LogWrite write : group) {
                if (write.isInstall() && batch.count() > 0) {
                    db.writeUnsynced(batch);
                    batch.close();
                    batch = new WriteBatch();
                }
                add(batch, write);
            }
            db.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new IOException("cannot build a RocksDB write batch: " + e.getMessage(), e);
        } finally {
            batch.close();
        }
    }

    private void add(WriteBatch batch, LogWrite write) throws RocksDBException, IOException {
        if (write.isInstall()) {
            addInstall(batch, write.snapshot());
            return;
        }
        if (write.isCompaction()) {
            addCompaction(batch, write.compactThrough());
            return;
        }
        if (write.hasEntries()) {
            Check.that(write.firstIndex() > floor && write.firstIndex() <= lastIndex + 1,
                    "append at index %d leaves a gap after the last index %d (or is at or below the floor %d)",
                    write.firstIndex(), lastIndex, floor);
            if (write.lastIndex() < lastIndex) {
                batch.deleteRange(db.log, LogKeys.key(write.lastIndex() + 1), LogKeys.key(lastIndex + 1));
            }
            long index = write.firstIndex();
            for (byte[] value : write.entryValues()) {
                batch.put(db.log, LogKeys.key(index++), value);
            }
            Check.that(index == write.lastIndex() + 1, "write carries %d values for indices %d..%d",
                    write.entryValues().size(), write.firstIndex(), write.lastIndex());
            lastIndex = write.lastIndex();
        }
        if (write.hardState() != null) {
            batch.put(db.state, LogReader.HARD_STATE_KEY, write.hardState());
        }
    }

    /**
     * Drops every entry through the snapshot's index, and the suffix after it too unless the entry
     * stored at the index has the snapshot's term (then the suffix follows the snapshot). Reads the
     * database, so the caller applied every earlier write of the group first.
     */
    private void addInstall(WriteBatch batch, SnapshotMeta snapshot) throws RocksDBException, IOException {
        long index = snapshot.index();
        // Entries behind the floor are covered by a newer snapshot only; installing an older one
        // would drop the entries between the two, which no snapshot holds any more.
        Check.that(index >= floor, "snapshot at index %d is behind the log's floor %d: installing it would drop"
                + " entries that no snapshot covers", index, floor);
        OptionalLong term = index > floor && index <= lastIndex ? reader.term(index) : OptionalLong.empty();
        boolean suffixFollows = term.isPresent() && term.getAsLong() == snapshot.term();
        long deleteThrough = suffixFollows ? index : Math.max(index, lastIndex);
        batch.deleteRange(db.log, LogKeys.key(1), LogKeys.key(deleteThrough + 1));
        batch.put(db.state, LogBoundary.SNAPSHOT_KEY, LogBoundary.encodeSnapshot(snapshot));
        lastIndex = suffixFollows ? lastIndex : index;
        floor = index;
    }

    /** Drops entries through {@code index}; the log's end moves only if it was shorter. */
    private void addCompaction(WriteBatch batch, long index) throws RocksDBException {
        if (index <= floor) {
            return;
        }
        batch.deleteRange(db.log, LogKeys.key(1), LogKeys.key(index + 1));
        batch.put(db.state, LogBoundary.COMPACTION_KEY, LogBoundary.encodeCompaction(index));
        floor = index;
        lastIndex = Math.max(lastIndex, index);
    }
}
