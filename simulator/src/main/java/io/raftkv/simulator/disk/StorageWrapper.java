package io.raftkv.simulator.disk;

import io.raftkv.raft.runtime.LogStorage;

/** Wraps the storage each incarnation opens: the hook for a storage that misbehaves on restart. */
@FunctionalInterface
public interface StorageWrapper {
    StorageWrapper NONE = (nodeId, incarnation, storage) -> storage;

    LogStorage wrap(long nodeId, int incarnation, LogStorage storage);
}
