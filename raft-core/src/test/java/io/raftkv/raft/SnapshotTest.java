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
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Raft §7: log compaction, and snapshots for followers that need compacted entries. */
class SnapshotTest {
    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    /** Node 1 leads; node 3 was cut off while 10 commands committed; the leader then compacted through 8. */
    private static Cluster followerBehindTheLeadersFirstIndex() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 10; i++) {
            cluster.propose(1, "cmd-" + i);
        }
        cluster.deliverAll();
        cluster.settle(1);
        assertEquals(11, cluster.core(1).status().appliedIndex());
        cluster.snapshotAndCompact(1, 8);
        return cluster;
    }

    private static long sentTo(Cluster cluster, long from, long to, Class<? extends Message> kind) {
        return cluster.node(from).sent.stream().filter(m -> m.to() == to && kind.isInstance(m)).count();
    }

    @Test
    void leaderSendsASnapshotToAFollowerBehindItsFirstIndex() {
        Cluster cluster = followerBehindTheLeadersFirstIndex();
        cluster.heal();
        cluster.settle(3);
        assertEquals(List.of(new SnapshotToSend(3, new SnapshotMeta(8, 1))), cluster.node(1).snapshotRequests);
        assertEquals(new SnapshotMeta(11, 1), cluster.node(3).snapshot, "the newest snapshot (11) was sent");
        assertEquals(cluster.node(1).applied, cluster.node(3).applied);
    }

    @Test
    void followerInstallsAndTheLeaderResumesAppends() {
        Cluster cluster = followerBehindTheLeadersFirstIndex();
        cluster.heal();
        cluster.settle(3);
        cluster.propose(1, "after");
        cluster.deliverAll();
        cluster.settle(1);
        assertEquals(List.of(Entry.normal(12, 1, bytes("after"))), cluster.node(3).disk,
                "the follower's log continues right after the snapshot");
        assertEquals(cluster.appliedCommands(1), cluster.appliedCommands(3));
        assertEquals(12, cluster.core(3).status().appliedIndex());
        assertEquals(1, cluster.node(1).snapshotRequests.size(), "one snapshot was enough");
    }

    @Test
    void appendsPauseButHeartbeatsFlowWhileASnapshotIsPending() {
        Cluster cluster = followerBehindTheLeadersFirstIndex();
        cluster.sendSnapshots = false;
        cluster.heal();
        cluster.settle(1);
        assertEquals(1, cluster.node(1).snapshotRequests.size());
        long appendsBefore = sentTo(cluster, 1, 3, AppendEntries.class);
        long heartbeatsBefore = sentTo(cluster, 1, 3, Heartbeat.class);
        cluster.propose(1, "meanwhile");
        cluster.settle(30);
        assertEquals(appendsBefore, sentTo(cluster, 1, 3, AppendEntries.class), "appends to node 3 are paused");
        assertTrue(sentTo(cluster, 1, 3, Heartbeat.class) >= heartbeatsBefore + 30, "heartbeats keep flowing");
        assertEquals(Role.FOLLOWER, cluster.core(3).status().role());
        assertEquals(1, cluster.node(1).snapshotRequests.size(), "no new request while one is pending");
    }

    @Test
    void aFailedSendIsRetriedAtTheHeartbeatPaceNotInATightLoop() {
        Cluster cluster = followerBehindTheLeadersFirstIndex();
        cluster.sendSnapshots = false;
        cluster.heal();
        cluster.settle(1);
        cluster.core(1).snapshotSendFailed(3);
        cluster.drain(1);
        cluster.deliverAll();
        assertEquals(1, cluster.node(1).snapshotRequests.size(), "no retry before the follower is heard again");
        cluster.settle(1);
        assertEquals(2, cluster.node(1).snapshotRequests.size(), "retried after the next heartbeat answer");
        cluster.sendSnapshots = true;
        cluster.core(1).snapshotSendFailed(3);
        cluster.settle(3);
        assertEquals(cluster.node(1).applied, cluster.node(3).applied);
    }

    @Test
    void aLostInstallAcknowledgementIsRecoveredByFailingTheSend() {
        Cluster cluster = followerBehindTheLeadersFirstIndex();
        cluster.heal();
        cluster.dropped = m -> m instanceof AppendEntriesResponse r && r.success() && m.from() == 3;
        cluster.settle(3);
        assertEquals(new SnapshotMeta(11, 1), cluster.node(3).snapshot);
        cluster.heal();
        cluster.core(1).snapshotSendFailed(3); // the driver's transfer timeout
        cluster.settle(3);
        cluster.propose(1, "after");
        cluster.settle(2);
        assertEquals(cluster.appliedCommands(1), cluster.appliedCommands(3));
    }

    @Test
    void aSnapshotChunkFromALowerTermIsRefused() {
        RaftCore core = RaftCore.create(RaftConfig.builder(2, THREE).build(),
                new PersistentState(new HardState(3, 0, 0), List.of(), 0), new SplittableRandom(2));
        core.step(new InstallSnapshot(1, 2, 2, 5, 2, 0, bytes("x"), true, 0));
        Ready ready = core.ready();
        assertTrue(ready.snapshotChunks().isEmpty(), "a deposed leader's snapshot is never written");
        InstallSnapshotResponse refusal = assertInstanceOf(InstallSnapshotResponse.class,
                ready.messagesAfterPersist().get(0));
        assertFalse(refusal.success());
        assertEquals(3, refusal.term(), "the stale leader learns the current term");
    }

    @Test
    void aSnapshotAtOrBelowTheCommitIndexIsNotInstalled() {
        RaftCore core = RaftCore.create(RaftConfig.builder(2, THREE).build(),
                new PersistentState(new HardState(2, 0, 2), List.of(Entry.noop(1, 1), Entry.noop(2, 2)), 0),
                new SplittableRandom(2));
        assertFalse(core.installSnapshot(1, new SnapshotMeta(2, 2)));
        core.step(new InstallSnapshot(1, 2, 2, 2, 2, 0, bytes("x"), false, 0));
        Ready ready = core.ready();
        assertTrue(ready.snapshotChunks().isEmpty(), "no transfer for a snapshot this node already holds");
        assertTrue(ready.messagesAfterPersist().contains(AppendEntriesResponse.accepted(2, 1, 2, 2)));
        assertThrows(IllegalArgumentException.class, () -> core.installSnapshot(1, new SnapshotMeta(9, 5)),
                "a snapshot of a future term is the driver's bug");
    }

    @Test
    void snapshotChunksCountAsHearingFromTheLeader() {
        RaftCore core = RaftCore.create(RaftConfig.builder(2, THREE).build(), PersistentState.EMPTY,
                new SplittableRandom(2));
        for (int tick = 0; tick < 100; tick++) {
            core.step(new InstallSnapshot(1, 2, 1, 50, 1, tick, bytes("x"), false, 0));
            core.tick();
            Ready ready = core.ready();
            assertEquals(1, ready.snapshotChunks().size());
            core.advance(ready);
        }
        assertEquals(Role.FOLLOWER, core.status().role(), "a long transfer never makes the follower campaign");
        assertEquals(1, core.status().leaderId());
    }

    @Test
    void theInstallAcknowledgementWaitsForTheLogStorageToRecordTheSnapshot() {
        RaftCore core = RaftCore.create(RaftConfig.builder(2, THREE).build(),
                new PersistentState(new HardState(1, 0, 0), List.of(Entry.noop(1, 1)), 0), new SplittableRandom(2));
        core.step(new InstallSnapshot(1, 2, 1, 5, 1, 0, bytes("x"), true, 0));
        core.advance(core.ready());
        assertTrue(core.installSnapshot(1, new SnapshotMeta(5, 1)));
        Ready ready = core.ready();
        assertEquals(new SnapshotMeta(5, 1), ready.snapshot());
        assertTrue(ready.needsPersist());
        assertEquals(5, ready.hardState().commitIndex());
        assertTrue(ready.messages().isEmpty());
        assertEquals(List.of(AppendEntriesResponse.accepted(2, 1, 1, 5)), ready.messagesAfterPersist());
        assertTrue(ready.committedEntries().isEmpty(), "the state machine is restored from the snapshot instead");
        core.advance(ready);
        assertFalse(core.hasReady());
        assertEquals(5, core.status().appliedIndex());
    }
}
