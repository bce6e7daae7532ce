package io.raftkv.simulator.planted;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.simulator.disk.LoadRewritingStorage;
import io.raftkv.simulator.disk.StorageWrapper;
import java.util.List;

/**
 * PLANTED BUG: storage that loses the last synced log entry on restart (a torn final record
 * skipped as if it were never written, instead of being reported as corruption). The node had
 * acknowledged that entry, so a leader may have counted it towards a commit.
 */
final class TailLosingStorage {
    static final StorageWrapper WRAPPER = (nodeId, incarnation, storage) ->
            new LoadRewritingStorage(storage, TailLosingStorage::loseLastEntry);

    private TailLosingStorage() {}

    private static PersistentState loseLastEntry(PersistentState real) {
        List<Entry> entries = real.entries();
        if (entries.isEmpty()) {
            return real;
        }
        List<Entry> shorter = entries.subList(0, entries.size() - 1);
        long lastIndex = shorter.isEmpty() ? real.snapshot().index() : shorter.get(shorter.size() - 1).index();
        HardState hard = real.hardState();
        // Keeps the hard state consistent with the shortened log, as a real torn write would leave it.
        long commit = Math.min(hard.commitIndex(), lastIndex);
        return new PersistentState(new HardState(hard.term(), hard.votedFor(), commit), shorter, real.appliedIndex(),
                real.snapshot());
    }
}
