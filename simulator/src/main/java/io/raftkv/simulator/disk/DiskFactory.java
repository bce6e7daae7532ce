package io.raftkv.simulator.disk;

import io.raftkv.simulator.loop.EventLoop;
import java.util.random.RandomGenerator;

/** Makes each node's disk: the hook through which tests plug in a deliberately broken one. */
@FunctionalInterface
public interface DiskFactory {
    DiskFactory SIMULATED = SimulatedDisk::new;

    NodeDisk create(long nodeId, EventLoop loop, RandomGenerator random, DiskModel model);
}
