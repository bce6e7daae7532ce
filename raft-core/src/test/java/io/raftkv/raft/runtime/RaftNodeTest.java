package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.Role;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RaftNodeTest {

    private static ByteString utf8(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertTrue(future.isCompletedExceptionally(), "expected a failed future, got " + future);
        try {
            future.join();
            throw new AssertionError("unreachable");
        } catch (CompletionException e) {
            return e.getCause();
        }
    }

    @Test
    void singleNodeClusterAppliesAProposalAndAnswersWithTheStateMachinesResult() {
        TestCluster cluster = new TestCluster(1).startAll();
        RaftNode leader = cluster.awaitLeader();
        CompletableFuture<ByteString> result = leader.propose(utf8("x=1"));
        cluster.run(50);
        assertTrue(result.isDone());
        assertTrue(result.join().toStringUtf8().startsWith("applied@"));
        assertEquals(List.of("x=1"), cluster.stateMachines.get(leader.id()).applied);
    }

    @Test
    void everyMemberAppliesTheSameCommandsInTheSameOrder() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        List<CompletableFuture<ByteString>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(leader.propose(utf8("cmd-" + i)));
        }
        cluster.run(500);
        results.forEach(r -> assertTrue(r.isDone() && !r.isCompletedExceptionally(), "not committed: " + r));
        List<String> expected = cluster.stateMachines.get(leader.id()).applied;
        assertEquals(50, expected.size());
        cluster.stateMachines.values().forEach(sm -> assertEquals(expected, sm.applied));
    }

    @Test
    void aFollowerRefusesProposalsAndNamesTheLeader() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        RaftNode follower = cluster.aFollower();
        CompletableFuture<ByteString> result = follower.propose(utf8("nope"));
        cluster.run(1);
        NotLeaderException notLeader = assertInstanceOf(NotLeaderException.class, failureOf(result));
        assertEquals(leader.id(), notLeader.leaderId());
        assertTrue(notLeader.certainlyNotApplied());
        assertTrue(notLeader.getMessage().contains("the leader is node " + leader.id()), notLeader.getMessage());
    }

    @Test
    void aLinearizableReadSeesEveryWriteAcknowledgedBeforeIt() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        CompletableFuture<ByteString> write = leader.propose(utf8("w"));
        cluster.run(100);
        assertTrue(write.isDone());
        RecordingStateMachineView view = new RecordingStateMachineView(cluster.stateMachines.get(leader.id()));
        CompletableFuture<List<String>> read = leader.read(view::snapshot);
        cluster.run(100);
        assertEquals(List.of("w"), read.join());
    }

    @Test
    void aReadWaitsForAQuorumToConfirmLeadership() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        cluster.stateMachines.keySet().stream().filter(id -> id != leader.id()).forEach(cluster::isolate);
        CompletableFuture<Integer> read = leader.read(() -> 1);
        cluster.run(5);
        assertFalse(read.isDone(), "a leader cut off from every follower served a linearizable read");
    }

    @Test
    void aReadOnAFollowerFailsWithNotLeader() {
        TestCluster cluster = new TestCluster(3).startAll();
        cluster.awaitLeader();
        cluster.run(100);
        CompletableFuture<Integer> read = cluster.aFollower().read(() -> 1);
        cluster.run(1);
        assertInstanceOf(NotLeaderException.class, failureOf(read));
    }

    @Test
    void followersAcknowledgeAppendsOnlyOnceTheirWriteIsDurable() {
        TestCluster cluster = new TestCluster(3);
        HoldingStorage held = new HoldingStorage();
        cluster.useStorage(3, held);
        cluster.startAll();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        held.holding = true;
        int sentBefore = cluster.sent.size();
        leader.propose(utf8("durable?"));
        cluster.run(100);
        long lastDurable = held.durableLastIndex();
        for (Message m : cluster.sent.subList(sentBefore, cluster.sent.size())) {
            if (m instanceof AppendEntriesResponse r && r.from() == 3 && r.success()) {
                assertTrue(r.matchIndex() <= lastDurable,
                        "node 3 acknowledged index " + r.matchIndex() + " while only " + lastDurable + " was durable");
            }
        }
        held.release();
        cluster.run(100);
        assertTrue(cluster.sent.subList(sentBefore, cluster.sent.size()).stream()
                .anyMatch(m -> m instanceof AppendEntriesResponse r && r.from() == 3 && r.success()
                        && r.matchIndex() > lastDurable), "node 3 never acknowledged after its write became durable");
    }

    @Test
    void stoppingANodeFailsItsPendingProposalsAsIndeterminate() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        cluster.stateMachines.keySet().stream().filter(id -> id != leader.id()).forEach(cluster::isolate);
        CompletableFuture<ByteString> pending = leader.propose(utf8("in doubt"));
        cluster.run(5);
        assertFalse(pending.isDone());
        leader.stop();
        cluster.run(1);
        IndeterminateStateException failure = assertInstanceOf(IndeterminateStateException.class, failureOf(pending));
        assertFalse(failure.certainlyNotApplied());
        CompletableFuture<ByteString> afterStop = leader.propose(utf8("late"));
        cluster.run(1);
        assertInstanceOf(RequestRejectedException.class, failureOf(afterStop));
    }

    @Test
    void aStorageFailureStopsTheNodeAndFailsWhatItHeld() {
        TestCluster cluster = new TestCluster(1);
        FailingStorage failing = new FailingStorage();
        cluster.useStorage(1, failing);
        cluster.startAll();
        RaftNode leader = cluster.awaitLeader();
        failing.failNext = true;
        CompletableFuture<ByteString> result = leader.propose(utf8("doomed"));
        cluster.run(50);
        assertInstanceOf(IndeterminateStateException.class, failureOf(result));
        CompletableFuture<ByteString> after = leader.propose(utf8("after"));
        cluster.run(1);
        assertInstanceOf(RequestRejectedException.class, failureOf(after));
    }

    @Test
    void aRestartedNodeKeepsItsTermAndVoteAndReappliesCommittedCommands() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        leader.propose(utf8("kept"));
        cluster.run(200);
        RaftNode follower = cluster.aFollower();
        long term = follower.status().term();
        follower.stop();
        cluster.run(1);
        RaftNode restarted = cluster.start(follower.id());
        cluster.run(300);
        assertTrue(restarted.status().term() >= term);
        assertEquals(List.of("kept"), cluster.stateMachines.get(follower.id()).applied);
    }

    @Test
    void leadershipMovesToTheNamedFollower() {
        TestCluster cluster = new TestCluster(3).startAll();
        RaftNode leader = cluster.awaitLeader();
        cluster.run(100);
        RaftNode target = cluster.aFollower();
        CompletableFuture<Void> started = leader.transferLeadership(target.id());
        cluster.run(300);
        assertTrue(started.isDone() && !started.isCompletedExceptionally());
        assertEquals(Role.LEADER, target.status().role());
        assertNotEquals(Role.LEADER, leader.status().role());
    }

    /** Reads a recording state machine on the node's context (the read's query runs there). */
    private record RecordingStateMachineView(TestCluster.RecordingStateMachine sm) {
        List<String> snapshot() {
            return List.copyOf(sm.applied);
        }
    }

    /** Keeps writes and their acknowledgements back while {@code holding}, like a slow disk. */
    private static final class HoldingStorage implements LogStorage {
        private final MemoryLogStorage inner = new MemoryLogStorage();
        private final List<Runnable> held = new ArrayList<>();
        boolean holding;

        @Override
        public PersistentState load() {
            return inner.load();
        }

        @Override
        public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
            Runnable write = () -> inner.write(hardState, entries, callback);
            if (holding) {
                held.add(write);
            } else {
                write.run();
            }
        }

        long durableLastIndex() {
            List<Entry> entries = inner.entries();
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index();
        }

        void release() {
            holding = false;
            held.forEach(Runnable::run);
            held.clear();
        }

        @Override
        public void close() {}
    }

    private static final class FailingStorage implements LogStorage {
        private final MemoryLogStorage inner = new MemoryLogStorage();
        boolean failNext;

        @Override
        public PersistentState load() {
            return inner.load();
        }

        @Override
        public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
            if (failNext) {
                callback.onFailure(new java.io.IOException("simulated fsync failure"));
            } else {
                inner.write(hardState, entries, callback);
            }
        }

        @Override
        public void close() {}
    }
}
