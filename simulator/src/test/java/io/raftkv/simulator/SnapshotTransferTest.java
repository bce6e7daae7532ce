package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.simulator.net.NetworkModel;
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

    /** Seed 40010 kept node 2 behind forever when the receiver refused early chunks and the sender restarted from 0. */
    @Test
    void aLaggingFollowerCatchesUpThroughSnapshotsWhenEveryMessageMayBeReordered() {
        SimResult result = Simulation.run(SimConfig.defaults(40010, 3, 60).withNetwork(EVERY_MESSAGE_ON_ITS_OWN));
        assertEquals(0, result.violationCount(), result.violations().toString());
    }
}
