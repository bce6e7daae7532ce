package io.raftkv.simulator.check.linearizability;

/**
 * How many model steps one check may take, across all its partitions. Counting steps rather than
 * time keeps the verdict deterministic: the same history runs out at the same step on any machine.
 */
final class StepBudget {
    private final long limit;
    private long used;

    StepBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("stepBudget must be >= 0, got " + limit);
        }
        this.limit = limit;
    }

    /** Takes one step, or says there is none left. */
    boolean spend() {
        if (used == limit) {
            return false;
        }
        used++;
        return true;
    }

    long used() {
        return used;
    }
}
