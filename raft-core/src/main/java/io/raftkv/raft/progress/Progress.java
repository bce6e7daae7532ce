package io.raftkv.raft.progress;

import io.raftkv.raft.util.Check;

/**
 * The leader's view of one follower (Raft Figure 2's nextIndex and matchIndex, plus flow control).
 *
 * <p>Invariant: {@code 0 <= matchIndex < nextIndex}.
 */
public final class Progress {
    private long matchIndex;
    private long nextIndex;
    private ProgressState state = ProgressState.PROBE;
    /** In PROBE: an append is outstanding, so no other is sent until a reply or heartbeat response. */
    private boolean probeSent;
    private final Inflights inflights;
    /** Heard from within the current CheckQuorum period. */
    private boolean recentActive;
    /** Highest commit index sent in an append: an acknowledging follower below it is told again. */
    private long sentCommitIndex;
    /** In SNAPSHOT: the index of the snapshot the follower is being sent. */
    private long pendingSnapshotIndex;

    public Progress(long nextIndex, int maxInflightAppends, long maxInflightBytes) {
        Check.that(nextIndex >= 1, "next index must be positive, was %d", nextIndex);
        this.nextIndex = nextIndex;
        this.inflights = new Inflights(maxInflightAppends, maxInflightBytes);
    }

    public long matchIndex() { return matchIndex; }

    public long nextIndex() { return nextIndex; }

    public ProgressState state() { return state; }

    public Inflights inflights() { return inflights; }

    public boolean recentActive() { return recentActive; }

    public void markRecentActive(boolean active) { this.recentActive = active; }

    public long pendingSnapshotIndex() { return pendingSnapshotIndex; }

    /** Whether the leader must hold back appends to this follower for now. */
    public boolean isPaused() {
        if (state == ProgressState.SNAPSHOT) {
            return true;
        }
        return state == ProgressState.PROBE ? probeSent : inflights.full();
    }

    /** The follower answered: in PROBE the outstanding probe is settled. */
    public void resumeProbe() {
        probeSent = false;
    }

    /** A success acknowledgement up to {@code index}; returns whether matchIndex moved. */
    public boolean maybeUpdate(long index) {
        resumeProbe();
        if (index <= matchIndex) {
            return false;
        }
        matchIndex = index;
        nextIndex = Math.max(nextIndex, index + 1);
        inflights.freeTo(index);
        return true;
    }

    public long sentCommitIndex() { return sentCommitIndex; }

    /** An append ending at {@code lastIndex} (prevLogIndex for an empty one) carrying {@code bytes} left. */
    public void sent(long lastIndex, long bytes, boolean hasEntries, long commitIndex) {
        sentCommitIndex = Math.max(sentCommitIndex, Math.min(commitIndex, lastIndex));
        if (state == ProgressState.PROBE) {
            probeSent = true;
        } else if (hasEntries) {
            inflights.add(lastIndex, bytes);
            nextIndex = lastIndex + 1;
        }
    }

    /**
     * The follower needs a snapshot through {@code snapshotIndex} (the leader's log starts after
     * it): appends pause until the follower acknowledges it or the send fails.
     */
    public void becomeSnapshot(long snapshotIndex) {
        Check.that(snapshotIndex >= nextIndex, "a snapshot through %d is not needed by a follower whose next index is %d",
                snapshotIndex, nextIndex);
        state = ProgressState.SNAPSHOT;
        pendingSnapshotIndex = snapshotIndex;
        probeSent = false;
        inflights.reset();
    }

    /**
     * The snapshot send failed or stalled: probe again, but only after the follower's next
     * heartbeat answer (the probe counts as sent), so that a failing transfer is retried at the
     * heartbeat pace, never in a tight loop.
     */
    public void snapshotFailed() {
        Check.that(state == ProgressState.SNAPSHOT, "no snapshot is being sent (%s)", state);
        becomeProbe(matchIndex + 1);
        probeSent = true;
    }

    /** Switches to pipelining right after the follower's match. */
    public void becomeReplicate() {
        pendingSnapshotIndex = 0;
        state = ProgressState.REPLICATE;
        nextIndex = matchIndex + 1;
        probeSent = false;
        inflights.reset();
    }

    /** Goes back to one-at-a-time probing from {@code probeIndex} (never at or below the match). */
    public void becomeProbe(long probeIndex) {
        pendingSnapshotIndex = 0;
        state = ProgressState.PROBE;
        nextIndex = Math.max(matchIndex + 1, probeIndex);
        probeSent = false;
        inflights.reset();
    }

    @Override
    public String toString() {
        return "Progress[" + state + " match=" + matchIndex + " next=" + nextIndex
                + " inflight=" + inflights.count() + (probeSent ? " probeSent" : "")
                + (state == ProgressState.SNAPSHOT ? " snapshot=" + pendingSnapshotIndex : "") + "]";
    }
}
