package io.raftkv.simulator.nemesis;

import io.raftkv.simulator.net.Network;
import io.raftkv.simulator.node.SimNode;

/** What the nemesis acts on. */
public interface FaultTarget {
    int size();

    SimNode node(long nodeId);

    Network network();

    /** Starts a new incarnation of a machine that is down. */
    void restart(long nodeId);

    /** The node that leads in the highest term among machines that are up, or 0 when none does. */
    long currentLeader();
}
