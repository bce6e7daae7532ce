package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import java.io.IOException;
import java.util.List;

/**
 * The node's durable log and hard state. Writes are applied and made durable in the order they
 * were issued; a write is acknowledged only once it is synced (group commit may sync many
 * writes at once, but never acknowledges before the sync).
 */
public interface LogStorage {

    /** What is durable now; called once, when the node starts. Corruption is an IOException naming where it was found. */
    PersistentState load() throws IOException;

    /**
     * Atomically replaces the log suffix from {@code entries.get(0).index()} (if it exists) with
     * {@code entries}, and stores {@code hardState} when it is non-null. {@code callback} runs
     * once this write and all earlier ones are durable, on any thread.
     */
    void write(HardState hardState, List<Entry> entries, WriteCallback callback);

    /**
     * A durable snapshot covers the log through {@code index}: stored entries up to it may be
     * dropped. Takes effect in order with {@link #write}. Optional: the default keeps them, and
     * {@link #load()} may then return entries at or below a snapshot's index, which the core
     * skips when it restores (so does any prefix not yet dropped at a crash).
     */
    default void compactThrough(long index) {}

    /**
     * The node installed {@code snapshot}, received from the leader and already durable in its
     * snapshot store: the log now follows it. Drops every stored entry at or below its index, and
     * also every entry after it unless the stored entry at its index has the snapshot's term (then
     * the suffix still follows the snapshot and is kept). The next {@link #write} starts at
     * {@code snapshot.index() + 1} or later and must be accepted though the stored log may end
     * before it. Takes effect in order with writes, durable at the latest when the next write is
     * acknowledged (the runtime always issues one right after). Must be overridden by a storage
     * used with a {@link SnapshotStore}; the default refuses, since silently keeping a stale
     * entry at the snapshot's index could make a restart drop acknowledged entries after it.
     */
    default void installSnapshot(SnapshotMeta snapshot) {
        throw new UnsupportedOperationException(getClass().getName()
                + " cannot install snapshots: override LogStorage.installSnapshot to use it with a SnapshotStore");
    }

    /** Releases files and threads; writes not yet acknowledged may be lost, as in a crash. */
    void close();

    interface WriteCallback {
        void onDurable();

        /** The write failed; the node must stop, since a failed sync cannot be retried safely. */
        void onFailure(Exception cause);
    }
}
