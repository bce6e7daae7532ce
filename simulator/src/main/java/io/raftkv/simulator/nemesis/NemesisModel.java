package io.raftkv.simulator.nemesis;

import io.raftkv.raft.util.Check;
import io.raftkv.simulator.clock.NodeClock;

/**
 * How hard the nemesis pushes. Faults come in slots: one fault, or with probability
 * {@code overlapPpm} two that overlap, each lasting between {@code durationMinMicros} and
 * {@code durationMaxMicros}; between slots the cluster gets a quiet gap of
 * {@code gapMinMicros}..{@code gapMaxMicros} to make progress. A crash is a quick bounce (down
 * for at most {@code quickRestartMaxMicros}) with probability {@code quickRestartPpm}. A process
 * pause lasts between {@code durationMinMicros} and {@code pauseMaxMicros}: runs with leases need
 * pauses longer than a lease's TTL, the classic way a lock holder outlives its lease.
 *
 * @param driftMaxPpm the largest clock drift (either way) a clock fault sets; checks that reason
 *                    about clock rates (the lease bound) take it as the worst case
 */
public record NemesisModel(boolean enabled, long durationMinMicros, long durationMaxMicros, long gapMinMicros,
                           long gapMaxMicros, int overlapPpm, int quickRestartPpm, long quickRestartMaxMicros,
                           long driftMaxPpm, long clockJumpMaxMicros, long pauseMaxMicros) {
    public static final NemesisModel DEFAULT = new NemesisModel(true, 100_000, 2_500_000, 200_000, 1_500_000,
            250_000, 300_000, 30_000, 100_000, 5_000_000, 2_500_000);
    public static final NemesisModel OFF = new NemesisModel(false, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1);

    public NemesisModel {
        Check.that(durationMinMicros > 0 && durationMaxMicros >= durationMinMicros, "fault duration range is empty");
        Check.that(gapMinMicros > 0 && gapMaxMicros >= gapMinMicros, "gap range is empty");
        Check.that(overlapPpm >= 0 && overlapPpm <= 1_000_000 && quickRestartPpm >= 0 && quickRestartPpm <= 1_000_000,
                "probabilities must be in [0, 1e6] ppm");
        Check.that(quickRestartMaxMicros > 0, "quickRestartMaxMicros must be positive");
        Check.that(driftMaxPpm >= 0 && clockJumpMaxMicros >= 0, "clock fault bounds must not be negative");
        Check.that(driftMaxPpm < NodeClock.DRIFT_PPM_LIMIT, "driftMaxPpm %d is beyond a clock's limit", driftMaxPpm);
        Check.that(pauseMaxMicros >= durationMinMicros, "pause range is empty");
    }

    /** The same nemesis with process pauses of up to {@code micros}. */
    public NemesisModel withPauseMaxMicros(long micros) {
        return new NemesisModel(enabled, durationMinMicros, durationMaxMicros, gapMinMicros, gapMaxMicros, overlapPpm,
                quickRestartPpm, quickRestartMaxMicros, driftMaxPpm, clockJumpMaxMicros, micros);
    }
}
