package io.raftkv.raft;

import com.google.protobuf.ByteString;
import io.raftkv.raft.util.Check;

/** One log entry. Two entries with the same index and term are the same entry (Log Matching). */
public record Entry(long index, long term, EntryType type, ByteString data) {
    public Entry {
        Check.that(index > 0, "entry index must be positive, was %d", index);
        Check.that(term > 0, "entry term must be positive, was %d", term);
        Check.that(type != null && data != null, "entry type and data must be set");
    }

    public static Entry noop(long index, long term) {
        return new Entry(index, term, EntryType.NOOP, ByteString.EMPTY);
    }

    public static Entry normal(long index, long term, ByteString data) {
        return new Entry(index, term, EntryType.NORMAL, data);
    }

    /** Bytes this entry counts for against size limits (batches, in-flight and uncommitted bytes). */
    public long sizeBytes() {
        return data.size() + 24L;
    }
}
