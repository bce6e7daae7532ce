package io.raftkv.simulator.check.linearizability;

import java.util.Collection;
import java.util.Optional;

/**
 * A sequential specification: what one operation may observe and what it leaves behind, if the
 * operations took effect one at a time.
 *
 * <p>The checker memoizes on {@code (ops linearized so far, state)}, so {@code S} must have value
 * {@code equals} and {@code hashCode} (records of immutable values); a state with identity
 * equality makes every configuration look new and the search exponential.
 *
 * @param <S> the state, immutable
 * @param <I> what a client asked
 * @param <O> what it was told; {@code null} when the outcome is unknown
 */
public interface Model<S, I, O> {
    S initial();

    /**
     * The state after {@code input} took effect in {@code state} and answered {@code output}, or
     * empty if {@code output} is impossible from {@code state}. {@code output == null} means the
     * outcome is unknown (a timeout, a crash): the op may or may not have taken effect, and if
     * this step is asked for, it did, with an answer nobody saw, so any answer is acceptable.
     * Pure: the same arguments always give the same result.
     */
    Optional<S> step(S state, I input, O output);

    /**
     * Ops that may touch the same state must share a key; an op may name several keys, and then
     * everything its keys touch is checked together (P-compositionality: a history is
     * linearizable iff each such partition is). An empty collection says the op touches no state
     * this model checks, and the checker leaves it out. Keys need value equality.
     */
    Collection<?> partitionKeys(I input);

    /**
     * True if {@code input} never changes the state when its outcome is unknown: {@code
     * step(s, input, null)} is {@code Optional.of(s)} for every {@code s}. Such an op constrains
     * nothing (it may be linearized anywhere, or nowhere, leaving everything as it was), so the
     * checker drops it before the search; left in, every one of them would double the
     * configurations the search can reach, since the set of linearized ops is part of what it
     * memoizes. Answering false is always safe, only slower.
     */
    default boolean readOnly(I input) {
        return false;
    }

    /** One op for a report. */
    default String describe(I input, O output) {
        return input + " -> " + (output == null ? "unknown outcome" : output);
    }

    /** A state for a report. */
    default String describeState(S state) {
        return String.valueOf(state);
    }
}
