package io.raftkv.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.Role;
import io.raftkv.raft.SoftState;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolCheckerTest {
    private final Violations violations = new Violations(new EventLoop());
    private final ProtocolChecker checker = new ProtocolChecker(3, violations);

    private static Entry entry(long index, long term, String data) {
        return Entry.normal(index, term, ByteString.copyFromUtf8(data));
    }

    private static Ready ready(SoftState soft, HardState hard, List<Entry> entries, List<Entry> committed) {
        return new Ready(soft, hard, entries, List.of(), List.of(), committed, List.of());
    }

    private static Ready leader(long term) {
        return ready(new SoftState(Role.LEADER, term, 0), null, List.of(), List.of());
    }

    private List<Invariant> found() {
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void aCorrectHistoryHasNoViolations() {
        checker.onReady(1, ready(new SoftState(Role.LEADER, 1, 1), new HardState(1, 1, 0), List.of(entry(1, 1, "a")), List.of()));
        checker.onReady(2, ready(new SoftState(Role.FOLLOWER, 1, 1), new HardState(1, 1, 0), List.of(entry(1, 1, "a")), List.of()));
        checker.onReady(1, ready(null, new HardState(1, 1, 1), List.of(entry(2, 1, "b")), List.of(entry(1, 1, "a"))));
        checker.onReady(2, ready(null, new HardState(1, 1, 1), List.of(entry(2, 1, "b")), List.of(entry(1, 1, "a"))));
        assertEquals(List.of(), found());
        assertEquals(1, checker.committedIndex());
    }

    @Test
    void twoLeadersInOneTermBreakElectionSafety() {
        checker.onReady(1, leader(3));
        checker.onReady(2, leader(3));
        assertEquals(List.of(Invariant.ELECTION_SAFETY), found());
    }

    @Test
    void sameIndexAndTermWithDifferentHistoriesBreakLogMatching() {
        checker.onReady(1, ready(null, null, List.of(entry(1, 1, "a"), entry(2, 2, "b")), List.of()));
        checker.onReady(2, ready(null, null, List.of(entry(1, 1, "x"), entry(2, 2, "b")), List.of()));
        assertEquals(List.of(Invariant.LOG_MATCHING, Invariant.LOG_MATCHING), found());
    }

    @Test
    void aLeaderMissingACommittedEntryBreaksLeaderCompleteness() {
        checker.onReady(1, ready(new SoftState(Role.FOLLOWER, 1, 3), new HardState(1, 3, 2),
                List.of(entry(1, 1, "a"), entry(2, 1, "b")), List.of(entry(1, 1, "a"), entry(2, 1, "b"))));
        checker.onReady(2, ready(null, null, List.of(entry(1, 1, "a")), List.of()));
        checker.onReady(2, leader(2));
        assertEquals(List.of(Invariant.LEADER_COMPLETENESS), found());
    }

    @Test
    void aStaleLeaderOfAnEarlierTermIsNotJudgedByLaterCommits() {
        checker.onReady(1, ready(new SoftState(Role.LEADER, 5, 1), new HardState(5, 1, 1),
                List.of(entry(1, 5, "a")), List.of(entry(1, 5, "a"))));
        checker.onReady(2, leader(4));
        assertEquals(List.of(), found());
    }

    @Test
    void differentCommittedEntriesAtOneIndexBreakStateMachineSafety() {
        checker.onReady(1, ready(null, null, List.of(entry(1, 1, "a")), List.of(entry(1, 1, "a"))));
        checker.onReady(2, ready(null, null, List.of(entry(1, 2, "b")), List.of(entry(1, 2, "b"))));
        assertEquals(List.of(Invariant.STATE_MACHINE_SAFETY), found());
    }

    @Test
    void aCommitIndexGoingBackBreaksMonotonicity() {
        checker.onReady(1, ready(null, new HardState(1, 0, 1), List.of(entry(1, 1, "a")), List.of()));
        checker.onReady(1, ready(null, new HardState(1, 0, 0), List.of(), List.of()));
        assertEquals(List.of(Invariant.MONOTONIC), found());
    }

    @Test
    void committedEntriesWithAHoleBreakContiguity() {
        checker.onReady(1, ready(null, null, List.of(entry(1, 1, "a"), entry(2, 1, "b")), List.of(entry(2, 1, "b"))));
        assertEquals(List.of(Invariant.COMMITTED_CONTIGUOUS), found());
    }

    @Test
    void overwritingACommittedEntryIsCaught() {
        checker.onReady(1, ready(null, new HardState(1, 0, 1), List.of(entry(1, 1, "a")), List.of(entry(1, 1, "a"))));
        checker.onReady(1, ready(null, null, List.of(entry(1, 2, "b")), List.of()));
        assertEquals(Invariant.COMMITTED_TRUNCATED, found().get(0));
    }

    @Test
    void aRestartStartsANewIncarnationFromTheDurableLog() {
        checker.onReady(1, ready(null, new HardState(2, 0, 1), List.of(entry(1, 1, "a"), entry(2, 2, "b")),
                List.of(entry(1, 1, "a"))));
        checker.onLoad(1, new PersistentState(new HardState(2, 0, 1), List.of(entry(1, 1, "a")), 0));
        // Commit index starts over in the new incarnation; committed entries are re-applied from 1.
        checker.onReady(1, ready(null, new HardState(2, 0, 1), List.of(), List.of(entry(1, 1, "a"))));
        assertEquals(List.of(), found());
        assertEquals(1, checker.committedIndex());
    }

    @Test
    void aNodeRestoredFromASnapshotContinuesTheCommittedChain() {
        checker.onReady(1, ready(null, new HardState(1, 0, 2), List.of(entry(1, 1, "a"), entry(2, 1, "b")),
                List.of(entry(1, 1, "a"), entry(2, 1, "b"))));
        checker.onLoad(2, new PersistentState(new HardState(1, 0, 2), List.of(entry(3, 1, "c")), 2,
                new io.raftkv.raft.SnapshotMeta(2, 1)));
        checker.onReady(1, ready(null, null, List.of(entry(3, 1, "c")), List.of()));
        assertEquals(List.of(), found());
        checker.onLoad(3, new PersistentState(new HardState(1, 0, 0), List.of(), 5, new io.raftkv.raft.SnapshotMeta(5, 1)));
        assertEquals(List.of(Invariant.STATE_MACHINE_SAFETY), found());
    }

    @Test
    void anInstalledSnapshotReplacesTheLogAndContinuesTheCommittedEntries() {
        checker.onReady(1, ready(null, new HardState(2, 0, 2), List.of(entry(1, 1, "a"), entry(2, 2, "b")),
                List.of(entry(1, 1, "a"), entry(2, 2, "b"))));
        checker.onReady(2, ready(null, null, List.of(entry(1, 1, "a")), List.of()));
        checker.onReady(2, new Ready(null, new HardState(2, 1, 2), List.of(entry(3, 2, "c")), List.of(), List.of(),
                List.of(entry(3, 2, "c")), List.of(), new io.raftkv.raft.SnapshotMeta(2, 2), List.of(), List.of()));
        checker.onReady(1, ready(null, new HardState(2, 0, 3), List.of(entry(3, 2, "c")), List.of(entry(3, 2, "c"))));
        assertEquals(List.of(), found());
    }
}
