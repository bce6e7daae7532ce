package io.raftkv.raft.runtime;

import io.raftkv.raft.SnapshotMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where a node keeps snapshots of its state machine, as streams of bytes (so a snapshot may be
 * larger than memory). Saving is atomic: a snapshot becomes visible, to {@link #latest()},
 * {@link #list()} and {@link #open}, only once {@link SnapshotWriter#commit()} returned, and then
 * it is durable; a crash or {@link SnapshotWriter#abort()} before that leaves nothing behind.
 * Called only on the node's execution context. An {@link IOException} stops the node, like a log
 * storage failure.
 */
public interface SnapshotStore {

    /** Starts writing the snapshot {@code meta}; nothing of it is visible until it is committed. */
    SnapshotWriter begin(SnapshotMeta meta) throws IOException;

    /**
     * The newest complete and valid snapshot (highest index), if any. A store that finds a damaged
     * snapshot reports it (IOException naming where) or skips to an older valid one; it never
     * returns one it cannot read back whole.
     */
    Optional<SnapshotMeta> latest() throws IOException;

    /** Reads the complete snapshot {@code meta} from its first byte. */
    InputStream open(SnapshotMeta meta) throws IOException;

    /** Every complete snapshot, oldest (lowest index) first. */
    List<SnapshotMeta> list() throws IOException;

    /** Deletes a complete snapshot; streams already open on it may still be read to the end. */
    void delete(SnapshotMeta meta) throws IOException;

    /** One snapshot being written. */
    interface SnapshotWriter {
        /** Where the snapshot's bytes go, in order. */
        OutputStream output();

        /** Makes the snapshot durable, then visible, atomically. */
        void commit() throws IOException;

        /** Drops the snapshot; nothing of it becomes visible. Safe to call after a failure. */
        void abort();
    }
}
