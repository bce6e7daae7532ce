package io.raftkv.raft.message;

import com.google.protobuf.ByteString;
import java.util.Objects;

/**
 * One chunk of a snapshot the leader streams to a follower whose next entry it no longer has
 * (Raft §7). Chunks are sent in order: {@code offset} is where {@code data} starts in the
 * snapshot's bytes. The last chunk has {@code done} set and carries {@code checksum}, the CRC32C
 * of the whole snapshot; the follower saves the snapshot only if it matches. Chunks are separate
 * messages from the heartbeats, which keep flowing while a snapshot is on its way; the follower
 * counts a chunk as hearing from the leader too.
 */
public record InstallSnapshot(long from, long to, long term, long snapshotIndex, long snapshotTerm, long offset,
                              ByteString data, boolean done, int checksum) implements Message {
    public InstallSnapshot {
        Objects.requireNonNull(data, "data");
    }

    /** The offset right after this chunk's data. */
    public long endOffset() {
        return offset + data.size();
    }
}
