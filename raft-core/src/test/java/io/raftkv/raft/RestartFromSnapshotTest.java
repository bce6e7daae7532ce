package io.raftkv.raft;

import static io.raftkv.raft.Cluster.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A core restored from a snapshot and the log after it (what storage found at start). */
class RestartFromSnapshotTest {
    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    private static Entry entry(long index, long term) {
        return Entry.normal(index, term, bytes(index + "@" + term));
    }

    private static RaftCore follower(PersistentState restored) {
        return RaftCore.create(RaftConfig.builder(2, THREE).build(), restored, new SplittableRandom(2));
    }

    @Test
    void restartFromSnapshotAndLogReappliesOnlyWhatFollowsTheSnapshot() {
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 5),
                List.of(entry(4, 2), entry(5, 2), entry(6, 2)), 3, new SnapshotMeta(3, 1)));
        assertEquals(5, core.status().commitIndex());
        assertEquals(6, core.status().lastIndex());
        Ready ready = core.ready();
        assertEquals(List.of(entry(4, 2), entry(5, 2)), ready.committedEntries());
    }

    @Test
    void storedEntriesInsideTheSnapshotAreSkipped() {
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 0),
                List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 2)), 3, new SnapshotMeta(3, 1)));
        assertEquals(4, core.status().lastIndex());
        assertEquals(3, core.status().commitIndex(), "the snapshot is committed even if the hard state lags");
        assertTrue(core.ready().committedEntries().isEmpty());
    }

    @Test
    void storedEntriesOfAnotherHistoryThanTheSnapshotAreDropped() {
        // Crash after a received snapshot (3, 2) was saved, before the log storage dropped the old log.
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 1),
                List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1)), 3, new SnapshotMeta(3, 2)));
        assertEquals(3, core.status().lastIndex());
        assertEquals(2, core.status().lastTerm());
    }

    @Test
    void aGapBetweenSnapshotAndLogIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> follower(new PersistentState(new HardState(2, 0, 0),
                List.of(entry(5, 2)), 3, new SnapshotMeta(3, 1))));
    }

    @Test
    void anAppliedIndexBehindTheSnapshotIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> follower(new PersistentState(new HardState(2, 0, 0),
                List.of(), 2, new SnapshotMeta(3, 1))));
    }

    @Test
    void anAppendRightAfterTheSnapshotPassesTheConsistencyCheck() {
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 3), List.of(), 3, new SnapshotMeta(3, 1)));
        core.step(new AppendEntries(1, 2, 2, 3, 1, List.of(entry(4, 2)), 4));
        Ready ready = core.ready();
        assertEquals(List.of(entry(4, 2)), ready.entries());
        assertEquals(AppendEntriesResponse.accepted(2, 1, 2, 4), ready.messagesAfterPersist().get(0));
    }

    @Test
    void anAppendStartingInsideTheSnapshotTakesOnlyTheEntriesAfterIt() {
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 3), List.of(), 3, new SnapshotMeta(3, 1)));
        core.step(new AppendEntries(1, 2, 2, 1, 1, List.of(entry(2, 1), entry(3, 1), entry(4, 2)), 3));
        Ready ready = core.ready();
        assertEquals(List.of(entry(4, 2)), ready.entries());
        assertEquals(AppendEntriesResponse.accepted(2, 1, 2, 4), ready.messagesAfterPersist().get(0));
        core.advance(ready);
        core.step(new AppendEntries(1, 2, 2, 0, 0, List.of(entry(1, 1)), 3));
        assertEquals(AppendEntriesResponse.accepted(2, 1, 2, 3), core.ready().messagesAfterPersist().get(0),
                "an append wholly inside the snapshot is acknowledged up to the snapshot");
    }

    @Test
    void compactionIsRefusedBeyondTheAppliedIndex() {
        RaftCore core = follower(new PersistentState(new HardState(2, 0, 2), List.of(entry(1, 1), entry(2, 1)), 1));
        assertThrows(IllegalArgumentException.class, () -> core.compact(2));
        core.compact(1);
        assertEquals(2, core.status().lastIndex());
    }
}
