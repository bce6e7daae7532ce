package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Snapshots end to end in the runtime: taking them, compacting, streaming, installing, restarting. */
class RaftNodeSnapshotTest {
    /** Small numbers so that a test streams many chunks: a snapshot every 20 entries, 5 trailing, 64-byte chunks. */
    private static final SnapshotOptions OPTIONS = SnapshotOptions.builder().snapshotThresholdEntries(20)
            .trailingEntries(5).chunkBytes(64).maxInflightChunks(2).transferTimeoutTicks(20).build();

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static TestCluster snapshottingCluster() {
        TestCluster cluster = new TestCluster(3);
        cluster.snapshotOptions = OPTIONS;
        return cluster.startAll();
    }

    /** Proposes {@code count} commands on the leader and lets them commit. */
    private static void proposeAndCommit(TestCluster cluster, RaftNode leader, String prefix, int count) {
        List<CompletableFuture<ByteString>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            results.add(leader.propose(utf8(prefix + "-" + i)));
            if (i % 10 == 9) {
                cluster.run(20);
            }
        }
        cluster.run(200);
        results.forEach(r -> assertTrue(r.isDone() && !r.isCompletedExceptionally(), "not committed: " + r));
    }

    /** A leader, a follower cut off while 100 commands commit, and the leader's log compacted behind it. */
    private static RaftNode isolateAFollowerForManyEntries(TestCluster cluster, RaftNode leader) {
        cluster.run(100);
        RaftNode follower = cluster.aFollower();
        cluster.isolate(follower.id());
        proposeAndCommit(cluster, leader, "cmd", 100);
        MemoryLogStorage leaderLog = (MemoryLogStorage) cluster.storages.get(leader.id());
        assertTrue(leaderLog.entries().get(0).index() > follower.status().lastIndex() + 1,
                "the leader compacted away what the follower needs next");
        return follower;
    }

    private static List<Message> sentBetween(TestCluster cluster, int from, int to) {
        return cluster.sent.subList(from, to);
    }

    @Test
    void aFollowerIsolatedForManyEntriesCatchesUpBySnapshotAndEndsWithTheSameState() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        int sentBefore = cluster.sent.size();
        cluster.heal();
        cluster.run(1000);
        List<String> expected = cluster.stateMachines.get(leader.id()).applied;
        assertEquals(100, expected.size());
        assertEquals(expected, cluster.stateMachines.get(follower.id()).applied);
        assertEquals(1, cluster.stateMachines.get(follower.id()).restores, "caught up by one snapshot");
        long chunks = sentBetween(cluster, sentBefore, cluster.sent.size()).stream()
                .filter(m -> m instanceof InstallSnapshot && m.to() == follower.id()).count();
        assertTrue(chunks > 5, "the snapshot went in many chunks, not " + chunks);
        proposeAndCommit(cluster, leader, "after", 3);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(follower.id()).applied,
                "appends resume after the snapshot");
    }

    @Test
    void heartbeatsFlowAndNoElectionStartsDuringATransfer() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        long term = leader.status().term();
        int sentBefore = cluster.sent.size();
        cluster.heal();
        cluster.run(1000);
        List<Message> sent = sentBetween(cluster, sentBefore, cluster.sent.size());
        int firstChunk = -1;
        int lastChunk = -1;
        for (int i = 0; i < sent.size(); i++) {
            if (sent.get(i) instanceof InstallSnapshot chunk && chunk.to() == follower.id()) {
                firstChunk = firstChunk < 0 ? i : firstChunk;
                lastChunk = i;
            }
        }
        assertTrue(firstChunk >= 0, "no snapshot was sent");
        long heartbeatsDuring = sent.subList(firstChunk, lastChunk).stream()
                .filter(m -> m instanceof Heartbeat && m.to() == follower.id()).count();
        assertTrue(heartbeatsDuring > 0, "heartbeats keep flowing while chunks stream");
        assertTrue(sent.stream().noneMatch(m -> m instanceof RequestVote), "nobody campaigned");
        assertEquals(term, leader.status().term());
    }

    @Test
    void aLostChunkIsSentAgainFromTheGapWithoutStartingOver() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        int[] chunksSeen = {0};
        long[] lostOffset = {-1};
        cluster.drop(m -> {
            if (m instanceof InstallSnapshot chunk && chunk.to() == follower.id() && ++chunksSeen[0] == 3) {
                lostOffset[0] = chunk.offset();
                return true;
            }
            return false;
        });
        int sentBefore = cluster.sent.size();
        cluster.healNode(follower.id());
        cluster.run(2000);
        List<Message> sent = sentBetween(cluster, sentBefore, cluster.sent.size());
        assertTrue(lostOffset[0] > 0, "the test lost no chunk");
        assertTrue(sent.stream().anyMatch(m -> m instanceof InstallSnapshotResponse r && r.success()
                && r.nextOffset() == lostOffset[0]), "the follower named the missing offset");
        long copiesOfLost = sent.stream().filter(m -> m instanceof InstallSnapshot c && c.to() == follower.id()
                && c.offset() == lostOffset[0]).count();
        assertTrue(copiesOfLost >= 2, "the lost chunk was sent again");
        long starts = sent.stream().filter(m -> m instanceof InstallSnapshot c && c.to() == follower.id()
                && c.offset() == 0).count();
        assertEquals(1, starts, "the transfer went back to the gap, not to the start");
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(follower.id()).applied);
    }

    /** Heals {@code follower} and lets time pass until it acknowledged part, not all, of a snapshot. */
    private static void healAndRunUntilTransferUnderway(TestCluster cluster, RaftNode follower) {
        cluster.healNode(follower.id());
        for (int step = 0; step < 100; step++) {
            if (cluster.sent.stream().anyMatch(m -> m instanceof InstallSnapshotResponse r
                    && r.from() == follower.id() && r.nextOffset() >= 128)) {
                return;
            }
            cluster.run(1);
        }
        throw new AssertionError("no snapshot transfer to node " + follower.id() + " got under way within 100 ms");
    }

    @Test
    void aFollowerRestartedMidTransferRefusesTheRestAndTheTransferStartsOver() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        healAndRunUntilTransferUnderway(cluster, follower);
        follower.stop();
        cluster.run(1);
        int sentBefore = cluster.sent.size();
        cluster.start(follower.id());
        cluster.run(2000);
        assertTrue(sentBetween(cluster, sentBefore, cluster.sent.size()).stream()
                .anyMatch(m -> m instanceof InstallSnapshot c && c.to() == follower.id() && c.offset() == 0),
                "the transfer started over after the restart");
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(follower.id()).applied);
    }

    @Test
    void aNewLeaderMidTransferSendsItsOwnSnapshotAndTheFollowerCatchesUp() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        healAndRunUntilTransferUnderway(cluster, follower);
        long oldTerm = leader.status().term();
        cluster.isolate(leader.id());
        cluster.run(3000);
        RaftNode newLeader = cluster.nodes.values().stream()
                .filter(n -> n.status().role() == io.raftkv.raft.Role.LEADER && n.id() != leader.id())
                .findFirst().orElseThrow(() -> new AssertionError("no new leader"));
        assertTrue(newLeader.status().term() > oldTerm);
        assertTrue(cluster.sent.stream().anyMatch(m -> m instanceof InstallSnapshot c && c.from() == newLeader.id()
                && c.to() == follower.id()), "the new leader sent its own snapshot");
        proposeAndCommit(cluster, newLeader, "new", 3);
        assertEquals(cluster.stateMachines.get(newLeader.id()).applied,
                cluster.stateMachines.get(follower.id()).applied);
    }

    @Test
    void theFollowerAcknowledgesAnInstalledSnapshotOnlyOnceItsLogStorageRecordedIt() {
        TestCluster cluster = new TestCluster(3);
        cluster.snapshotOptions = OPTIONS;
        HeldLog held = new HeldLog();
        cluster.useStorage(3, held);
        cluster.startAll();
        RaftNode leader = cluster.awaitLeader();
        assertTrue(leader.id() != 3, "the scenario needs node 3 as a follower (the fixed seeds make it one)");
        cluster.isolate(3);
        proposeAndCommit(cluster, leader, "cmd", 60);
        held.holding = true;
        int sentBefore = cluster.sent.size();
        cluster.healNode(3);
        cluster.run(500);
        List<Message> sent = sentBetween(cluster, sentBefore, cluster.sent.size());
        assertTrue(sent.stream().anyMatch(m -> m instanceof InstallSnapshotResponse r && r.from() == 3 && r.success()
                && r.nextOffset() > 0), "the snapshot itself arrived");
        assertTrue(held.installed.isEmpty(), "the install is recorded with the held write");
        assertTrue(sent.stream().noneMatch(m -> m instanceof io.raftkv.raft.message.AppendEntriesResponse r
                && r.from() == 3 && r.success() && r.matchIndex() > 1),
                "node 3 acknowledged entries while its log storage had not recorded the snapshot");
        held.release();
        cluster.run(500);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(3L).applied);
    }

    /** Holds writes (and snapshot installs, which are ordered with them) while {@code holding}. */
    private static final class HeldLog implements LogStorage {
        private final MemoryLogStorage inner = new MemoryLogStorage();
        private final List<Runnable> held = new ArrayList<>();
        final List<SnapshotMeta> installed = new ArrayList<>();
        boolean holding;

        @Override
        public io.raftkv.raft.PersistentState load() {
            return inner.load();
        }

        @Override
        public void write(io.raftkv.raft.HardState hardState, List<Entry> entries, WriteCallback callback) {
            hold(() -> inner.write(hardState, entries, callback));
        }

        @Override
        public void installSnapshot(SnapshotMeta snapshot) {
            hold(() -> {
                inner.installSnapshot(snapshot);
                installed.add(snapshot);
            });
        }

        @Override
        public void compactThrough(long index) {
            hold(() -> inner.compactThrough(index));
        }

        private void hold(Runnable operation) {
            if (holding) {
                held.add(operation);
            } else {
                operation.run();
            }
        }

        void release() {
            holding = false;
            held.forEach(Runnable::run);
            held.clear();
        }

        @Override
        public void close() {}
    }

    @Test
    void aSnapshotIsNeverInstalledBeforeItIsComplete() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        List<String> before = List.copyOf(cluster.stateMachines.get(follower.id()).applied);
        cluster.drop(m -> m instanceof InstallSnapshot chunk && chunk.done());
        cluster.healNode(follower.id());
        cluster.run(1000);
        assertTrue(cluster.sent.stream().anyMatch(m -> m instanceof InstallSnapshot c && c.to() == follower.id()
                && c.offset() > 0), "chunks did arrive");
        assertEquals(before, cluster.stateMachines.get(follower.id()).applied, "nothing of the snapshot was applied");
        assertTrue(cluster.snapshotStores.get(follower.id()).list().stream()
                .allMatch(meta -> meta.index() <= before.size() + 1), "no incomplete snapshot became visible");
        cluster.heal();
        cluster.run(1000);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(follower.id()).applied);
    }

    @Test
    void aSnapshotWhoseChecksumDoesNotMatchIsNeverSavedNorInstalled() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        List<String> before = List.copyOf(cluster.stateMachines.get(follower.id()).applied);
        cluster.tamper = m -> m instanceof InstallSnapshot c && c.offset() == 64 ? damaged(c) : m;
        cluster.healNode(follower.id());
        cluster.run(300);
        assertTrue(cluster.sent.stream().anyMatch(m -> m instanceof InstallSnapshotResponse r && !r.success()
                && r.from() == follower.id()), "the damaged snapshot was refused");
        assertEquals(before, cluster.stateMachines.get(follower.id()).applied);
        cluster.tamper = m -> m;
        cluster.run(1000);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(follower.id()).applied);
    }

    private static InstallSnapshot damaged(InstallSnapshot chunk) {
        byte[] bytes = chunk.data().toByteArray();
        bytes[0] ^= 1;
        return new InstallSnapshot(chunk.from(), chunk.to(), chunk.term(), chunk.snapshotIndex(),
                chunk.snapshotTerm(), chunk.offset(), ByteString.copyFrom(bytes), chunk.done(), chunk.checksum());
    }

    @Test
    void aRestartedNodeRestoresItsSnapshotThenAppliesOnlyTheLogAfterIt() {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        proposeAndCommit(cluster, leader, "cmd", 50);
        RaftNode follower = cluster.aFollower();
        SnapshotMeta snapshot = cluster.snapshotStores.get(follower.id()).latest().orElseThrow();
        assertTrue(snapshot.index() >= 40, "the follower snapshotted too: " + snapshot);
        follower.stop();
        cluster.run(1);
        cluster.start(follower.id());
        cluster.run(300);
        TestCluster.RecordingStateMachine restarted = cluster.stateMachines.get(follower.id());
        assertEquals(1, restarted.restores);
        assertTrue(restarted.applyCalls < 50 - 30, "only the log after the snapshot was re-applied: "
                + restarted.applyCalls);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, restarted.applied);
        List<Entry> stored = ((MemoryLogStorage) cluster.storages.get(follower.id())).entries();
        assertTrue(stored.get(0).index() > 1, "the follower's stored log was compacted too");
    }

    @Test
    void aNodeThatCrashedAfterSavingAReceivedSnapshotButBeforeItsLogLearnedOfItFollowsTheSnapshotOnRestart()
            throws java.io.IOException {
        TestCluster cluster = snapshottingCluster();
        RaftNode leader = cluster.awaitLeader();
        RaftNode follower = isolateAFollowerForManyEntries(cluster, leader);
        long followerId = follower.id();
        follower.stop();
        cluster.run(1);
        // The snapshot arrived whole and was committed to the store; the crash came before the install reached the log.
        SnapshotMeta snapshot = cluster.snapshotStores.get(leader.id()).latest().orElseThrow();
        byte[] bytes = cluster.snapshotStores.get(leader.id()).bytes(snapshot);
        SnapshotStore.SnapshotWriter writer = cluster.snapshotStores.get(followerId).begin(snapshot);
        writer.output().write(bytes);
        writer.commit();
        MemoryLogStorage followerLog = (MemoryLogStorage) cluster.storages.get(followerId);
        assertTrue(followerLog.entries().get(followerLog.entries().size() - 1).index() < snapshot.index(),
                "the follower's stored log ends before the snapshot");
        cluster.start(followerId);
        cluster.heal();
        proposeAndCommit(cluster, leader, "after", 3);
        cluster.run(500);
        assertEquals(cluster.stateMachines.get(leader.id()).applied, cluster.stateMachines.get(followerId).applied);
        assertTrue(followerLog.entries().get(0).index() > snapshot.index(), "the stored log follows the snapshot");
    }

    @Test
    void aNodeWithoutSnapshotsNeverCompacts() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        proposeAndCommit(cluster, leader, "cmd", 50);
        assertEquals(1, ((MemoryLogStorage) cluster.storages.get(leader.id())).entries().get(0).index());
        assertFalse(cluster.snapshotStores.get(leader.id()).latest().isPresent());
    }
}
