package io.raftkv.raft.runtime;

/**
 * When a node snapshots its state machine and compacts its log, and how it streams snapshots to
 * followers. Validated when built: a bad field fails with {@link IllegalArgumentException} naming
 * the field and the rule.
 *
 * @param snapshotThresholdEntries entries applied since the last snapshot that trigger a new one
 * @param trailingEntries          entries kept in the log before the snapshot's index, so that
 *                                 followers that lag a little still get appends, not a snapshot
 * @param chunkBytes               snapshot bytes per InstallSnapshot message
 * @param maxInflightChunks        chunks sent to one follower and not yet acknowledged
 * @param transferTimeoutTicks     a transfer that makes no progress for this many ticks is
 *                                 aborted (and retried later); also how long the leader waits
 *                                 for the follower's install acknowledgement after the last chunk
 */
public record SnapshotOptions(long snapshotThresholdEntries, long trailingEntries, int chunkBytes,
                              int maxInflightChunks, int transferTimeoutTicks) {

    public SnapshotOptions {
        require(snapshotThresholdEntries >= 1,
                "snapshotThresholdEntries must be at least 1, was " + snapshotThresholdEntries);
        require(trailingEntries >= 0, "trailingEntries must not be negative, was " + trailingEntries);
        require(chunkBytes >= 1, "chunkBytes must be at least 1, was " + chunkBytes);
        require(maxInflightChunks >= 1, "maxInflightChunks must be at least 1, was " + maxInflightChunks);
        require(transferTimeoutTicks >= 1, "transferTimeoutTicks must be at least 1, was " + transferTimeoutTicks);
    }

    /**
     * Ticks without progress after which the sender sends its window again (a chunk or its answer
     * was lost): a fifth of the transfer timeout, so a transfer gets several tries before it is
     * given up.
     */
    public int retransmitTicks() {
        return Math.max(1, transferTimeoutTicks / 5);
    }

    /** 10,000 entries per snapshot, 1,000 trailing, 512 KiB chunks, 4 in flight, 50 ticks to time out. */
    public static Builder builder() {
        return new Builder();
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException("invalid snapshot options: " + message);
        }
    }

    public static final class Builder {
        private long snapshotThresholdEntries = 10_000;
        private long trailingEntries = 1_000;
        private int chunkBytes = 512 << 10;
        private int maxInflightChunks = 4;
        private int transferTimeoutTicks = 50;

        private Builder() {}

        public Builder snapshotThresholdEntries(long entries) { this.snapshotThresholdEntries = entries; return this; }
        public Builder trailingEntries(long entries) { this.trailingEntries = entries; return this; }
        public Builder chunkBytes(int bytes) { this.chunkBytes = bytes; return this; }
        public Builder maxInflightChunks(int count) { this.maxInflightChunks = count; return this; }
        public Builder transferTimeoutTicks(int ticks) { this.transferTimeoutTicks = ticks; return this; }

        public SnapshotOptions build() {
            return new SnapshotOptions(snapshotThresholdEntries, trailingEntries, chunkBytes, maxInflightChunks,
                    transferTimeoutTicks);
        }
    }
}
