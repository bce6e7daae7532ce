package io.raftkv.simulator.check.linearizability;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ops whose outcome nobody saw: applied at any time after their call, or never, but at most once. */
class UnknownOutcomeTest {
    private static final RegisterModel.Write WRITE_5 = new RegisterModel.Write("x", 5);

    @Test
    void anUnknownWriteIsAssumedAppliedWhenALaterReadSeesIt() {
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .unknown(1, WRITE_5, 0)
                .read(2, "x", 5, 100, 110)
                .check());
    }

    @Test
    void anUnknownWriteIsAssumedNotAppliedWhenNothingSeesIt() {
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .unknown(1, WRITE_5, 0)
                .read(2, "x", 0, 100, 110)
                .read(2, "x", 0, 200, 210)
                .check());
    }

    @Test
    void anUnknownWriteMayTakeEffectLongAfterItsClientGaveUp() {
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .unknown(1, WRITE_5, 0)
                .read(2, "x", 0, 100, 110)
                .read(2, "x", 5, 200, 210)
                .check());
    }

    @Test
    void anUnknownWriteTakesEffectAtMostOnce() {
        CheckResult result = new RegisterHistory()
                .unknown(1, WRITE_5, 0)
                .read(2, "x", 5, 100, 110)
                .write(3, "x", 1, 120, 130)
                .read(2, "x", 5, 200, 210)
                .check();
        assertInstanceOf(CheckResult.NotLinearizable.class, result);
    }

    @Test
    void anUnknownWriteCannotTakeEffectBeforeItWasCalled() {
        CheckResult result = new RegisterHistory()
                .read(2, "x", 5, 0, 10)
                .unknown(1, WRITE_5, 20)
                .check();
        assertInstanceOf(CheckResult.NotLinearizable.class, result);
    }

    @Test
    void anUnknownCasThatCouldNotHaveSwappedLeavesTheStateAlone() {
        assertInstanceOf(CheckResult.NotLinearizable.class, new RegisterHistory()
                .write(1, "x", 3, 0, 10)
                .unknown(2, new RegisterModel.Cas("x", 0, 9), 20)
                .read(1, "x", 9, 100, 110)
                .check(), "the CAS expected 0 but x was 3 from its call on");
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .write(1, "x", 3, 0, 10)
                .unknown(2, new RegisterModel.Cas("x", 3, 9), 20)
                .read(1, "x", 9, 100, 110)
                .check());
    }

    /**
     * Each unknown read kept in the search doubles the configurations it can reach (the set of
     * linearized ops is memoized with the state), so a failing history with thirty of them runs
     * out of any budget; dropped as read-only, they cost nothing.
     */
    @Test
    void unknownReadsAreDroppedSoTheyCannotBlowUpTheSearch() {
        RegisterHistory history = new RegisterHistory().write(1, "x", 1, 0, 10);
        for (int i = 0; i < 30; i++) {
            history.unknown(2 + i, new RegisterModel.Read("x"), 20 + i);
        }
        history.read(1, "x", 7, 100, 110);

        CheckResult dropped = history.check(new RegisterModel(true), 1_000);
        assertInstanceOf(CheckResult.NotLinearizable.class, dropped);
        assertTrue(dropped.steps() < 10, "steps: " + dropped.steps());

        assertInstanceOf(CheckResult.OutOfBudget.class, history.check(new RegisterModel(false), 1_000_000));
    }
}
