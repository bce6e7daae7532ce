package io.raftkv.simulator.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.simulator.client.Operation;
import io.raftkv.simulator.client.Operations;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.loop.TraceHash;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCheckerTest {
    private final Violations violations = new Violations(new EventLoop());
    private final AppliedLog applied = new AppliedLog(violations);

    private long apply(long index, long opId, long previousHash) {
        long hash = TraceHash.combine(previousHash, TraceHash.combine(index, opId));
        applied.onApply(1, index - 1, index, opId, hash);
        return hash;
    }

    private List<Invariant> check(List<Operation> history) {
        new HistoryChecker(applied, violations).check(history);
        return violations.kept().stream().map(Violation::invariant).toList();
    }

    @Test
    void readsThatSeeEveryEarlierWriteAreLinearizable() {
        long h1 = apply(1, 1, 0);
        long h2 = apply(2, 2, h1);
        List<Operation> history = List.of(
                Operations.write(1, 0, 10, 1),
                Operations.write(2, 20, 30, 2),
                Operations.read(3, 40, 50, 2, h2),
                Operations.read(4, 25, 60, 1, h1));
        assertEquals(List.of(), check(history));
    }

    @Test
    void aStaleReadIsNotLinearizable() {
        long h1 = apply(1, 1, 0);
        apply(2, 2, h1);
        List<Operation> history = List.of(
                Operations.write(1, 0, 10, 1),
                Operations.write(2, 20, 30, 2),
                Operations.read(3, 40, 50, 1, h1));
        assertEquals(List.of(Invariant.LINEARIZABILITY), check(history));
    }

    @Test
    void writesOrderedInRealTimeMustBeOrderedInTheLog() {
        apply(2, 1, apply(1, 2, 0));
        List<Operation> history = List.of(
                Operations.write(1, 0, 10, 2),
                Operations.write(2, 20, 30, 1));
        assertEquals(List.of(Invariant.LINEARIZABILITY), check(history));
    }

    @Test
    void aReadOfAStateNoReplicaHadIsCaught() {
        apply(1, 1, 0);
        assertEquals(List.of(Invariant.LINEARIZABILITY), check(List.of(Operations.read(3, 40, 50, 1, 12345))));
    }

    @Test
    void aRefusedProposalMustNeverBeApplied() {
        apply(1, 7, 0);
        assertEquals(List.of(Invariant.LINEARIZABILITY), check(List.of(Operations.refusedWrite(7, 0, 10))));
    }
}
