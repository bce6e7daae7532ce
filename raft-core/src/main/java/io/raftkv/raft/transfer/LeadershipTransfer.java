package io.raftkv.raft.transfer;

/**
 * A leadership transfer in progress (thesis §3.10): the leader stops taking proposals, brings
 * the target up to date and sends it TimeoutNow. It gives up after one election timeout, so a
 * target that cannot take over does not block the cluster.
 */
public final class LeadershipTransfer {
    private final long targetId;
    private final int timeoutTicks;
    private int elapsedTicks;

    public LeadershipTransfer(long targetId, int timeoutTicks) {
        this.targetId = targetId;
        this.timeoutTicks = timeoutTicks;
    }

    public long targetId() {
        return targetId;
    }

    /** One tick passed; returns whether the transfer should now be abandoned. */
    public boolean tickExpired() {
        elapsedTicks++;
        return elapsedTicks >= timeoutTicks;
    }
}
