package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVoteResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ReadIndexTest {

    private static List<Heartbeat> heartbeatsWithContext(List<Message> messages) {
        return messages.stream().filter(m -> m instanceof Heartbeat h && h.readContext() != 0)
                .map(Heartbeat.class::cast).toList();
    }

    @Test
    void readIndexWaitsForHeartbeatQuorum() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long commitIndex = cluster.core(1).status().commitIndex();
        cluster.dropped = message -> message instanceof HeartbeatResponse;
        assertInstanceOf(Admission.Accepted.class, cluster.core(1).requestRead(7));
        cluster.deliverAll();
        assertTrue(cluster.node(1).reads.isEmpty(), "no ReadState without a quorum of echoes");
        cluster.heal();
        cluster.tick(1); // the next heartbeat asks again for the round in flight
        cluster.deliverAll();
        assertEquals(List.of(new ReadState(7, commitIndex)), cluster.node(1).reads);
    }

    @Test
    void oneEchoMakesAQuorumOfThree() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.dropped = message -> message.from() == 3 || message.to() == 3;
        cluster.core(1).requestRead(1);
        cluster.deliverAll();
        assertEquals(1, cluster.node(1).reads.size());
    }

    @Test
    void readsArrivingBeforeRoundStartsShareIt() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.dropped = message -> message instanceof HeartbeatResponse;
        cluster.core(1).requestRead(1); // starts round 1
        cluster.core(1).requestRead(2); // waits for the next round
        cluster.core(1).requestRead(3);
        cluster.drain(1);
        int before = cluster.node(1).sent.size();
        cluster.heal();
        cluster.deliverAll(); // round 1 completes, then one round for reads 2 and 3
        List<Heartbeat> rounds = heartbeatsWithContext(cluster.node(1).sent.subList(before, cluster.node(1).sent.size()));
        assertEquals(List.of(1L, 2L, 3L), cluster.node(1).reads.stream().map(ReadState::readId).toList());
        assertEquals(2, rounds.size(), "one heartbeat per peer for the shared round");
    }

    @Test
    void readWaitsUntilLeaderCommittedAnEntryOfItsTerm() {
        RaftConfig config = RaftConfig.builder(1, List.of(1L, 2L, 3L)).preVote(false).build();
        RaftCore leader = RaftCore.create(config,
                new PersistentState(new HardState(2, 0, 0), List.of(Entry.noop(1, 1)), 0), new SplittableRandom(1));
        while (leader.status().role() != Role.CANDIDATE) {
            leader.tick();
        }
        leader.step(new RequestVoteResponse(2, 1, 3, true, false));
        assertEquals(Role.LEADER, leader.status().role());
        leader.onPersisted(2, 3);
        assertInstanceOf(Admission.Accepted.class, leader.requestRead(5));
        Ready beforeCommit = leader.ready();
        leader.advance(beforeCommit);
        assertTrue(heartbeatsWithContext(beforeCommit.messages()).isEmpty(), "no round before a commit of this term");

        leader.step(AppendEntriesResponse.accepted(2, 1, 3, 2));
        Ready afterCommit = leader.ready();
        leader.advance(afterCommit);
        List<Heartbeat> round = heartbeatsWithContext(afterCommit.messages());
        assertEquals(2, round.size());
        leader.step(new HeartbeatResponse(3, 1, 3, round.get(0).readContext()));
        assertEquals(List.of(new ReadState(5, 2)), leader.ready().readStates());
    }

    @Test
    void singleNodeServesReadsImmediately() {
        Cluster cluster = Cluster.of(1);
        cluster.elect(1);
        cluster.propose(1, "x");
        cluster.core(1).requestRead(9);
        cluster.drain(1);
        assertEquals(List.of(new ReadState(9, 2)), cluster.node(1).reads);
    }

    @Test
    void readOnFollowerNamesTheLeader() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        assertEquals(new Admission.NotLeader(1), cluster.core(2).requestRead(1));
    }

    @Test
    void readsBeyondMaxPendingReadsAreRejected() {
        Cluster cluster = Cluster.of(3, builder -> builder.maxPendingReads(2), 1);
        cluster.elect(1);
        cluster.isolate(1);
        assertInstanceOf(Admission.Accepted.class, cluster.core(1).requestRead(1));
        assertInstanceOf(Admission.Accepted.class, cluster.core(1).requestRead(2));
        Admission.Rejected rejected = assertInstanceOf(Admission.Rejected.class, cluster.core(1).requestRead(3));
        assertTrue(rejected.reason().contains("maxPendingReads"), rejected.reason());
    }

    @Test
    void pendingReadsAreDroppedWhenLeadershipIsLost() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(1);
        cluster.core(1).requestRead(1);
        long term = cluster.core(1).status().term();
        cluster.core(1).step(new Heartbeat(2, 1, term + 1, 0, 0));
        cluster.heal();
        cluster.settle(3);
        assertTrue(cluster.node(1).reads.isEmpty());
        assertEquals(Role.FOLLOWER, cluster.node(1).softStates.get(cluster.node(1).softStates.size() - 1).role());
    }
}
