package io.raftkv.simulator.check.linearizability;

import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The search for a linearization of one partition: Wing and Gong's depth-first search over
 * linearization points, with Lowe's memoization, as Porcupine does it.
 *
 * <p>Walk the entry list from its start. At a call, try to linearize that op now: step the model;
 * if the output is possible and the configuration (set of linearized ops, state) has not been
 * seen before, lift the op out of the list, push it and start again from the start of the list.
 * At a return, the op it belongs to had to be linearized before everything after it and was not:
 * pop the latest op, put it back, and try the next candidate after it. A configuration is stored
 * the first time it is reached and never explored again: since the set of linearized ops only
 * grows along a path, one reached again is not on the current path, so it has already failed.
 *
 * <p>Unknown outcomes: such an op has no return entry (it returns at infinity, as Porcupine
 * models timeouts), so it may be linearized anywhere after its call; and it need not be
 * linearized at all, since it may never have taken effect. The search succeeds as soon as every
 * op with a known outcome is linearized. (Porcupine requires every op, and reaches the same
 * verdict: an unknown op's step accepts any output, so leftover ones can always go last.)
 *
 * <p>Cost of unknown outcomes: unknown reads are free, since they are dropped before the search
 * ({@link Model#readOnly}). Unknown writes are not: one that never took effect stays pending to
 * the end, and is tried at every later level; where a read pins the state down, every subset of
 * the writes pending before it may be tried (with distinct values and versions they all reach
 * distinct states, so no memoization merges them). This is exponential in the pending unknown
 * writes of one partition, as in Porcupine and Knossos. Measured with the KV model: 10,000 ops
 * over 50 keys with 2% unknown take about 11,000 steps; one key with 1,000 ops and 2% unknown
 * up to about 500,000; with 2,000 ops, more than 3,000,000. Subsuming configurations with the
 * same known ops and state but more unknown ops applied (they cannot succeed where the smaller
 * set failed) was tried and saved under 5%, so it is not done. The remedy lies in the history:
 * fewer ops per partition, or unknown outcomes resolved by the harness where it knows them.
 */
final class PartitionSearch<S, I, O> {
    private final Model<S, I, O> model;
    private final List<Op<I, O>> ops;
    private final StepBudget budget;
    private final EntryList entries;
    private final Set<Configuration> explored = new HashSet<>();
    private final BitSet linearized;
    /** The linearized ops in order, and the state before each. */
    private final int[] stackOps;
    private final List<S> stackStates;
    private S state;
    private int knownLeft;
    /**
     * The deepest dead end so far, kept as ops in {@code deepestOps[0, deepestDepth)}. Between two
     * dead ends the stack never dropped below {@code lowWater}, so only the ops above it are copied:
     * copying costs no more than the pushes made since, however long the prefix.
     */
    private final int[] deepestOps;
    private int deepestDepth = -1;
    private int lowWater;
    private S deadEndState;
    private int deadEndBlocker;
    private List<Op<I, O>> deadEndCandidates;

    /** What was memoized: the BitSet is a copy nobody changes. */
    private record Configuration(BitSet linearized, Object state) {}

    sealed interface Outcome<S, I, O> {}

    record Found<S, I, O>() implements Outcome<S, I, O> {}

    record Stuck<S, I, O>(DeadEnd<S, I, O> deepest) implements Outcome<S, I, O> {}

    record Exhausted<S, I, O>() implements Outcome<S, I, O> {}

    PartitionSearch(Model<S, I, O> model, Partition<I, O> partition, StepBudget budget) {
        this.model = model;
        this.ops = partition.ops();
        this.budget = budget;
        this.entries = new EntryList(ops);
        this.linearized = new BitSet(ops.size());
        this.stackOps = new int[ops.size()];
        this.deepestOps = new int[ops.size()];
        this.stackStates = new ArrayList<>(ops.size());
        this.state = model.initial();
        this.knownLeft = (int) ops.stream().filter(op -> !op.isUnknown()).count();
    }

    Outcome<S, I, O> run() {
        int entry = entries.first();
        while (knownLeft > 0) {
            // A known op's return is still in the list, so the walk meets it before running off the end.
            Check.that(entry != EntryList.NONE, "the entry walk ran past every return");
            if (!EntryList.isReturn(entry)) {
                int op = EntryList.opOf(entry);
                if (!budget.spend()) {
                    return new Exhausted<>();
                }
                if (tryLinearize(op)) {
                    entry = entries.first();
                } else {
                    entry = entries.next(entry);
                }
            } else {
                noteDeadEnd(entry);
                if (stackStates.isEmpty()) {
                    return new Stuck<>(deepestDeadEnd());
                }
                int op = backtrack();
                entry = entries.next(EntryList.callOf(op));
            }
        }
        return new Found<>();
    }

    private boolean tryLinearize(int op) {
        Op<I, O> candidate = ops.get(op);
        Optional<S> next = model.step(state, candidate.input(), candidate.output());
        if (next.isEmpty()) {
            return false;
        }
        linearized.set(op);
        if (!explored.add(new Configuration((BitSet) linearized.clone(), next.get()))) {
            linearized.clear(op);
            return false;
        }
        stackOps[stackStates.size()] = op;
        stackStates.add(state);
        state = next.get();
        entries.lift(op);
        if (!candidate.isUnknown()) {
            knownLeft--;
        }
        return true;
    }

    /** Pops the latest linearized op and puts it back; returns it. */
    private int backtrack() {
        int depth = stackStates.size() - 1;
        int op = stackOps[depth];
        state = stackStates.remove(depth);
        lowWater = Math.min(lowWater, depth);
        linearized.clear(op);
        entries.unlift(op);
        if (!ops.get(op).isUnknown()) {
            knownLeft++;
        }
        return op;
    }

    /** Keeps the first dead end at the greatest depth: the longest prefix, found deterministically. */
    private void noteDeadEnd(int returnEntry) {
        int depth = stackStates.size();
        if (depth <= deepestDepth) {
            return;
        }
        System.arraycopy(stackOps, lowWater, deepestOps, lowWater, depth - lowWater);
        deepestDepth = depth;
        lowWater = depth;
        List<Op<I, O>> candidates = new ArrayList<>();
        for (int e = entries.first(); e != returnEntry; e = entries.next(e)) {
            Check.that(!EntryList.isReturn(e), "a return before the dead end at entry %d was passed", returnEntry);
            candidates.add(ops.get(EntryList.opOf(e)));
        }
        deadEndState = state;
        deadEndBlocker = EntryList.opOf(returnEntry);
        deadEndCandidates = candidates;
    }

    private DeadEnd<S, I, O> deepestDeadEnd() {
        List<Op<I, O>> prefix = new ArrayList<>(deepestDepth);
        for (int i = 0; i < deepestDepth; i++) {
            prefix.add(ops.get(deepestOps[i]));
        }
        return new DeadEnd<>(prefix, deadEndState, ops.get(deadEndBlocker), deadEndCandidates);
    }
}
