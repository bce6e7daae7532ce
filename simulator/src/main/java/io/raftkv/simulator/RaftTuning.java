package io.raftkv.simulator;

import io.raftkv.raft.RaftConfig;
import java.util.List;

/**
 * The Raft timing the simulated cluster runs with; everything else is {@link RaftConfig}'s
 * defaults. Faster ticks than production's 100 ms give more elections per simulated second.
 */
public record RaftTuning(long tickIntervalMillis, int electionTimeoutTicks, int heartbeatIntervalTicks) {
    public static final RaftTuning DEFAULT = new RaftTuning(20, 10, 2);

    public RaftConfig configFor(long nodeId, List<Long> members) {
        return RaftConfig.builder(nodeId, members)
                .tickIntervalMillis(tickIntervalMillis)
                .electionTimeoutTicks(electionTimeoutTicks)
                .heartbeatIntervalTicks(heartbeatIntervalTicks)
                .build();
    }
}
