package io.raftkv.raft.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.util.Check;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftLogCompactionTest {

    private static Entry entry(long index, long term) {
        return Entry.normal(index, term, ByteString.copyFromUtf8(index + "@" + term));
    }

    /** Entries 1..5: terms 1, 1, 2, 2, 3; committed and applied through 4. */
    private static RaftLog appliedThroughFour() {
        return RaftLog.restored(List.of(entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2), entry(5, 3)), 4, 4);
    }

    @Test
    void compactionKeepsTermLookUpAtTheBoundary() {
        RaftLog log = appliedThroughFour();
        assertTrue(log.compact(3));
        assertEquals(new SnapshotMeta(3, 2), log.snapshot());
        assertEquals(4, log.firstIndex());
        assertEquals(2, log.term(3), "the boundary keeps its term");
        assertTrue(log.matches(3, 2), "an append right after the snapshot passes the consistency check");
        assertEquals(entry(4, 2), log.entry(4));
        assertEquals(5, log.lastIndex());
        assertThrows(Check.InvariantViolation.class, () -> log.term(2), "entries inside the snapshot are gone");
        assertThrows(Check.InvariantViolation.class, () -> log.slice(3, 100));
    }

    @Test
    void compactionNeverGoesBeyondTheAppliedIndex() {
        RaftLog log = appliedThroughFour();
        assertThrows(Check.InvariantViolation.class, () -> log.compact(5));
        assertEquals(SnapshotMeta.NONE, log.snapshot());
    }

    @Test
    void aStaleCompactionChangesNothing() {
        RaftLog log = appliedThroughFour();
        log.compact(3);
        assertFalse(log.compact(2));
        assertEquals(new SnapshotMeta(3, 2), log.snapshot());
    }

    @Test
    void compactingTheWholeLogLeavesTheBoundaryAsLastPosition() {
        RaftLog log = RaftLog.restored(List.of(entry(1, 1), entry(2, 2)), 2, 2);
        log.compact(2);
        assertEquals(2, log.lastIndex());
        assertEquals(2, log.lastTerm());
        assertTrue(log.isUpToDate(2, 2));
        assertTrue(log.entriesToApply().isEmpty());
        log.append(entry(3, 2));
        assertEquals(List.of(entry(3, 2)), log.unstableEntries());
    }

    @Test
    void aSnapshotFromTheLeaderKeepsTheSuffixThatFollowsIt() {
        RaftLog log = RaftLog.restored(List.of(entry(1, 1), entry(2, 1), entry(3, 2), entry(4, 2)), 1, 1);
        log.restoreSnapshot(new SnapshotMeta(3, 2));
        assertEquals(new SnapshotMeta(3, 2), log.snapshot());
        assertEquals(4, log.lastIndex());
        assertEquals(3, log.commitIndex());
        assertEquals(3, log.appliedIndex());
    }

    @Test
    void aSnapshotFromTheLeaderDiscardsALogThatDoesNotHoldItsLastEntry() {
        RaftLog log = RaftLog.restored(List.of(entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1)), 1, 1);
        log.restoreSnapshot(new SnapshotMeta(3, 2));
        assertEquals(3, log.lastIndex());
        assertEquals(2, log.lastTerm());
        assertEquals(3, log.persistedIndex());
        assertTrue(log.unstableEntries().isEmpty());
    }

    @Test
    void aSnapshotAtOrBelowTheCommitIndexIsNeverInstalled() {
        RaftLog log = appliedThroughFour();
        assertThrows(Check.InvariantViolation.class, () -> log.restoreSnapshot(new SnapshotMeta(4, 2)));
    }
}
