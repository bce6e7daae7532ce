package io.raftkv.simulator.check.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

/** The search stops after the budget, deterministically, and says where. */
class StepBudgetTest {

    /** Many concurrent writes and a read of a value nobody wrote: every order must be tried. */
    private static RegisterHistory pathological(int writes) {
        RegisterHistory history = new RegisterHistory();
        for (int i = 0; i < writes; i++) {
            history.write(i, "x", i + 1, i, 1_000 + i);
        }
        return history.read(99, "x", -1, 2_000, 2_010);
    }

    @Test
    void aPathologicalHistoryRunsOutOfATinyBudget() {
        CheckResult result = pathological(16).check(new RegisterModel(), 1_000);
        assertEquals(new CheckResult.OutOfBudget(1_000, "keys [x] (17 ops)"), result);
    }

    @Test
    void withEnoughBudgetTheSameShapeIsDecided() {
        CheckResult result = pathological(6).check(new RegisterModel(), 1_000_000);
        assertInstanceOf(CheckResult.NotLinearizable.class, result);
    }

    @Test
    void theBudgetIsSharedByAllPartitions() {
        RegisterHistory history = new RegisterHistory();
        for (int i = 0; i < 10; i++) {
            history.write(1, "k" + i, 1, i * 10L, i * 10L + 5);
        }
        assertEquals(new CheckResult.Linearizable(10, 10), history.check(new RegisterModel(), 10));
        assertInstanceOf(CheckResult.OutOfBudget.class, history.check(new RegisterModel(), 9));
    }

    @Test
    void theSameHistoryTakesTheSameNumberOfSteps() {
        CheckResult first = pathological(6).check(new RegisterModel(), 1_000_000);
        assertEquals(first, pathological(6).check(new RegisterModel(), 1_000_000));
    }
}
