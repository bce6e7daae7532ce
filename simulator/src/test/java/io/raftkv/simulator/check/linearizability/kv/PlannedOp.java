package io.raftkv.simulator.check.linearizability.kv;

/**
 * One op of a generated history before it is run: what kind, on which key, when it takes effect
 * ({@code linMicros}), and how far its call and return lie from that point.
 */
record PlannedOp(int client, Kind kind, int key, long linMicros, long callBeforeMicros, long returnAfterMicros,
                 Fate fate) {
    enum Kind { GET, PUT, PUT_WITH_LEASE, DELETE, CREATE_IF_ABSENT, REVOKE }

    /** Whether the client saw the outcome, and if not, whether the op took effect anyway. */
    enum Fate { SEEN, UNKNOWN_APPLIED, UNKNOWN_NOT_APPLIED }

    PlannedOp {
        if (callBeforeMicros < 0 || returnAfterMicros < 0 || callBeforeMicros > linMicros) {
            throw new IllegalArgumentException("the window must contain the linearization point: " + this);
        }
    }

    long callMicros() {
        return linMicros - callBeforeMicros;
    }
}
