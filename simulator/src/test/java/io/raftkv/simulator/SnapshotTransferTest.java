package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.simulator.net.NetworkModel;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Snapshot streaming under the network the Transport contract allows ("messages may be lost,
 * delayed, duplicated or reordered").
 */
class SnapshotTransferTest {
    private static final NetworkModel EVERY_MESSAGE_ON_ITS_OWN = new NetworkModel(500, 2_000, 20_000, 50_000,
            2_000, 2_000, 1_000_000);

    @Test
    void aLaggingFollowerCatchesUpThroughSnapshotsOnConnectionLikeLinks() {
        SimResult result = Simulation.run(SimConfig.defaults(40010, 3, 60));
        assertEquals(0, result.violationCount(), result.violations().toString());
    }

    @Test
    @Disabled("runtime finding, reported: with maxInflightChunks > 1 a follower refuses any chunk that arrives out"
            + " of order and the leader restarts the transfer from offset 0; when every message may be reordered"
            + " (0-2 ms jitter), a snapshot of five chunks almost never arrives in order, so the follower never"
            + " catches up (seed 40010, 60 s: node 2 stays at index 1758; 7 of seeds 40000-40019 fail so)")
    void aLaggingFollowerCatchesUpThroughSnapshotsWhenEveryMessageMayBeReordered() {
        SimResult result = Simulation.run(SimConfig.defaults(40010, 3, 60).withNetwork(EVERY_MESSAGE_ON_ITS_OWN));
        assertEquals(0, result.violationCount(), result.violations().toString());
    }
}
