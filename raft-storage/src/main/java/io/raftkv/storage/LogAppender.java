package io.raftkv.storage;

import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.util.List;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * The group commit's sink: turns a group of writes into ONE RocksDB write batch, synced, so that
 * a group lands whole or not at all. Each write replaces the log suffix from its first index:
 * keys it does not overwrite (its last index + 1 up to the old last index) are deleted with one
 * range delete in the same batch, so a crash never leaves a new prefix glued to an old suffix.
 *
 * <p>Runs on the writer thread only; {@code lastIndex} is the last index of the log as the
 * batches so far leave it.
 */
final class LogAppender implements GroupCommitWriter.Sink<LogWrite> {
    private final LogDatabase db;
    private long lastIndex;

    LogAppender(LogDatabase db, long lastIndex) {
        this.db = db;
        this.lastIndex = lastIndex;
    }

    @Override
    public void writeDurably(List<LogWrite> group) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (LogWrite write : group) {
                add(batch, write);
            }
            db.writeSynced(batch);
        } catch (RocksDBException e) {
            throw new IOException("cannot build a RocksDB write batch: " + e.getMessage(), e);
        }
    }

    private void add(WriteBatch batch, LogWrite write) throws RocksDBException {
        if (write.hasEntries()) {
            Check.that(write.firstIndex() <= lastIndex + 1,
                    "append at index %d leaves a gap after the last index %d", write.firstIndex(), lastIndex);
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
}
