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

    /** Whether the leader must hold back appends to this follower for now. */
    public boolean isPaused() {
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

    /** Switches to pipelining right after the follower's match. */
    public void becomeReplicate() {
        state = ProgressState.REPLICATE;
        nextIndex = matchIndex + 1;
        probeSent = false;
        inflights.reset();
    }

    /** Goes back to one-at-a-time probing from {@code probeIndex} (never at or below the match). */
    public void becomeProbe(long probeIndex) {
        state = ProgressState.PROBE;
        nextIndex = Math.max(matchIndex + 1, probeIndex);
        probeSent = false;
        inflights.reset();
    }

    @Override
    public String toString() {
        return "Progress[" + state + " match=" + matchIndex + " next=" + nextIndex
                + " inflight=" + inflights.count() + (probeSent ? " probeSent" : "") + "]";
    }
}
