package io.raftkv.simulator.check.linearizability;

import java.util.List;

/**
 * A point where the search could not go on: after {@code prefix} (a linearization of those ops,
 * in order) the state is {@code state}; {@code blocker} has returned, so it had to be linearized
 * before anything called later, and none of {@code candidates} (the ops called before that
 * return, {@code blocker} among them) can be linearized next.
 */
record DeadEnd<S, I, O>(List<Op<I, O>> prefix, S state, Op<I, O> blocker, List<Op<I, O>> candidates) {
    /** Enough of a long prefix to see where it was going; the record has all of it. */
    private static final int PREFIX_SHOWN_MAX = 20;

    DeadEnd {
        prefix = List.copyOf(prefix);
        candidates = List.copyOf(candidates);
    }

    /** Replays each candidate from {@code state} (outside the step budget: this is reporting). */
    String explain(Model<S, I, O> model, Partition<I, O> partition) {
        StringBuilder text = new StringBuilder();
        text.append("no linearization of partition ").append(partition.describe())
                .append(". The longest linearizable prefix found has ").append(prefix.size()).append(" ops");
        int from = Math.max(0, prefix.size() - PREFIX_SHOWN_MAX);
        if (from > 0) {
            text.append(" (the last ").append(PREFIX_SHOWN_MAX).append(" shown)");
        }
        text.append(':');
        for (int i = from; i < prefix.size(); i++) {
            text.append("\n  ").append(i + 1).append(". ").append(line(model, prefix.get(i)));
        }
        text.append("\nstate after it: ").append(model.describeState(state));
        text.append("\nop ").append(blocker.opId()).append(" returned at ").append(blocker.returnMicros())
                .append(" us, so it had to take effect before any op called later; it and the ops called before its return")
                .append(" cannot come next:");
        for (Op<I, O> op : candidates) {
            boolean possible = model.step(state, op.input(), op.output()).isPresent();
            text.append("\n  ").append(line(model, op)).append(": ")
                    .append(possible ? "possible here, but no linearization of the remaining ops follows"
                            : "impossible from this state");
        }
        return text.toString();
    }

    private static <S, I, O> String line(Model<S, I, O> model, Op<I, O> op) {
        return op.header() + " " + model.describe(op.input(), op.output());
    }
}
