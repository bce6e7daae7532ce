package io.raftkv.simulator.check.linearizability;

import java.util.List;

/** What {@link LinearizabilityChecker#check} found. Every result says how many model steps it took. */
public sealed interface CheckResult {
    long steps();

    /** Every partition has a linearization. */
    record Linearizable(int partitions, long steps) implements CheckResult {}

    /**
     * A partition has no linearization. The report is the deepest point the search reached: the
     * longest prefix of a linearization it found, in order, and the ops that were candidates to
     * come next there, none of which could.
     *
     * @param partition which partition (its keys)
     * @param longestPrefix the longest linearizable prefix found, in linearization order
     * @param stuck the ops that could not be linearized next after that prefix
     * @param explanation for a person: the state after the prefix and why each stuck op fails
     */
    record NotLinearizable(String partition, List<Op<?, ?>> longestPrefix, List<Op<?, ?>> stuck, String explanation,
                           long steps) implements CheckResult {
        public NotLinearizable {
            longestPrefix = List.copyOf(longestPrefix);
            stuck = List.copyOf(stuck);
        }
    }

    /**
     * The step budget ran out in {@code partition}: the history is neither proven linearizable nor
     * shown not to be. A test must treat this as a failure, or a checker that gives up would pass
     * every history it cannot decide.
     */
    record OutOfBudget(long steps, String partition) implements CheckResult {}
}
