package io.raftkv.simulator.check;

import io.raftkv.simulator.sm.ApplyListener;
import io.raftkv.simulator.sm.GrowableLongs;

/**
 * State machine safety at the state machine itself: the first node to apply an index fixes which
 * operation sits there and the state hash after it; every other application must agree. This
 * sees what the runtime really applied, where the protocol checker sees what the core said.
 */
public final class AppliedLog implements ApplyListener {
    private final Violations violations;
    /** opAt[index]: the operation applied there; 0 while no node applied a command there. */
    private final GrowableLongs opAt = new GrowableLongs();
    private final GrowableLongs hashAt = new GrowableLongs();
    /** indexOf[opId]: where the operation was applied; 0 while nowhere. */
    private final GrowableLongs indexOf = new GrowableLongs();

    public AppliedLog(Violations violations) {
        this.violations = violations;
    }

    @Override
    public void onApply(long nodeId, long previousIndex, long index, long opId, long stateHash) {
        if (index <= previousIndex) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY,
                    "applied index " + index + " after index " + previousIndex);
        }
        long known = opAt.get(index);
        if (known == 0) {
            opAt.set(index, opId);
            hashAt.set(index, stateHash);
        } else if (known != opId || hashAt.get(index) != stateHash) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "applied op " + opId + " at index " + index
                    + " where another node applied op " + known + (known == opId ? " after a different history" : ""));
        }
        long where = indexOf.get(opId);
        if (where == 0) {
            indexOf.set(opId, index);
        } else if (where != index) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY,
                    "op " + opId + " applied at index " + index + " and also at index " + where);
        }
    }

    /** The operation applied at {@code index} by whoever applied it first, or 0. */
    public long opAt(long index) {
        return opAt.get(index);
    }

    /** The state hash after {@code index}, as the first node to apply it saw it; 0 when unknown. */
    public long hashAt(long index) {
        return hashAt.get(index);
    }

    /** Where {@code opId} was applied, or 0 when nowhere (yet). */
    public long indexOf(long opId) {
        return indexOf.get(opId);
    }
}
