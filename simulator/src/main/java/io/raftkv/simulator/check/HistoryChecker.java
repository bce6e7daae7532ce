package io.raftkv.simulator.check;

import io.raftkv.simulator.client.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Checks the clients' history against the log, after the run.
 *
 * <p>Linearizability, specialised to this state machine: every successful operation has a known
 * place in the one total order the log defines (a write at its index, a read at the index of the
 * state it saw), so the history is linearizable exactly when those places respect real time: if
 * X completed before Y was invoked, X's place is before Y's (a read may share its place with the
 * write it saw, and with other reads). A sweep over invocations, keeping the latest place of the
 * operations completed so far, checks this in O(n log n). Reads must also have seen the state the
 * log holds at their place.
 *
 * <p>Outcomes: a refused proposal ("certainly not applied") must never be applied.
 */
public final class HistoryChecker {
    /** Enough to see the pattern; the rest are counted. */
    private static final int REPORTS_MAX = 5;

    private final AppliedLog applied;
    private final Violations violations;
    private int reports;

    public HistoryChecker(AppliedLog applied, Violations violations) {
        this.applied = applied;
        this.violations = violations;
    }

    public void check(List<Operation> history) {
        List<Operation> ok = new ArrayList<>();
        for (Operation op : history) {
            if (op.outcome() == Operation.Outcome.OK) {
                ok.add(op);
                checkPlace(op);
            } else if (op.outcome() == Operation.Outcome.FAILED && op.kind() == Operation.Kind.WRITE
                    && applied.indexOf(op.opId()) != 0) {
                report(op, "was refused as certainly not applied, yet it was applied at index " + applied.indexOf(op.opId()));
            }
        }
        checkRealTimeOrder(ok);
    }

    private void checkPlace(Operation op) {
        if (op.kind() == Operation.Kind.WRITE) {
            if (applied.opAt(op.position()) != op.opId()) {
                report(op, "was acknowledged at index " + op.position() + ", where op " + applied.opAt(op.position())
                        + " was applied");
            }
        } else if (op.position() > 0 && applied.hashAt(op.position()) != op.stateHash()) {
            report(op, "saw a state at index " + op.position() + " that no replica had there");
        }
    }

    private void checkRealTimeOrder(List<Operation> ok) {
        List<Operation> byInvoke = new ArrayList<>(ok);
        byInvoke.sort(Comparator.comparingLong(Operation::invokeStamp));
        List<Operation> byComplete = new ArrayList<>(ok);
        byComplete.sort(Comparator.comparingLong(Operation::completeStamp));
        Operation latestWrite = null;
        Operation latestRead = null;
        int done = 0;
        for (Operation op : byInvoke) {
            while (done < byComplete.size() && byComplete.get(done).completeStamp() < op.invokeStamp()) {
                Operation finished = byComplete.get(done++);
                if (finished.kind() == Operation.Kind.WRITE) {
                    latestWrite = later(latestWrite, finished);
                } else {
                    latestRead = later(latestRead, finished);
                }
            }
            boolean write = op.kind() == Operation.Kind.WRITE;
            // A write must come strictly after everything that finished before it began; a read may share a place.
            if (latestWrite != null && (write ? latestWrite.position() >= op.position() : latestWrite.position() > op.position())) {
                report(op, "was placed at index " + op.position() + " although " + latestWrite + " had finished before it began");
            }
            if (latestRead != null && (write ? latestRead.position() >= op.position() : latestRead.position() > op.position())) {
                report(op, "was placed at index " + op.position() + " although " + latestRead + " had finished before it began");
            }
        }
    }

    private static Operation later(Operation a, Operation b) {
        return a == null || b.position() > a.position() ? b : a;
    }

    private void report(Operation op, String what) {
        if (reports++ < REPORTS_MAX) {
            violations.report(op.nodeId(), Invariant.LINEARIZABILITY, op + " " + what);
        } else {
            violations.report(op.nodeId(), Invariant.LINEARIZABILITY, "(more of the same)");
        }
    }
}
