package io.raftkv.raft.runtime;

import io.raftkv.raft.Ready;

/**
 * Sees every Ready a node's core produced, before the runtime acts on it. For monitoring and for
 * the simulator's invariant checks; it must not change anything. Called on the node's context.
 */
public interface RaftObserver {
    RaftObserver NONE = (nodeId, ready) -> {};

    void onReady(long nodeId, Ready ready);
}
