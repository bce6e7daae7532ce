package io.raftkv.simulator.check.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Ops on different keys are checked apart; an op naming two keys joins them. */
class PartitioningTest {

    /** a and b written concurrently, then each read; b's read sees {@code seenInB}. */
    private static CheckResult twoKeys(int seenInB) {
        return new RegisterHistory()
                .write(1, "a", 1, 0, 10)
                .write(2, "b", 2, 0, 10)
                .read(1, "a", 1, 20, 30)
                .read(2, "b", seenInB, 20, 30)
                .check();
    }

    @Test
    void independentKeysAreSeparatePartitions() {
        assertEquals(2, assertInstanceOf(CheckResult.Linearizable.class, twoKeys(2)).partitions());
    }

    @Test
    void theReportNamesThePartitionThatFailed() {
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, twoKeys(0));
        assertEquals("keys [b] (2 ops)", failure.partition());
    }

    @Test
    void anOpNamingTwoKeysMergesTheirPartitions() {
        RegisterHistory history = new RegisterHistory()
                .write(1, "a", 1, 0, 10)
                .write(2, "b", 2, 0, 10)
                .write(3, "c", 3, 0, 10)
                .copy(1, "a", "b", 20, 30)
                .read(2, "b", 1, 40, 50);
        CheckResult.Linearizable result = assertInstanceOf(CheckResult.Linearizable.class, history.check());
        assertEquals(2, result.partitions(), "{a, b} and {c}");
    }

    @Test
    void aLinkingOpMakesOneKeysHistoryConstrainTheOther() {
        CheckResult result = new RegisterHistory()
                .write(1, "a", 1, 0, 10)
                .copy(1, "a", "b", 20, 30)
                .read(2, "b", 0, 40, 50)
                .check();
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, result);
        assertTrue(failure.partition().startsWith("keys [a, b]"), failure.partition());
    }

    @Test
    void mergesAreTransitive() {
        CheckResult result = new RegisterHistory()
                .copy(1, "a", "b", 0, 10)
                .copy(1, "c", "d", 0, 10)
                .copy(1, "b", "c", 20, 30)
                .check();
        assertEquals(1, assertInstanceOf(CheckResult.Linearizable.class, result).partitions());
    }
}
