package io.raftkv.raft;

import static io.raftkv.raft.Cluster.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.util.Check;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReplicationTest {
    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    /** A follower (node 2) of term {@code term} with the given log, of which {@code commit} is committed. */
    private static RaftCore follower(long term, long commit, Entry... log) {
        RaftConfig config = RaftConfig.builder(2, THREE).build();
        return RaftCore.create(config, new PersistentState(new HardState(term, 0, commit), List.of(log), 0),
                new SplittableRandom(2));
    }

    private static Entry entry(long index, long term) {
        return Entry.normal(index, term, bytes(index + "@" + term));
    }

    private static Ready takeReady(RaftCore core) {
        Ready ready = core.ready();
        core.advance(ready);
        return ready;
    }

    private static AppendEntriesResponse onlyAppendResponse(Ready ready) {
        assertEquals(1, ready.messagesAfterPersist().size());
        return (AppendEntriesResponse) ready.messagesAfterPersist().get(0);
    }

    @Test
    void followerRejectsAppendWhenPrevLogTermDiffers() {
        RaftCore follower = follower(3, 0, entry(1, 1), entry(2, 2), entry(3, 2), entry(4, 2));
        follower.step(new AppendEntries(1, 2, 3, 4, 3, List.of(entry(5, 3)), 0));
        AppendEntriesResponse response = onlyAppendResponse(takeReady(follower));
        assertFalse(response.success());
        assertEquals(2, response.conflictTerm());
        assertEquals(2, response.conflictIndex(), "first index of the conflicting term");
        assertEquals(4, follower.status().lastIndex(), "a rejected append changes nothing");
    }

    @Test
    void followerRejectsAppendWhenLogIsTooShort() {
        RaftCore follower = follower(3, 0, entry(1, 1));
        follower.step(new AppendEntries(1, 2, 3, 5, 3, List.of(), 0));
        AppendEntriesResponse response = onlyAppendResponse(takeReady(follower));
        assertFalse(response.success());
        assertEquals(0, response.conflictTerm());
        assertEquals(2, response.conflictIndex());
    }

    @Test
    void followerAcknowledgesMatchIndexOnlyAfterPersisting() {
        RaftCore follower = follower(1, 0);
        follower.step(new AppendEntries(1, 2, 1, 0, 0, List.of(entry(1, 1), entry(2, 1)), 0));
        Ready ready = takeReady(follower);
        assertEquals(2, ready.entries().size());
        assertTrue(ready.messages().isEmpty());
        AppendEntriesResponse response = onlyAppendResponse(ready);
        assertTrue(response.success());
        assertEquals(2, response.matchIndex());
    }

    @Test
    void followerIgnoresDuplicateAppendWithoutTruncating() {
        RaftCore follower = follower(1, 0, entry(1, 1), entry(2, 1), entry(3, 1));
        follower.step(new AppendEntries(1, 2, 1, 0, 0, List.of(entry(1, 1)), 0));
        Ready ready = takeReady(follower);
        assertTrue(ready.entries().isEmpty(), "nothing to rewrite");
        assertEquals(3, follower.status().lastIndex());
        assertEquals(1, onlyAppendResponse(ready).matchIndex(), "match is prevLogIndex + entries");
    }

    @Test
    void followerReplacesConflictingUncommittedSuffix() {
        RaftCore follower = follower(2, 1, entry(1, 1), entry(2, 1), entry(3, 1));
        follower.step(new AppendEntries(1, 2, 2, 1, 1, List.of(entry(2, 2)), 1));
        Ready ready = takeReady(follower);
        assertEquals(List.of(entry(2, 2)), ready.entries());
        assertEquals(2, follower.status().lastIndex());
        assertEquals(1, follower.status().persistedIndex(), "the replaced suffix is no longer durable");
    }

    @Test
    void followerNeverTruncatesCommittedEntries() {
        RaftCore follower = follower(2, 2, entry(1, 1), entry(2, 1));
        assertThrows(Check.InvariantViolation.class,
                () -> follower.step(new AppendEntries(1, 2, 2, 1, 1, List.of(entry(2, 2)), 2)));
    }

    @Test
    void onPersistedIgnoresReportForReplacedSuffix() {
        RaftCore follower = follower(1, 0);
        follower.step(new AppendEntries(1, 2, 1, 0, 0, List.of(entry(1, 1), entry(2, 1)), 0));
        takeReady(follower);
        follower.step(new AppendEntries(3, 2, 2, 1, 1, List.of(entry(2, 2)), 0));
        takeReady(follower);
        follower.onPersisted(2, 1);
        assertEquals(0, follower.status().persistedIndex());
        follower.onPersisted(2, 2);
        assertEquals(2, follower.status().persistedIndex());
    }

    @Test
    void committedEntriesWaitForLocalPersistence() {
        RaftCore follower = follower(1, 0);
        follower.step(new AppendEntries(1, 2, 1, 0, 0, List.of(entry(1, 1), entry(2, 1)), 2));
        Ready first = takeReady(follower);
        assertEquals(2, follower.status().commitIndex());
        assertTrue(first.committedEntries().isEmpty(), "not durable here yet");
        follower.onPersisted(2, 1);
        assertEquals(List.of(entry(1, 1), entry(2, 1)), takeReady(follower).committedEntries());
        assertEquals(2, follower.status().appliedIndex());
    }

    @Test
    void heartbeatCarriesCommitIndexBoundedByFollowersMatch() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.propose(1, "a");
        cluster.deliverAll();
        cluster.heal();
        cluster.tick(1);
        Heartbeat toLagging = cluster.network.stream().filter(m -> m instanceof Heartbeat && m.to() == 3)
                .map(Heartbeat.class::cast).findFirst().orElseThrow();
        assertEquals(2, cluster.core(1).status().commitIndex());
        assertEquals(1, toLagging.commitIndex());
    }

    @Test
    void leaderCountsItselfOnlyOnceItsWriteIsDurable() {
        RaftConfig config = RaftConfig.builder(1, List.of(1L)).build();
        RaftCore leader = RaftCore.create(config, PersistentState.EMPTY, new SplittableRandom(1));
        while (leader.status().role() != Role.LEADER) {
            leader.tick();
        }
        Ready ready = takeReady(leader);
        assertEquals(0, leader.status().commitIndex());
        assertTrue(ready.committedEntries().isEmpty());
        leader.onPersisted(1, ready.lastEntry().term());
        assertEquals(1, leader.status().commitIndex());
        assertEquals(EntryType.NOOP, takeReady(leader).committedEntries().get(0).type(),
                "NOOP entries are handed over so the applied index passes them");
    }

    @Test
    void leaderCommitsOnlyEntriesOfItsOwnTerm() {
        // Node 1 leads term 3 with an uncommitted entry of term 1 that node 2 also holds (Raft Figure 8).
        RaftConfig config = RaftConfig.builder(1, THREE).build();
        List<Entry> log = List.of(entry(1, 1));
        RaftCore leader = RaftCore.create(config, new PersistentState(new HardState(2, 1, 0), log, 0),
                new SplittableRandom(1));
        while (leader.status().role() != Role.CANDIDATE && leader.status().role() != Role.PRE_CANDIDATE) {
            leader.tick();
        }
        if (leader.status().role() == Role.PRE_CANDIDATE) {
            leader.step(new RequestVoteResponse(2, 1, 3, true, true));
        }
        leader.step(new RequestVoteResponse(2, 1, 3, true, false));
        assertEquals(Role.LEADER, leader.status().role());
        takeReady(leader);
        leader.onPersisted(2, 3);
        leader.step(AppendEntriesResponse.accepted(2, 1, 3, 1));
        assertEquals(0, leader.status().commitIndex(), "entry 1 of term 1 is on a majority but not of term 3");
        leader.step(AppendEntriesResponse.accepted(2, 1, 3, 2));
        assertEquals(2, leader.status().commitIndex(), "the NOOP of term 3 commits, and entry 1 with it");
    }

    @Test
    void leaderBacktracksPastConflictingTermInOneRoundTrip() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        // Node 3 misses a whole term of entries and holds a divergent tail of an old term.
        cluster.isolate(3);
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "a" + i);
        }
        cluster.deliverAll();
        cluster.heal();
        cluster.settle(3);
        assertEquals(cluster.appliedCommands(1), cluster.appliedCommands(3));
        long rejections = cluster.node(3).sent.stream()
                .filter(m -> m instanceof AppendEntriesResponse r && !r.success()).count();
        assertTrue(rejections <= 1, "one rejection suffices, was " + rejections);
    }

    @Test
    void divergentFollowerIsRepairedByNewLeader() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(1);
        for (int i = 0; i < 3; i++) {
            cluster.propose(1, "lost" + i); // never replicated: node 1 is cut off
        }
        long newLeader = cluster.electAmong(2, 3);
        cluster.propose(newLeader, "kept");
        cluster.deliverAll();
        cluster.heal();
        cluster.settle(30);
        assertEquals(List.of(bytes("kept")), cluster.appliedCommands(1));
        assertEquals(cluster.core(newLeader).status().lastIndex(), cluster.core(1).status().lastIndex());
    }

    @Test
    void appendsArePipelinedWithinInflightWindow() {
        Cluster cluster = Cluster.of(2, builder -> builder.maxInflightAppends(2), 1);
        cluster.elect(1);
        cluster.dropped = message -> message.to() == 1; // acknowledgements never arrive
        int before = cluster.node(1).sent.size();
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "p" + i);
        }
        long appends = cluster.node(1).sent.subList(before, cluster.node(1).sent.size()).stream()
                .filter(m -> m instanceof AppendEntries a && !a.entries().isEmpty()).count();
        assertEquals(2, appends, "two appends in flight, the rest wait for acknowledgements");
    }

    @Test
    void inflightWindowIsFreedAsAcknowledgementsArrive() {
        Cluster cluster = Cluster.of(2, builder -> builder.maxInflightAppends(1), 1);
        cluster.elect(1);
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "p" + i);
        }
        cluster.deliverAll();
        assertEquals(5, cluster.appliedCommands(2).size());
    }

    @Test
    void appendBatchesEntriesUpToMaxAppendBytes() {
        Cluster cluster = Cluster.of(2, builder -> builder.maxAppendBytes(100), 1);
        cluster.elect(1);
        cluster.isolate(2);
        for (int i = 0; i < 10; i++) {
            cluster.propose(1, "0123456789"); // 34 bytes each
        }
        cluster.heal();
        cluster.tick(1); // heartbeat; its answer triggers the catch-up
        cluster.deliverAll();
        List<AppendEntries> appends = cluster.node(1).sent.stream()
                .filter(m -> m instanceof AppendEntries a && a.entries().size() > 1).map(AppendEntries.class::cast).toList();
        assertFalse(appends.isEmpty());
        appends.forEach(a -> assertEquals(2, a.entries().size(), "two entries of 34 bytes fit in 100"));
        assertEquals(10, cluster.appliedCommands(2).size());
    }

    @Test
    void proposalOnFollowerNamesTheLeader() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        assertEquals(new Admission.NotLeader(1), cluster.propose(2, "x"));
    }

    @Test
    void proposalsAreRejectedBeyondMaxUncommittedBytes() {
        Cluster cluster = Cluster.of(3, builder -> builder.maxUncommittedBytes(100), 1);
        cluster.elect(1);
        cluster.isolate(1);
        assertInstanceOf(Admission.Accepted.class, cluster.propose(1, "0123456789"));
        assertInstanceOf(Admission.Accepted.class, cluster.propose(1, "0123456789"));
        Admission refused = cluster.propose(1, "0123456789");
        Admission.Rejected rejected = assertInstanceOf(Admission.Rejected.class, refused);
        assertTrue(rejected.reason().contains("100"), rejected.reason());
    }

    @Test
    void uncommittedBudgetIsReturnedOnCommit() {
        Cluster cluster = Cluster.of(3, builder -> builder.maxUncommittedBytes(100), 1);
        cluster.elect(1);
        for (int i = 0; i < 20; i++) {
            assertInstanceOf(Admission.Accepted.class, cluster.propose(1, "0123456789"));
            cluster.deliverAll();
        }
    }

    @Test
    void restartRestoresLogCommitAndApplied() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.propose(1, "a");
        cluster.propose(1, "b");
        cluster.settle(2);
        NodeStatus before = cluster.core(2).status();
        cluster.restart(2);
        NodeStatus after = cluster.core(2).status();
        assertEquals(before.lastIndex(), after.lastIndex());
        assertEquals(before.lastIndex(), after.persistedIndex(), "restored entries count as persisted");
        assertEquals(before.commitIndex(), after.commitIndex());
        assertEquals(before.appliedIndex(), after.appliedIndex());
        assertEquals(before.term(), after.term());
        assertFalse(cluster.core(2).hasReady());
        cluster.propose(1, "c");
        cluster.settle(2);
        assertEquals(List.of(bytes("a"), bytes("b"), bytes("c")), cluster.appliedCommands(2));
    }

    @Test
    void staleSuccessDoesNotMoveMatchBackwards() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.propose(1, "a");
        cluster.deliverAll();
        long term = cluster.core(1).status().term();
        cluster.core(1).step(AppendEntriesResponse.accepted(2, 1, term, 1));
        cluster.core(1).step(AppendEntriesResponse.rejected(2, 1, term, 0, 1, 0)); // reordered old rejection
        cluster.drain(1);
        cluster.propose(1, "b");
        cluster.deliverAll();
        List<Message> toTwo = cluster.node(1).sent.stream().filter(m -> m.to() == 2).toList();
        AppendEntries last = (AppendEntries) toTwo.stream().filter(m -> m instanceof AppendEntries).reduce((a, b) -> b).orElseThrow();
        assertTrue(last.prevLogIndex() >= 2, "no resend from the start: " + last);
    }
}
