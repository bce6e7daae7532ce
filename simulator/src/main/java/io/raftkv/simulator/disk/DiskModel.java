package io.raftkv.simulator.disk;

import io.raftkv.raft.util.Check;

/**
 * How long a sync takes: uniform in [syncMinMicros, syncMaxMicros], and with probability
 * {@code slowSyncPpm} per million a slow one, {@code slowSyncFactor} times longer (a device
 * hiccup). With probability {@code tornWritePpm} per million, a crash keeps a random prefix
 * (possibly empty, possibly all) of the writes whose sync had not ended, instead of none: a real
 * device may have written any of them already, and a torn last record that its checksum rejects
 * amounts to that write not being there.
 */
public record DiskModel(long syncMinMicros, long syncMaxMicros, int slowSyncPpm, int slowSyncFactor, int tornWritePpm) {
    public static final DiskModel DEFAULT = new DiskModel(1_000, 5_000, 10_000, 10, 300_000);

    public DiskModel {
        Check.that(syncMinMicros >= 0 && syncMaxMicros >= syncMinMicros,
                "sync latency range [%d, %d] is empty", syncMinMicros, syncMaxMicros);
        Check.that(slowSyncPpm >= 0 && slowSyncPpm <= 1_000_000, "slowSyncPpm %d not in [0, 1e6]", slowSyncPpm);
        Check.that(slowSyncFactor >= 1, "slowSyncFactor must be at least 1, was %d", slowSyncFactor);
        Check.that(tornWritePpm >= 0 && tornWritePpm <= 1_000_000, "tornWritePpm %d not in [0, 1e6]", tornWritePpm);
    }

    /** A disk whose crashes lose every unsynced write. */
    public DiskModel(long syncMinMicros, long syncMaxMicros, int slowSyncPpm, int slowSyncFactor) {
        this(syncMinMicros, syncMaxMicros, slowSyncPpm, slowSyncFactor, 0);
    }
}
