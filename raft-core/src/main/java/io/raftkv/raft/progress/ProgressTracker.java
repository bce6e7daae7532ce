package io.raftkv.raft.progress;

import io.raftkv.raft.quorum.Majority;
import io.raftkv.raft.util.Check;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The leader's progress for every other member, in the members' configured order (so that
 * broadcasts are deterministic). The leader itself is not tracked here: its match index is its
 * own persisted index, passed in where needed.
 */
public final class ProgressTracker {
    private final long selfId;
    private final Map<Long, Progress> peers = new LinkedHashMap<>();

    public ProgressTracker(long selfId, List<Long> members, long nextIndex, int maxInflightAppends,
                           long maxInflightBytes) {
        Check.that(members.contains(selfId), "node %d must be a member of %s", selfId, members);
        this.selfId = selfId;
        for (long member : members) {
            if (member != selfId) {
                peers.put(member, new Progress(nextIndex, maxInflightAppends, maxInflightBytes));
            }
        }
    }

    public List<Long> peerIds() {
        return List.copyOf(peers.keySet());
    }

    public Progress progress(long peerId) {
        Progress progress = peers.get(peerId);
        Check.that(progress != null, "node %d is not a peer of %d", peerId, selfId);
        return progress;
    }

    public int voters() {
        return peers.size() + 1;
    }

    /** The majority-matched index, counting the leader at {@code selfMatchIndex} (its durable log). */
    public long quorumMatchIndex(long selfMatchIndex) {
        long[] matchIndexes = new long[voters()];
        int i = 0;
        matchIndexes[i++] = selfMatchIndex;
        for (Progress progress : peers.values()) {
            matchIndexes[i++] = progress.matchIndex();
        }
        return Majority.committedIndex(matchIndexes);
    }

    /** CheckQuorum (thesis §6.2): whether a majority, the leader included, was heard from recently. */
    public boolean quorumActive() {
        int active = 1;
        for (Progress progress : peers.values()) {
            if (progress.recentActive()) {
                active++;
            }
        }
        return active >= Majority.quorum(voters());
    }

    public void resetRecentActive() {
        for (Progress progress : peers.values()) {
            progress.markRecentActive(false);
        }
    }
}
