package io.raftkv.storage;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * One write, encoded on the caller's thread (so that many callers share the CPU work and the
 * writer thread only builds batches): enveloped entry values from {@code firstIndex} to
 * {@code lastIndex} (none when {@code firstIndex} is 0), and the enveloped hard state or null.
 * Two rarer kinds travel the same ordered path: a snapshot install ({@code snapshot} non-null)
 * and a compaction ({@code compactThrough} positive); they carry no entries or hard state.
 */
record LogWrite(byte[] hardState, long firstIndex, long lastIndex, List<byte[]> entryValues, long sizeBytes,
                SnapshotMeta snapshot, long compactThrough) {
    /** What a control write (install, compaction) counts for in the group's byte limit. */
    private static final long CONTROL_BYTES = 64;

    static LogWrite encode(HardState hardState, List<Entry> entries) {
        checkContiguous(entries);
        byte[] state = hardState == null ? null : RecordEnvelope.wrap(RaftCodec.encode(hardState));
        List<byte[]> values = new ArrayList<>(entries.size());
        long bytes = state == null ? 0 : state.length;
        for (Entry entry : entries) {
            byte[] value = RecordEnvelope.wrap(RaftCodec.encode(entry));
            values.add(value);
            bytes += value.length + LogKeys.KEY_BYTES;
        }
        long first = entries.isEmpty() ? 0 : entries.get(0).index();
        long last = entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
        return new LogWrite(state, first, last, values, bytes, null, 0);
    }

    /** The log now follows {@code snapshot} (see {@code LogStorage.installSnapshot}). */
    static LogWrite install(SnapshotMeta snapshot) {
        Check.that(!snapshot.isNone(), "cannot install the empty snapshot %s", snapshot);
        return new LogWrite(null, 0, 0, List.of(), CONTROL_BYTES, snapshot, 0);
    }

    /** Entries through {@code index} may be dropped. */
    static LogWrite compact(long index) {
        Check.that(index > 0, "compaction index must be positive, was %d", index);
        return new LogWrite(null, 0, 0, List.of(), CONTROL_BYTES, null, index);
    }

    /** The caller's entries must be one run: consecutive indices, terms never falling (Log Matching). */
    private static void checkContiguous(List<Entry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            Entry previous = entries.get(i - 1);
            Entry entry = entries.get(i);
            Check.that(entry.index() == previous.index() + 1,
                    "entries to append must be consecutive: index %d follows %d", entry.index(), previous.index());
            Check.that(entry.term() >= previous.term(),
                    "entries to append must not fall in term: index %d has term %d after term %d",
                    entry.index(), entry.term(), previous.term());
        }
    }

    boolean hasEntries() {
        return firstIndex > 0;
    }

    boolean isInstall() {
        return snapshot != null;
    }

    boolean isCompaction() {
        return compactThrough > 0;
    }
}
