package io.raftkv.simulator.check.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Classic register histories, named by what makes them (not) linearizable. */
class LinearizabilityCheckerTest {

    @Test
    void sequentialWritesAndReadsAreLinearizable() {
        CheckResult result = new RegisterHistory()
                .write(1, "x", 1, 0, 10)
                .read(2, "x", 1, 20, 30)
                .write(2, "x", 2, 40, 50)
                .read(1, "x", 2, 60, 70)
                .check();
        assertEquals(new CheckResult.Linearizable(1, 4), result);
    }

    @Test
    void staleReadAfterACompletedWriteIsNotLinearizable() {
        CheckResult result = new RegisterHistory()
                .write(1, "x", 1, 0, 10)
                .read(2, "x", 0, 20, 30)
                .check();
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, result);
        assertEquals(List.of(0L), opIds(failure.longestPrefix()), "the write alone is linearizable");
        assertEquals(List.of(1L), opIds(failure.stuck()), "the read cannot follow it");
        assertTrue(failure.explanation().contains("op 1 (client 2, 20..30 us) Read[key=x] -> 0: impossible from this state"),
                failure.explanation());
    }

    @Test
    void lostWriteIsNotLinearizable() {
        CheckResult result = new RegisterHistory()
                .write(1, "x", 1, 0, 10)
                .write(2, "x", 2, 20, 30)
                .read(3, "x", 1, 40, 50)
                .check();
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, result);
        assertEquals(List.of(0L, 1L), opIds(failure.longestPrefix()));
        assertEquals(List.of(2L), opIds(failure.stuck()));
    }

    @Test
    void readsConcurrentWithAWriteMaySeeEitherValueButNeverGoBack() {
        RegisterHistory history = new RegisterHistory()
                .write(1, "x", 1, 0, 100)
                .read(2, "x", 0, 10, 20)
                .read(2, "x", 1, 30, 40);
        assertInstanceOf(CheckResult.Linearizable.class, history.check());

        history.read(3, "x", 0, 50, 60);
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, history.check());
        assertTrue(failure.stuck().stream().anyMatch(op -> op.opId() == 3), failure.explanation());
    }

    @Test
    void concurrentWritesMayTakeEffectInEitherOrder() {
        RegisterHistory history = new RegisterHistory()
                .write(1, "x", 1, 0, 50)
                .write(2, "x", 2, 10, 60)
                .read(3, "x", 1, 70, 80);
        assertInstanceOf(CheckResult.Linearizable.class, history.check(), "write 2 then write 1");
        history.read(3, "x", 2, 90, 100);
        assertInstanceOf(CheckResult.NotLinearizable.class, history.check(), "nothing writes 2 after 1 was seen");
    }

    @Test
    void casSucceedsOnlyFromItsExpectedValue() {
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .cas(1, "x", 0, 5, true, 0, 10)
                .cas(2, "x", 0, 7, false, 20, 30)
                .read(1, "x", 5, 40, 50)
                .check());
        assertInstanceOf(CheckResult.NotLinearizable.class, new RegisterHistory()
                .cas(1, "x", 0, 5, true, 0, 10)
                .cas(2, "x", 0, 7, true, 20, 30)
                .check(), "two CAS from 0 cannot both swap");
    }

    /** Tie rule: a return and a call at the same microsecond are concurrent. */
    @Test
    void anOpCalledTheMicrosecondAnotherReturnsIsConcurrentWithIt() {
        assertInstanceOf(CheckResult.Linearizable.class, new RegisterHistory()
                .write(1, "x", 1, 0, 10)
                .read(2, "x", 0, 10, 20)
                .check());
        assertInstanceOf(CheckResult.NotLinearizable.class, new RegisterHistory()
                .write(1, "x", 1, 0, 10)
                .read(2, "x", 0, 11, 20)
                .check());
    }

    @Test
    void anOpOfZeroDurationTakesEffectAtThatInstant() {
        assertInstanceOf(CheckResult.NotLinearizable.class, new RegisterHistory()
                .write(1, "x", 1, 5, 5)
                .read(2, "x", 0, 6, 6)
                .check());
    }

    @Test
    void theResultDoesNotDependOnTheOrderOfTheList() {
        RegisterHistory history = new RegisterHistory();
        for (int i = 0; i < 12; i++) {
            history.write(i % 3, "x", i, i * 10L, i * 10L + 25);
            history.read((i + 1) % 3, "x", i, i * 10L + 5, i * 10L + 40);
        }
        history.read(4, "x", 3, 500, 510);
        List<Op<RegisterModel.Input, Integer>> ops = new ArrayList<>(history.ops());
        CheckResult first = LinearizabilityChecker.check(new RegisterModel(), ops, 1_000_000);
        assertInstanceOf(CheckResult.NotLinearizable.class, first);
        Collections.reverse(ops);
        assertEquals(first, LinearizabilityChecker.check(new RegisterModel(), ops, 1_000_000));
        Collections.rotate(ops, 7);
        assertEquals(first, LinearizabilityChecker.check(new RegisterModel(), ops, 1_000_000));
    }

    @Test
    void anEmptyHistoryIsLinearizable() {
        assertEquals(new CheckResult.Linearizable(0, 0), new RegisterHistory().check());
    }

    @Test
    void duplicateOpIdsAreRejected() {
        Op<RegisterModel.Input, Integer> op = new Op<>(7, 1, new RegisterModel.Read("x"), 0, 0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> LinearizabilityChecker.check(new RegisterModel(), List.of(op, op), 100));
    }

    @Test
    void anOpMustReturnAtInfinityExactlyWhenItsOutcomeIsUnknown() {
        RegisterModel.Read read = new RegisterModel.Read("x");
        assertThrows(IllegalArgumentException.class, () -> new Op<>(1, 1, read, null, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Op<>(1, 1, read, 0, 0, Op.UNKNOWN_RETURN));
        assertThrows(IllegalArgumentException.class, () -> new Op<>(1, 1, read, 0, 10, 5));
    }

    static List<Long> opIds(List<Op<?, ?>> ops) {
        return ops.stream().map(Op::opId).toList();
    }
}
