package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * What a node with snapshots starts from: the newest readable snapshot, restored into the state
 * machine, and the stored log that continues it. It repairs only what a crash can leave behind
 * (a received snapshot saved but not yet recorded in the log) and refuses what only damage or
 * loss can explain, since "repairing" that would drop acknowledged entries.
 */
final class SnapshotRecovery {
    private SnapshotRecovery() {}

    /** The state to build the core from, and the snapshot the state machine now holds. */
    record Recovered(PersistentState restored, SnapshotMeta snapshot) {}

    static Recovered recover(long nodeId, LogStorage storage, SnapshotStore store,
                             SnapshottingStateMachine stateMachine) throws IOException {
        Optional<SnapshotMeta> newest = store.latest();
        SnapshotMeta snapshot = newest.orElse(SnapshotMeta.NONE);
        if (newest.isPresent()) {
            try (InputStream input = store.open(snapshot)) {
                stateMachine.restoreSnapshot(input);
            }
        }
        PersistentState loaded = storage.load();
        if (loaded.snapshot().index() > snapshot.index()) {
            throw new IOException("log storage follows snapshot " + loaded.snapshot()
                    + " but the newest snapshot in the store is " + snapshot);
        }
        requireLogConnects(nodeId, loaded, snapshot);
        if (newest.isPresent() && !logFollows(loaded, snapshot)) {
            // A crash came after the snapshot was saved and before the log learned of it (an install
            // not yet durable, or a snapshot taken of entries this node applied before its own copy
            // of them was): the log follows it from now on, in order with, and made durable by, the
            // next write, which starts after it.
            storage.installSnapshot(snapshot);
        }
        long appliedIndex = newest.isPresent() ? snapshot.index() : loaded.appliedIndex();
        PersistentState restored = new PersistentState(loaded.hardState(), loaded.entries(), appliedIndex, snapshot);
        return new Recovered(restored, snapshot);
    }

    /**
     * Refuses to start when the stored log and the newest readable snapshot leave a hole: the log
     * starts after the snapshot's next index, or its durable commit index lies beyond everything
     * they hold together. Then a newer snapshot once covered the hole (it was damaged, or lost),
     * and repairing the log to follow the older one would throw away acknowledged entries.
     */
    private static void requireLogConnects(long nodeId, PersistentState loaded, SnapshotMeta snapshot)
            throws IOException {
        List<Entry> entries = loaded.entries();
        long firstIndex = entries.isEmpty() ? snapshot.index() + 1 : entries.get(0).index();
        long lastIndex = entries.isEmpty() ? snapshot.index() : entries.get(entries.size() - 1).index();
        if (firstIndex > snapshot.index() + 1) {
            throw new IOException("node " + nodeId + " cannot start: its log starts at index " + firstIndex
                    + " but the newest readable snapshot ends at " + snapshot.index() + ", so entries "
                    + (snapshot.index() + 1) + ".." + (firstIndex - 1) + " are in neither (a newer snapshot"
                    + " damaged or lost?)");
        }
        long commitIndex = loaded.hardState().commitIndex();
        if (commitIndex > Math.max(lastIndex, snapshot.index())) {
            throw new IOException("node " + nodeId + " cannot start: entries through index " + commitIndex
                    + " were committed but its snapshot and log hold only up to " + Math.max(lastIndex, snapshot.index())
                    + " (a newer snapshot damaged or lost?)");
        }
    }

    /**
     * Whether the stored log already continues from {@code snapshot}: it says it follows it, holds
     * its last entry, or starts right after it (compacted or installed there). Otherwise the log
     * ends before the snapshot or holds another history at its index.
     */
    private static boolean logFollows(PersistentState loaded, SnapshotMeta snapshot) {
        if (loaded.snapshot().equals(snapshot)) {
            return true;
        }
        List<Entry> entries = loaded.entries();
        if (!entries.isEmpty() && entries.get(0).index() == snapshot.index() + 1) {
            return true;
        }
        for (Entry entry : entries) {
            if (entry.index() == snapshot.index()) {
                return entry.term() == snapshot.term();
            }
        }
        return false;
    }
}
