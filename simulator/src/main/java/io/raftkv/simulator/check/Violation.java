package io.raftkv.simulator.check;

/** One broken invariant: when (virtual microseconds), where (node id, 0 for the cluster), what. */
public record Violation(long timeMicros, long nodeId, Invariant invariant, String description) {
    @Override
    public String toString() {
        return String.format("t=%d.%06ds node=%d %s: %s", timeMicros / 1_000_000, timeMicros % 1_000_000,
                nodeId, invariant, description);
    }
}
