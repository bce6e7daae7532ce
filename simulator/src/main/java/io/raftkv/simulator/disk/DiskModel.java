package io.raftkv.simulator.disk;

import io.raftkv.raft.util.Check;

/**
 * How long a sync takes: uniform in [syncMinMicros, syncMaxMicros], and with probability
 * {@code slowSyncPpm} per million a slow one, {@code slowSyncFactor} times longer (a device
 * hiccup).
 */
public record DiskModel(long syncMinMicros, long syncMaxMicros, int slowSyncPpm, int slowSyncFactor) {
    public static final DiskModel DEFAULT = new DiskModel(1_000, 5_000, 10_000, 10);

    public DiskModel {
        Check.that(syncMinMicros >= 0 && syncMaxMicros >= syncMinMicros,
                "sync latency range [%d, %d] is empty", syncMinMicros, syncMaxMicros);
        Check.that(slowSyncPpm >= 0 && slowSyncPpm <= 1_000_000, "slowSyncPpm %d not in [0, 1e6]", slowSyncPpm);
        Check.that(slowSyncFactor >= 1, "slowSyncFactor must be at least 1, was %d", slowSyncFactor);
    }
}
