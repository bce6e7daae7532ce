package io.raftkv.simulator.check;

import io.raftkv.simulator.client.Operation;
import io.raftkv.simulator.node.SimNode;
import java.util.List;

/**
 * After every fault healed and the quiet period passed: each acknowledged proposal is applied,
 * at the index it was acknowledged with, on every machine that is up; and the cluster
 * acknowledged something after the heal (it did not just stay safe by doing nothing), when
 * clients had at least {@link #PROGRESS_WINDOW_MIN_MICROS} after the heal to try.
 */
public final class LivenessChecker {
    /** Time for an election and a round trip; less than this after the heal proves nothing either way. */
    public static final long PROGRESS_WINDOW_MIN_MICROS = 1_000_000;

    private final Violations violations;

    public LivenessChecker(Violations violations) {
        this.violations = violations;
    }

    public void check(List<Operation> history, List<SimNode> nodes, long healMicros, long clientStopMicros) {
        for (SimNode node : nodes) {
            if (!node.isUp() || node.machine() == null) {
                violations.report(node.id(), Invariant.ACKNOWLEDGED_LOST, "is not up at the end of the quiet period");
                continue;
            }
            checkNode(history, node);
        }
        if (clientStopMicros - healMicros < PROGRESS_WINDOW_MIN_MICROS) {
            return;
        }
        boolean progressed = history.stream().anyMatch(op -> op.kind() == Operation.Kind.WRITE
                && op.outcome() == Operation.Outcome.OK && op.invokeMicros() >= healMicros);
        if (!progressed) {
            violations.report(0, Invariant.NO_PROGRESS, "no proposal invoked after the heal at t="
                    + healMicros + "us was acknowledged before the end");
        }
    }

    private void checkNode(List<Operation> history, SimNode node) {
        long missing = 0;
        Operation first = null;
        for (Operation op : history) {
            if (op.kind() == Operation.Kind.WRITE && op.outcome() == Operation.Outcome.OK
                    && node.machine().opAt(op.position()) != op.opId()) {
                missing++;
                if (first == null) {
                    first = op;
                }
            }
        }
        if (missing > 0) {
            violations.report(node.id(), Invariant.ACKNOWLEDGED_LOST, missing + " acknowledged proposals are not applied"
                    + " here after the quiet period (applied up to index " + node.machine().lastIndex()
                    + "), the first: " + first);
        }
    }
}
