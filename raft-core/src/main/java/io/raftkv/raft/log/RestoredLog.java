package io.raftkv.raft.log;

import io.raftkv.raft.Entry;
import io.raftkv.raft.SnapshotMeta;
import java.util.List;

/** How a log found on disk is fitted behind the snapshot the state machine was restored from. */
public final class RestoredLog {
    private RestoredLog() {}

    /**
     * The stored entries that follow {@code snapshot}. Storage may keep entries at or below the
     * snapshot's index (compaction is lazy); they are skipped. If the stored log holds an entry at
     * the snapshot's index with another term, it belongs to a history the snapshot replaced (a
     * crash after a received snapshot was saved, before the log learned of it): nothing after it
     * can follow the snapshot, so every stored entry is dropped. What remains is checked later
     * (contiguous from the snapshot's index + 1, terms not below the snapshot's term).
     */
    public static List<Entry> followingSnapshot(SnapshotMeta snapshot, List<Entry> stored) {
        if (snapshot.isNone()) {
            return stored;
        }
        int firstAfter = 0;
        while (firstAfter < stored.size() && stored.get(firstAfter).index() <= snapshot.index()) {
            Entry entry = stored.get(firstAfter);
            if (entry.index() == snapshot.index() && entry.term() != snapshot.term()) {
                return List.of();
            }
            firstAfter++;
        }
        return stored.subList(firstAfter, stored.size());
    }
}
