package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.TimeoutNow;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadershipTransferTest {

    private static long timeoutNows(Cluster cluster, long from) {
        return cluster.node(from).sent.stream().filter(m -> m instanceof TimeoutNow).count();
    }

    @Test
    void transferSendsTimeoutNowWhenTargetCaughtUp() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        assertInstanceOf(Admission.Accepted.class, cluster.core(1).transferLeadership(2));
        cluster.drain(1);
        assertEquals(1, timeoutNows(cluster, 1));
        cluster.deliverAll();
        assertEquals(Role.LEADER, cluster.core(2).status().role());
        assertEquals(term + 1, cluster.core(2).status().term());
        assertEquals(Role.FOLLOWER, cluster.core(1).status().role());
    }

    @Test
    void transferTargetSkipsPreVoteAndFlagsItsRequests() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.core(1).transferLeadership(3);
        cluster.drain(1);
        cluster.deliverAll();
        List<RequestVote> requests = cluster.node(3).sent.stream().filter(m -> m instanceof RequestVote)
                .map(RequestVote.class::cast).filter(RequestVote::leadershipTransfer).toList();
        assertEquals(2, requests.size());
        requests.forEach(request -> assertTrue(!request.preVote()));
    }

    @Test
    void transferWaitsForLaggingTargetToCatchUp() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.propose(1, "a");
        cluster.deliverAll();
        cluster.core(1).transferLeadership(3);
        cluster.drain(1);
        assertEquals(0, timeoutNows(cluster, 1), "target is behind");
        cluster.heal();
        cluster.tick(1);
        cluster.deliverAll();
        assertEquals(1, timeoutNows(cluster, 1));
        assertEquals(Role.LEADER, cluster.core(3).status().role());
    }

    @Test
    void proposalsAreRejectedWhileTransferIsInProgress() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(3);
        cluster.core(1).transferLeadership(3);
        Admission.Rejected rejected = assertInstanceOf(Admission.Rejected.class, cluster.propose(1, "x"));
        assertEquals("leadership transfer to node 3 in progress", rejected.reason());
    }

    @Test
    void transferIsAbortedAfterElectionTimeout() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.dropped = message -> message.to() == 3 && message instanceof TimeoutNow;
        cluster.core(1).transferLeadership(3);
        cluster.settle(cluster.config().electionTimeoutTicks());
        assertEquals(Role.LEADER, cluster.core(1).status().role());
        assertInstanceOf(Admission.Accepted.class, cluster.propose(1, "x"));
    }

    @Test
    void transferRequestsAreValidated() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        assertInstanceOf(Admission.Rejected.class, cluster.core(1).transferLeadership(1));
        assertInstanceOf(Admission.Rejected.class, cluster.core(1).transferLeadership(9));
        assertEquals(new Admission.NotLeader(1), cluster.core(2).transferLeadership(3));
    }

    @Test
    void timeoutNowFromNonLeaderIsIgnored() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        Message forged = new TimeoutNow(3, 2, term);
        cluster.core(2).step(forged);
        assertEquals(Role.FOLLOWER, cluster.core(2).status().role());
        assertEquals(term, cluster.core(2).status().term());
    }
}
