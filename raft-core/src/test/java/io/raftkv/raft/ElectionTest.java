package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ElectionTest {
    private static final List<Long> THREE = List.of(1L, 2L, 3L);

    private static RaftCore core(long id, boolean preVote, PersistentState restored) {
        RaftConfig config = RaftConfig.builder(id, THREE).electionTimeoutTicks(10).preVote(preVote).build();
        return RaftCore.create(config, restored, new SplittableRandom(id));
    }

    private static Ready takeReady(RaftCore core) {
        Ready ready = core.ready();
        core.advance(ready);
        return ready;
    }

    private static void tickUntilCampaign(RaftCore core) {
        for (int i = 0; i < 20 && core.status().role() == Role.FOLLOWER; i++) {
            core.tick();
        }
    }

    @Test
    void followerCampaignsWithinRandomizedElectionTimeout() {
        for (long seed = 0; seed < 50; seed++) {
            RaftConfig config = RaftConfig.builder(1, THREE).electionTimeoutTicks(10).preVote(false).build();
            RaftCore core = RaftCore.create(config, PersistentState.EMPTY, new SplittableRandom(seed));
            int ticks = 0;
            while (core.status().role() == Role.FOLLOWER) {
                core.tick();
                ticks++;
            }
            assertTrue(ticks >= 10 && ticks < 20, "campaigned after " + ticks + " ticks");
        }
    }

    @Test
    void candidateIncrementsTermAndVotesForItself() {
        RaftCore core = core(1, false, PersistentState.EMPTY);
        tickUntilCampaign(core);
        NodeStatus status = core.status();
        assertEquals(Role.CANDIDATE, status.role());
        assertEquals(1, status.term());
        assertEquals(1, status.votedFor());
    }

    @Test
    void candidateRequestVotesWaitForPersistence() {
        RaftCore core = core(1, false, PersistentState.EMPTY);
        tickUntilCampaign(core);
        Ready ready = takeReady(core);
        assertEquals(new HardState(1, 1, 0), ready.hardState());
        assertTrue(ready.messages().isEmpty(), "vote requests must not leave before the term and vote are durable");
        assertEquals(2, ready.messagesAfterPersist().size());
        RequestVote request = (RequestVote) ready.messagesAfterPersist().get(0);
        assertEquals(1, request.term());
        assertFalse(request.preVote());
    }

    @Test
    void preVoteDoesNotChangeTerms() {
        RaftCore candidate = core(1, true, PersistentState.EMPTY);
        tickUntilCampaign(candidate);
        assertEquals(Role.PRE_CANDIDATE, candidate.status().role());
        assertEquals(0, candidate.status().term());
        assertEquals(0, candidate.status().votedFor());
        RequestVote request = (RequestVote) takeReady(candidate).messagesAfterPersist().get(0);
        assertTrue(request.preVote());
        assertEquals(1, request.term(), "a pre-vote asks for the term the candidate would use");

        RaftCore voter = core(2, true, PersistentState.EMPTY);
        voter.step(request);
        Ready answer = takeReady(voter);
        assertEquals(0, voter.status().term());
        assertEquals(0, voter.status().votedFor());
        assertNull(answer.hardState(), "a pre-vote must not change anything durable");
        RequestVoteResponse response = (RequestVoteResponse) answer.messagesAfterPersist().get(0);
        assertTrue(response.granted() && response.preVote());
    }

    @Test
    void preCandidateBecomesCandidateOnMajorityOfPreVotes() {
        RaftCore candidate = core(1, true, PersistentState.EMPTY);
        tickUntilCampaign(candidate);
        takeReady(candidate);
        candidate.step(new RequestVoteResponse(2, 1, 1, true, true));
        assertEquals(Role.CANDIDATE, candidate.status().role());
        assertEquals(1, candidate.status().term());
    }

    @Test
    void voteResponsesWaitForPersistence() {
        RaftCore voter = core(2, false, PersistentState.EMPTY);
        voter.step(new RequestVote(1, 2, 1, 0, 0, false, false));
        Ready ready = takeReady(voter);
        assertEquals(new HardState(1, 1, 0), ready.hardState());
        assertTrue(ready.messages().isEmpty());
        RequestVoteResponse response = (RequestVoteResponse) ready.messagesAfterPersist().get(0);
        assertTrue(response.granted());
    }

    @Test
    void voterGrantsAtMostOneVotePerTerm() {
        RaftCore voter = core(3, false, PersistentState.EMPTY);
        voter.step(new RequestVote(1, 3, 1, 0, 0, false, false));
        voter.step(new RequestVote(2, 3, 1, 0, 0, false, false));
        voter.step(new RequestVote(1, 3, 1, 0, 0, false, false));
        List<Message> answers = takeReady(voter).messagesAfterPersist();
        assertEquals(List.of(true, false, true),
                answers.stream().map(message -> ((RequestVoteResponse) message).granted()).toList());
    }

    @Test
    void candidateWithStaleLogDoesNotGetVote() {
        List<Entry> log = List.of(Entry.noop(1, 1), Entry.noop(2, 2));
        RaftCore voter = core(2, false, new PersistentState(new HardState(2, 0, 0), log, 0));
        voter.step(new RequestVote(1, 2, 3, 5, 1, false, false)); // longer but older last term
        voter.step(new RequestVote(3, 2, 4, 1, 2, false, false)); // same last term but shorter
        List<Message> answers = takeReady(voter).messagesAfterPersist();
        assertFalse(((RequestVoteResponse) answers.get(0)).granted());
        assertFalse(((RequestVoteResponse) answers.get(1)).granted());
        assertEquals(4, voter.status().term(), "a real vote request still moves the voter's term");
    }

    @Test
    void leaderIsElectedByMajorityAndAppendsNoop() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        assertEquals(Role.LEADER, cluster.core(1).status().role());
        assertEquals(Role.FOLLOWER, cluster.core(2).status().role());
        assertEquals(1, cluster.core(2).status().leaderId());
        Entry first = cluster.node(3).disk.get(0);
        assertEquals(EntryType.NOOP, first.type());
        assertEquals(cluster.core(1).status().term(), first.term());
        assertEquals(1, cluster.core(3).status().commitIndex());
    }

    @Test
    void singleNodeBecomesLeaderAndCommitsAlone() {
        Cluster cluster = Cluster.of(1);
        cluster.elect(1);
        cluster.propose(1, "x");
        assertEquals(List.of(Cluster.bytes("x")), cluster.appliedCommands(1));
    }

    @Test
    void stickyFollowerRefusesVoteWhileLeaderIsAlive() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        cluster.core(2).step(new RequestVote(3, 2, term + 1, 100, term, false, false));
        cluster.core(2).step(new RequestVote(3, 2, term + 1, 100, term, true, false));
        assertEquals(term, cluster.core(2).status().term());
        assertTrue(cluster.core(2).ready().messagesAfterPersist().isEmpty(), "requests in lease are dropped");
    }

    @Test
    void transferVoteBypassesStickiness() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        cluster.core(2).step(new RequestVote(3, 2, term + 1, 100, term, false, true));
        assertEquals(term + 1, cluster.core(2).status().term());
        assertEquals(3, cluster.core(2).status().votedFor());
    }

    @Test
    void followerGrantsVoteOnceLeaderIsSilentForElectionTimeout() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        for (int i = 0; i < 10; i++) {
            cluster.core(2).tick();
        }
        cluster.core(2).step(new RequestVote(3, 2, term + 1, 100, term, false, false));
        assertEquals(3, cluster.core(2).status().votedFor());
    }

    /**
     * Without CheckQuorum a leader that lost its quorum never steps down, so followers that still
     * hear it must not be sticky: here 1 reaches 2 but hears nobody, and 3 needs 2's vote.
     */
    @Test
    void followerIsNotStickyWithoutCheckQuorum() {
        Cluster cluster = Cluster.of(3, builder -> builder.checkQuorum(false), 1);
        cluster.elect(1);
        cluster.dropped = message -> message.to() == 1 || message.from() == 1 && message.to() == 3;
        for (int round = 0; round < 100 && cluster.core(3).status().role() != Role.LEADER; round++) {
            cluster.settle(1);
        }
        assertEquals(Role.LEADER, cluster.core(3).status().role(),
                "a one-way partition from a leader without CheckQuorum must not block elections forever");
    }

    @Test
    void leaderStepsDownWithoutQuorumUnderCheckQuorum() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.isolate(1);
        // The first period still counts the answers of the election; the second has none.
        for (int i = 0; i < 20; i++) {
            cluster.tick(1);
        }
        assertEquals(Role.FOLLOWER, cluster.core(1).status().role());
    }

    @Test
    void leaderWithQuorumStaysLeaderUnderCheckQuorum() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        cluster.dropped = message -> message.from() == 3 || message.to() == 3;
        cluster.settle(50);
        assertEquals(Role.LEADER, cluster.core(1).status().role());
    }

    @Test
    void partitionedNodeWithPreVoteDoesNotDisruptLeaderOnReturn() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        cluster.isolate(3);
        for (int i = 0; i < 100; i++) {
            cluster.tick(3);
            cluster.tick(1);
            cluster.tick(2);
            cluster.deliverAll();
        }
        assertEquals(term, cluster.core(3).status().term(), "pre-votes never raise the isolated node's term");
        cluster.heal();
        cluster.settle(5);
        assertEquals(Role.LEADER, cluster.core(1).status().role());
        assertEquals(term, cluster.core(1).status().term());
    }

    @Test
    void higherTermAppendMakesLeaderStepDown() {
        Cluster cluster = Cluster.of(3);
        cluster.elect(1);
        long term = cluster.core(1).status().term();
        cluster.core(1).step(new Heartbeat(2, 1, term + 1, 0, 0));
        assertEquals(Role.FOLLOWER, cluster.core(1).status().role());
        assertEquals(term + 1, cluster.core(1).status().term());
        assertEquals(2, cluster.core(1).status().leaderId());
    }

    @Test
    void staleAppendIsAnsweredWithCurrentTerm() {
        RaftCore follower = core(2, false, new PersistentState(new HardState(5, 0, 0), List.of(), 0));
        follower.step(new AppendEntries(1, 2, 3, 0, 0, List.of(), 0));
        AppendEntriesResponse response = (AppendEntriesResponse) takeReady(follower).messagesAfterPersist().get(0);
        assertFalse(response.success());
        assertEquals(5, response.term());
    }

    @Test
    void messagesFromNonMembersOrForOthersAreDropped() {
        RaftCore voter = core(2, false, PersistentState.EMPTY);
        voter.step(new RequestVote(9, 2, 1, 0, 0, false, false));
        voter.step(new RequestVote(1, 3, 1, 0, 0, false, false));
        assertFalse(voter.hasReady());
        assertEquals(0, voter.status().term());
    }

    @Test
    void candidateStepsDownOnAppendFromLeaderOfSameTerm() {
        RaftCore candidate = core(1, false, PersistentState.EMPTY);
        tickUntilCampaign(candidate);
        candidate.step(new AppendEntries(2, 1, 1, 0, 0, List.of(), 0));
        assertEquals(Role.FOLLOWER, candidate.status().role());
        assertEquals(2, candidate.status().leaderId());
    }
}
