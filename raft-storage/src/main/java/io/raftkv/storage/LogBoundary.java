package io.raftkv.storage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.storage.proto.CompactionProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Where the stored log may start: the snapshot it follows (recorded by an install) and how far it
 * was compacted. Entries at or below {@link #floor()} were deleted on purpose; the first stored
 * entry must be at or below {@code floor() + 1}, so a prefix lost by accident is still a gap.
 * Both records are enveloped like every value and written in the same batch as the deletes.
 */
record LogBoundary(SnapshotMeta snapshot, long compactedThrough) {
    static final byte[] SNAPSHOT_KEY = "snapshot_boundary".getBytes(StandardCharsets.UTF_8);
    static final byte[] COMPACTION_KEY = "compacted_through".getBytes(StandardCharsets.UTF_8);
    static final String SNAPSHOT_WHERE = "snapshot boundary";
    static final String COMPACTION_WHERE = "compaction record";
    static final LogBoundary NONE = new LogBoundary(SnapshotMeta.NONE, 0);

    /** The highest index deleted on purpose: 0 when the log must start at 1. */
    long floor() {
        return Math.max(snapshot.index(), compactedThrough);
    }

    static LogBoundary read(LogDatabase db) throws IOException {
        return new LogBoundary(readSnapshot(db), readCompaction(db));
    }

    static byte[] encodeSnapshot(SnapshotMeta snapshot) {
        return RecordEnvelope.wrap(RaftCodec.encode(snapshot));
    }

    static byte[] encodeCompaction(long compactedThrough) {
        return RecordEnvelope.wrap(CompactionProto.newBuilder().setCompactedThrough(compactedThrough).build()
                .toByteArray());
    }

    private static SnapshotMeta readSnapshot(LogDatabase db) throws IOException {
        byte[] stored = db.get(db.state, SNAPSHOT_KEY);
        if (stored == null) {
            return SnapshotMeta.NONE;
        }
        try {
            return RaftCodec.decodeSnapshotMeta(RecordEnvelope.unwrap(stored, SNAPSHOT_WHERE).toByteArray());
        } catch (CodecException e) {
            throw RecordEnvelope.corrupt(SNAPSHOT_WHERE, e.getMessage());
        }
    }

    private static long readCompaction(LogDatabase db) throws IOException {
        byte[] stored = db.get(db.state, COMPACTION_KEY);
        if (stored == null) {
            return 0;
        }
        ByteString payload = RecordEnvelope.unwrap(stored, COMPACTION_WHERE);
        try {
            long index = CompactionProto.parseFrom(payload).getCompactedThrough();
            if (index < 0) {
                throw RecordEnvelope.corrupt(COMPACTION_WHERE, "negative index " + index);
            }
            return index;
        } catch (InvalidProtocolBufferException e) {
            throw RecordEnvelope.corrupt(COMPACTION_WHERE, "cannot parse CompactionProto: " + e.getMessage());
        }
    }
}
