package io.raftkv.simulator.disk;

import io.raftkv.simulator.loop.EventLoop;
import java.util.random.RandomGenerator;

/** Makes each machine's snapshot store: the hook through which tests plug in a deliberately broken one. */
@FunctionalInterface
public interface SnapshotStoreFactory {
    SnapshotStoreFactory SIMULATED = (nodeId, loop, random) -> new SimulatedSnapshotStore();

    NodeSnapshotStore create(long nodeId, EventLoop loop, RandomGenerator random);
}
