package io.raftkv.simulator.client;

import io.raftkv.simulator.node.SimNode;

/** What a client can see of the cluster: its machines by id. */
public interface ClusterAccess {
    int size();

    /** Members are 1..size(). */
    SimNode node(long nodeId);
}
