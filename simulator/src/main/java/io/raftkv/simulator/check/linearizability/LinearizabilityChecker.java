package io.raftkv.simulator.check.linearizability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a history of client operations is linearizable against a sequential {@link
 * Model} (Herlihy and Wing): whether every op can be given a point between its call and its
 * return such that, taken in the order of those points, the ops are a run of the model.
 *
 * <p>The history is split into independent partitions ({@link Model#partitionKeys}), each
 * searched on its own ({@link PartitionSearch}); unknown-outcome ops the model calls read-only
 * are dropped first ({@link Model#readOnly}). The result is deterministic: it depends on the set
 * of ops and the model only, never on list order, timing or hash order, and neither does the
 * number of steps.
 */
public final class LinearizabilityChecker {
    private LinearizabilityChecker() {}

    /**
     * @param stepBudget the most model steps the whole check may take; past it the result is
     *     {@link CheckResult.OutOfBudget}
     * @throws IllegalArgumentException if two ops share an id
     */
    public static <S, I, O> CheckResult check(Model<S, I, O> model, List<Op<I, O>> history, long stepBudget) {
        StepBudget budget = new StepBudget(stepBudget);
        List<Partition<I, O>> partitions = Partitioning.split(model, relevant(model, history));
        for (Partition<I, O> partition : partitions) {
            PartitionSearch.Outcome<S, I, O> outcome = new PartitionSearch<>(model, partition, budget).run();
            if (outcome instanceof PartitionSearch.Exhausted<S, I, O>) {
                return new CheckResult.OutOfBudget(budget.used(), partition.describe());
            }
            if (outcome instanceof PartitionSearch.Stuck<S, I, O> stuck) {
                DeadEnd<S, I, O> deadEnd = stuck.deepest();
                return new CheckResult.NotLinearizable(partition.describe(), List.copyOf(deadEnd.prefix()),
                        List.copyOf(deadEnd.candidates()), deadEnd.explain(model, partition), budget.used());
            }
        }
        return new CheckResult.Linearizable(partitions.size(), budget.used());
    }

    private static <S, I, O> List<Op<I, O>> relevant(Model<S, I, O> model, List<Op<I, O>> history) {
        Set<Long> ids = new HashSet<>();
        List<Op<I, O>> relevant = new ArrayList<>(history.size());
        for (Op<I, O> op : history) {
            if (!ids.add(op.opId())) {
                throw new IllegalArgumentException("op id " + op.opId() + " appears twice in the history");
            }
            if (!(op.isUnknown() && model.readOnly(op.input()))) {
                relevant.add(op);
            }
        }
        return relevant;
    }
}
