package io.raftkv.simulator.net;

import io.raftkv.raft.util.Check;

/**
 * The network's normal behaviour, before any fault. A message's latency is
 * {@code baseLatencyMicros} plus a uniform jitter below {@code jitterMicros}, plus, with
 * probability {@code tailPpm} per million, up to {@code tailMaxMicros} more (the long tail).
 * Loss and duplication are per message, in parts per million.
 *
 * <p>Links behave like connections: messages on one directed link arrive in the order they were
 * sent (a slow message holds up the ones behind it), except that with probability
 * {@code reorderPpm} a message ignores the order and arrives after its own latency alone, as
 * across a reconnect. With {@code reorderPpm} at a million, every message is on its own.
 */
public record NetworkModel(long baseLatencyMicros, long jitterMicros, int tailPpm, long tailMaxMicros,
                           int lossPpm, int duplicatePpm, int reorderPpm) {
    public static final NetworkModel DEFAULT = new NetworkModel(500, 2_000, 20_000, 50_000, 2_000, 2_000, 20_000);

    public NetworkModel {
        Check.that(baseLatencyMicros >= 0 && jitterMicros >= 0 && tailMaxMicros >= 0,
                "latencies must not be negative: base=%d jitter=%d tail=%d", baseLatencyMicros, jitterMicros, tailMaxMicros);
        checkPpm("tailPpm", tailPpm);
        checkPpm("lossPpm", lossPpm);
        checkPpm("duplicatePpm", duplicatePpm);
        checkPpm("reorderPpm", reorderPpm);
    }

    static void checkPpm(String name, int ppm) {
        Check.that(ppm >= 0 && ppm <= 1_000_000, "%s %d is not in [0, 1000000]", name, ppm);
    }
}
