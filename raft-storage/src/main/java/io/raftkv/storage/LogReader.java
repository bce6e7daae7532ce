package io.raftkv.storage;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Reads the log and hard state back, trusting nothing: every record's envelope and encoding are
 * checked, every entry must sit under its own index, the log must start no later than right
 * after the snapshot it follows (or its compaction point), be contiguous from there, and its
 * terms must never fall. Any failure is a {@link CorruptStorageException} naming where it was found;
 * nothing is skipped.
 */
final class LogReader {
    static final byte[] HARD_STATE_KEY = "hard_state".getBytes(StandardCharsets.UTF_8);
    static final String HARD_STATE_WHERE = "hard state";

    private final LogDatabase db;

    LogReader(LogDatabase db) {
        this.db = db;
    }

    /**
     * The hard state, the snapshot the log follows ({@link SnapshotMeta#NONE} if none was
     * installed) and the stored entries: they start at or below the boundary's floor + 1 (a
     * compacted prefix is no gap, a missing one is) and are contiguous from there.
     */
    PersistentState load() throws IOException {
        HardState hardState = hardState();
        LogBoundary boundary = boundary();
        List<Entry> entries = new ArrayList<>();
        try (RocksIterator it = db.iterator(db.log)) {
            Entry previous = null;
            for (it.seekToFirst(); it.isValid(); it.next()) {
                Entry entry = decodeEntry(LogKeys.index(it.key()), it.value());
                checkFollows(boundary, previous, entry);
                entries.add(entry);
                previous = entry;
            }
            checkStatus(it);
        }
        return new PersistentState(hardState, entries, 0, boundary.snapshot());
    }

    LogBoundary boundary() throws IOException {
        return LogBoundary.read(db);
    }

    HardState hardState() throws IOException {
        byte[] stored = db.get(db.state, HARD_STATE_KEY);
        if (stored == null) {
            return HardState.INITIAL;
        }
        try {
            return RaftCodec.decodeHardState(RecordEnvelope.unwrap(stored, HARD_STATE_WHERE));
        } catch (CodecException e) {
            throw RecordEnvelope.corrupt(HARD_STATE_WHERE, e.getMessage());
        }
    }

    /** The first index in the log, or empty when the log is empty. */
    OptionalLong firstIndex() throws IOException {
        try (RocksIterator it = db.iterator(db.log)) {
            it.seekToFirst();
            return indexAt(it);
        }
    }

    /** The last index in the log, or empty when the log is empty. */
    OptionalLong lastIndex() throws IOException {
        try (RocksIterator it = db.iterator(db.log)) {
            it.seekToLast();
            return indexAt(it);
        }
    }

    /** The term of the entry at {@code index}, checked like every read, or empty if there is none. */
    OptionalLong term(long index) throws IOException {
        byte[] value = db.get(db.log, LogKeys.key(index));
        return value == null ? OptionalLong.empty() : OptionalLong.of(decodeEntry(index, value).term());
    }

    private static OptionalLong indexAt(RocksIterator it) throws IOException {
        if (!it.isValid()) {
            checkStatus(it);
            return OptionalLong.empty();
        }
        return OptionalLong.of(LogKeys.index(it.key()));
    }

    private static Entry decodeEntry(long index, byte[] value) throws CorruptStorageException {
        String where = "index " + index;
        Entry entry;
        try {
            entry = RaftCodec.decodeEntry(RecordEnvelope.unwrap(value, where));
        } catch (CodecException e) {
            throw RecordEnvelope.corrupt(where, e.getMessage());
        }
        if (entry.index() != index) {
            throw RecordEnvelope.corrupt(where, "the entry stored there says index " + entry.index());
        }
        return entry;
    }

    private static void checkFollows(LogBoundary boundary, Entry previous, Entry entry)
            throws CorruptStorageException {
        if (previous == null) {
            // Only what a snapshot covers was deleted on purpose: the log starts at most right after it.
            if (entry.index() > boundary.floor() + 1) {
                throw new CorruptStorageException("gap at the start of the log: the first index is "
                        + entry.index() + ", expected at most " + (boundary.floor() + 1) + " (snapshot boundary "
                        + boundary.snapshot() + ", compacted through " + boundary.compactedThrough() + ")");
            }
            return;
        }
        if (entry.index() != previous.index() + 1) {
            throw new CorruptStorageException("gap in the log: index " + entry.index()
                    + " follows index " + previous.index());
        }
        if (entry.term() < previous.term()) {
            throw new CorruptStorageException("term falls in the log at index " + entry.index() + ": term "
                    + entry.term() + " after term " + previous.term() + " at index " + previous.index());
        }
    }

    private static void checkStatus(RocksIterator it) throws IOException {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new IOException("RocksDB iteration over the log failed: " + e.getMessage(), e);
        }
    }
}
