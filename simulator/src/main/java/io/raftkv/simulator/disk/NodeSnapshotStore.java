package io.raftkv.simulator.disk;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;

/**
 * One machine's snapshot store across the node's incarnations, like {@link NodeDisk} for the log:
 * the simulation opens a handle for every start and crashes it with the node.
 */
public interface NodeSnapshotStore {

    /** The store as a new incarnation sees it. */
    SnapshotStore open();

    /** The machine lost power: whatever the store had not made durable is gone. */
    void crash();

    /** The newest snapshot a restart would find, or NONE; for the checker. */
    SnapshotMeta latest();
}
