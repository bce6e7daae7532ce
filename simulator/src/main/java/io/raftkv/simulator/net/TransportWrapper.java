package io.raftkv.simulator.net;

import io.raftkv.raft.runtime.Transport;
import java.util.List;
import java.util.random.RandomGenerator;

/** Wraps each node's transport: the hook through which tests plug in a deliberately broken one. */
@FunctionalInterface
public interface TransportWrapper {
    TransportWrapper NONE = (nodeId, members, random, transport) -> transport;

    Transport wrap(long nodeId, List<Long> members, RandomGenerator random, Transport transport);
}
