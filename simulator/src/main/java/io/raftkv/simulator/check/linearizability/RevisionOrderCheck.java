package io.raftkv.simulator.check.linearizability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A global check the per-key search cannot make: store revisions must agree with real time
 * across all keys. If A returned before B was called (strictly: at the same microsecond they are
 * concurrent, as in {@link EntryList}), then {@code rev(A) <= rev(B)}; and if B changed the store,
 * {@code rev(A) < rev(B)}, whatever A was, since B made a new revision after A had seen or made
 * {@code rev(A)}. (This covers the case of two writes.) Two ops that both changed the store never
 * share a revision, whenever they ran.
 *
 * <p>O(n log n): sort by call and by return, and sweep the calls keeping the op with the highest
 * revision among those already returned. Each violating op is reported once, against that op.
 * Ops with an unknown outcome have no revision and are skipped.
 */
public final class RevisionOrderCheck {
    private RevisionOrderCheck() {}

    /** A completed op with what its output says about revisions. */
    private record Stamped(Op<?, ?> op, long revision, boolean write) {
        static final Comparator<Stamped> BY_CALL =
                Comparator.<Stamped>comparingLong(s -> s.op.callMicros()).thenComparingLong(s -> s.op.opId());
        static final Comparator<Stamped> BY_RETURN =
                Comparator.<Stamped>comparingLong(s -> s.op.returnMicros()).thenComparingLong(s -> s.op.opId());
        static final Comparator<Stamped> BY_REVISION =
                Comparator.<Stamped>comparingLong(Stamped::revision).thenComparingLong(s -> s.op.opId());
    }

    /** The violations found, in a deterministic order; empty if there are none. */
    public static List<RevisionOrderViolation> check(List<? extends Op<?, ? extends Revisioned>> history) {
        List<Stamped> completed = new ArrayList<>();
        for (Op<?, ? extends Revisioned> op : history) {
            if (!op.isUnknown()) {
                completed.add(new Stamped(op, op.output().revision(), op.output().changedStore()));
            }
        }
        List<RevisionOrderViolation> violations = new ArrayList<>();
        checkRealTime(completed, violations);
        checkDistinctWrites(completed, violations);
        return violations;
    }

    private static void checkRealTime(List<Stamped> ops, List<RevisionOrderViolation> violations) {
        List<Stamped> byCall = new ArrayList<>(ops);
        byCall.sort(Stamped.BY_CALL);
        List<Stamped> byReturn = new ArrayList<>(ops);
        byReturn.sort(Stamped.BY_RETURN);
        Stamped highest = null;
        int returned = 0;
        for (Stamped later : byCall) {
            while (returned < byReturn.size() && byReturn.get(returned).op.returnMicros() < later.op.callMicros()) {
                Stamped done = byReturn.get(returned++);
                if (highest == null || done.revision > highest.revision) {
                    highest = done;
                }
            }
            if (highest != null && (later.write ? later.revision <= highest.revision : later.revision < highest.revision)) {
                violations.add(new RevisionOrderViolation(highest.op, later.op, highest.op.header()
                        + " returned with revision " + highest.revision + " before " + later.op.header()
                        + " was called, yet the later one " + (later.write
                                ? "changed the store at revision " + later.revision + ", not above it"
                                : "saw revision " + later.revision + ", below it")));
            }
        }
    }

    private static void checkDistinctWrites(List<Stamped> ops, List<RevisionOrderViolation> violations) {
        List<Stamped> writes = new ArrayList<>(ops.stream().filter(Stamped::write).toList());
        writes.sort(Stamped.BY_REVISION);
        for (int i = 1; i < writes.size(); i++) {
            Stamped first = writes.get(i - 1);
            Stamped second = writes.get(i);
            if (first.revision == second.revision) {
                violations.add(new RevisionOrderViolation(first.op, second.op, first.op.header() + " and "
                        + second.op.header() + " both changed the store at revision " + first.revision));
            }
        }
    }
}
