package io.raftkv.raft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One node's immutable Raft configuration. Validated when built: a bad field fails with
 * {@link IllegalArgumentException} naming the field and the rule it broke.
 *
 * <p>Time is counted in ticks; the runtime turns one tick into {@code tickIntervalMillis}.
 *
 * @param nodeId                 this node's member id (positive)
 * @param members                all voting members, in a fixed order (positive, distinct ids)
 * @param electionTimeoutTicks   base election timeout; the actual one is drawn at random in
 *                               [electionTimeoutTicks, 2 * electionTimeoutTicks)
 * @param heartbeatIntervalTicks how often a leader sends heartbeats
 * @param tickIntervalMillis     wall (or simulated) milliseconds per tick, used by the runtime
 * @param preVote                ask for pre-votes before starting an election (thesis §9.6)
 * @param checkQuorum            a leader steps down when it has not heard from a quorum within
 *                               an election timeout (thesis §6.2)
 * @param maxInflightAppends     pipelined appends per follower not yet acknowledged
 * @param maxInflightBytes       bytes of entries per follower not yet acknowledged
 * @param maxAppendBytes         entry bytes batched into one append (at least one entry is sent)
 * @param maxUncommittedBytes    proposals are refused while this many entry bytes are uncommitted
 * @param maxPendingReads        ReadIndex requests waiting for their leadership check
 */
public record RaftConfig(
        long nodeId,
        List<Long> members,
        int electionTimeoutTicks,
        int heartbeatIntervalTicks,
        long tickIntervalMillis,
        boolean preVote,
        boolean checkQuorum,
        int maxInflightAppends,
        long maxInflightBytes,
        long maxAppendBytes,
        long maxUncommittedBytes,
        int maxPendingReads) {

    public RaftConfig {
        // List.copyOf rejects null elements with a bare NullPointerException; check first so
        // that a null member is reported like every other bad field.
        if (members != null) {
            for (Long member : members) {
                require(member != null, "members must be positive ids, found null");
            }
        }
        members = List.copyOf(members == null ? List.of() : members);
        validate(nodeId, members, electionTimeoutTicks, heartbeatIntervalTicks, tickIntervalMillis,
                maxInflightAppends, maxInflightBytes, maxAppendBytes, maxUncommittedBytes, maxPendingReads);
    }

    public static Builder builder(long nodeId, List<Long> members) {
        return new Builder(nodeId, members);
    }

    /** Number of votes (or acknowledgements) that make a majority of the members. */
    public int quorum() {
        return members.size() / 2 + 1;
    }

    /** The same configuration for another member of the same cluster. */
    public RaftConfig forNode(long otherNodeId) {
        return new RaftConfig(otherNodeId, members, electionTimeoutTicks, heartbeatIntervalTicks,
                tickIntervalMillis, preVote, checkQuorum, maxInflightAppends, maxInflightBytes,
                maxAppendBytes, maxUncommittedBytes, maxPendingReads);
    }

    private static void validate(long nodeId, List<Long> members, int electionTimeoutTicks,
                                 int heartbeatIntervalTicks, long tickIntervalMillis,
                                 int maxInflightAppends, long maxInflightBytes, long maxAppendBytes,
                                 long maxUncommittedBytes, int maxPendingReads) {
        require(!members.isEmpty(), "members must not be empty");
        Set<Long> seen = new HashSet<>();
        for (Long member : members) {
            require(member != null && member > 0, "members must be positive ids, found " + member);
            require(seen.add(member), "members must be distinct, " + member + " appears twice");
        }
        require(nodeId > 0, "nodeId must be positive, was " + nodeId);
        require(seen.contains(nodeId), "nodeId " + nodeId + " is not in members " + members);
        require(heartbeatIntervalTicks >= 1, "heartbeatIntervalTicks must be at least 1, was " + heartbeatIntervalTicks);
        // 2L: in int arithmetic a huge heartbeat interval overflows and passes the rule.
        require(electionTimeoutTicks > 2L * heartbeatIntervalTicks,
                "electionTimeoutTicks must be larger than twice heartbeatIntervalTicks (" + electionTimeoutTicks
                        + " <= 2 * " + heartbeatIntervalTicks + ")");
        require(tickIntervalMillis >= 1, "tickIntervalMillis must be at least 1, was " + tickIntervalMillis);
        require(maxInflightAppends >= 1, "maxInflightAppends must be at least 1, was " + maxInflightAppends);
        require(maxInflightBytes >= 1, "maxInflightBytes must be at least 1, was " + maxInflightBytes);
        require(maxAppendBytes >= 1, "maxAppendBytes must be at least 1, was " + maxAppendBytes);
        require(maxUncommittedBytes >= 1, "maxUncommittedBytes must be at least 1, was " + maxUncommittedBytes);
        require(maxPendingReads >= 1, "maxPendingReads must be at least 1, was " + maxPendingReads);
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException("invalid Raft configuration: " + message);
        }
    }

    /** Defaults follow etcd: 100 ms ticks, heartbeat every tick, election timeout of 10 ticks. */
    public static final class Builder {
        private final long nodeId;
        private final List<Long> members;
        private int electionTimeoutTicks = 10;
        private int heartbeatIntervalTicks = 1;
        private long tickIntervalMillis = 100;
        private boolean preVote = true;
        private boolean checkQuorum = true;
        private int maxInflightAppends = 256;
        private long maxInflightBytes = 16L << 20;
        private long maxAppendBytes = 1L << 20;
        private long maxUncommittedBytes = 64L << 20;
        private int maxPendingReads = 65_536;

        private Builder(long nodeId, List<Long> members) {
            this.nodeId = nodeId;
            this.members = members == null ? List.of() : new ArrayList<>(members);
        }

        public Builder electionTimeoutTicks(int ticks) { this.electionTimeoutTicks = ticks; return this; }
        public Builder heartbeatIntervalTicks(int ticks) { this.heartbeatIntervalTicks = ticks; return this; }
        public Builder tickIntervalMillis(long millis) { this.tickIntervalMillis = millis; return this; }
        public Builder preVote(boolean enabled) { this.preVote = enabled; return this; }
        public Builder checkQuorum(boolean enabled) { this.checkQuorum = enabled; return this; }
        public Builder maxInflightAppends(int count) { this.maxInflightAppends = count; return this; }
        public Builder maxInflightBytes(long bytes) { this.maxInflightBytes = bytes; return this; }
        public Builder maxAppendBytes(long bytes) { this.maxAppendBytes = bytes; return this; }
        public Builder maxUncommittedBytes(long bytes) { this.maxUncommittedBytes = bytes; return this; }
        public Builder maxPendingReads(int count) { this.maxPendingReads = count; return this; }

        public RaftConfig build() {
            return new RaftConfig(nodeId, members, electionTimeoutTicks, heartbeatIntervalTicks,
                    tickIntervalMillis, preVote, checkQuorum, maxInflightAppends, maxInflightBytes,
                    maxAppendBytes, maxUncommittedBytes, maxPendingReads);
        }
    }
}
