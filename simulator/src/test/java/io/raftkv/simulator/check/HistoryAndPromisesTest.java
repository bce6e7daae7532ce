package io.raftkv.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.simulator.disk.DurableLog;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks that do not look at Readies: the durability promises at send time, and the vote ledger. */
class HistoryAndPromisesTest {
    private final Violations violations = new Violations(new EventLoop());
    private final ProtocolChecker protocol = new ProtocolChecker(3, violations);
    private final DurableLog disk = new DurableLog();
    private final DurabilityPromises promises = new DurabilityPromises(id -> disk, id -> io.raftkv.raft.SnapshotMeta.NONE, protocol, violations);

    private List<Invariant> found() {
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void aVoteMayLeaveOnlyOnceItIsDurable() {
        promises.onSend(2, new RequestVoteResponse(2, 1, 3, true, false));
        assertEquals(List.of(Invariant.DURABILITY_PROMISE), found());
        disk.apply(new HardState(3, 1, 0), List.of());
        promises.onSend(2, new RequestVoteResponse(2, 1, 3, true, false));
        promises.onSend(2, new RequestVoteResponse(2, 3, 3, true, true));
        assertEquals(1, violations.count());
    }

    @Test
    void anAcknowledgementMayLeaveOnlyOnceItsEntriesAreDurable() {
        disk.apply(new HardState(2, 1, 0), List.of(Entry.normal(1, 1, ByteString.EMPTY)));
        promises.onSend(2, AppendEntriesResponse.accepted(2, 1, 2, 1));
        assertEquals(0, violations.count());
        promises.onSend(2, AppendEntriesResponse.accepted(2, 1, 2, 2));
        assertEquals(List.of(Invariant.DURABILITY_PROMISE), found());
    }

    @Test
    void aStaleAcknowledgementOfAnEarlierTermIsNotJudged() {
        disk.apply(new HardState(5, 0, 0), List.of());
        promises.onSend(2, AppendEntriesResponse.accepted(2, 1, 4, 10));
        assertEquals(0, violations.count());
    }

    @Test
    void aServerVotesForOneCandidatePerTermAcrossRestarts() {
        VoteLedger ledger = new VoteLedger(violations);
        ledger.onSend(2, new RequestVoteResponse(2, 1, 4, true, false));
        ledger.onSend(2, new RequestVoteResponse(2, 1, 4, true, false));
        ledger.onSend(2, new RequestVoteResponse(2, 3, 4, true, true));
        assertEquals(0, violations.count());
        ledger.onSend(2, new RequestVoteResponse(2, 3, 4, true, false));
        assertEquals(List.of(Invariant.ELECTION_SAFETY), found());
    }

    @Test
    void aCandidateHasVotedForItself() {
        VoteLedger ledger = new VoteLedger(violations);
        ledger.onSend(1, new RequestVote(1, 2, 7, 0, 0, false, false));
        ledger.onSend(1, new RequestVoteResponse(1, 3, 7, true, false));
        assertEquals(List.of(Invariant.ELECTION_SAFETY), found());
    }
}
