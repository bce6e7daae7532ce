package io.raftkv.simulator.check.linearizability.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.check.linearizability.LinearizabilityChecker;
import io.raftkv.simulator.check.linearizability.Op;
import io.raftkv.simulator.check.linearizability.RevisionOrderCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A workload-sized history must be decided within a budget a simulation run can afford. Steps
 * are deterministic, so the budget is the assertion; the time is printed, never asserted.
 */
class KvCheckPerformanceTest {
    private static final long BUDGET = 1_000_000;

    @Test
    void tenThousandOpsOverFiftyKeysWithFiveClientsAndTwoPercentUnknownFitTheBudget() {
        List<PlannedOp> plan = ClientTimeline.plan(20_251_124L, 10_000, 50, 5, 0.02);
        List<Op<KvInput, KvOutput>> history = KvHistoryMaker.make(plan);
        long unknown = history.stream().filter(Op::isUnknown).count();

        long startNanos = System.nanoTime();
        CheckResult result = LinearizabilityChecker.check(new KvModel(), history, BUDGET);
        long checkMillis = (System.nanoTime() - startNanos) / 1_000_000;
        startNanos = System.nanoTime();
        assertEquals(List.of(), RevisionOrderCheck.check(history));
        long revisionMillis = (System.nanoTime() - startNanos) / 1_000_000;

        System.out.printf("linearizability check of %d ops (%d unknown) over 50 keys: %s in %d ms; revision order %d ms%n",
                history.size(), unknown, result, checkMillis, revisionMillis);
        CheckResult.Linearizable linearizable = assertInstanceOf(CheckResult.Linearizable.class, result);
        assertEquals(50, linearizable.partitions());
    }
}
