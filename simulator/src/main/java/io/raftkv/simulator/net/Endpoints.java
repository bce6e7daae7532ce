package io.raftkv.simulator.net;

import io.raftkv.raft.message.Message;

/** Where the network hands messages: the cluster's machines, by id. */
public interface Endpoints {

    /** The incarnation that is up now on {@code nodeId}, or -1 when the machine is down. */
    int liveIncarnation(long nodeId);

    /** Delivers to {@code nodeId}, if it still runs the incarnation the message was sent to. */
    void deliver(long nodeId, int incarnation, Message message);
}
