package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;

/**
 * The replicated state machine. Called only on the node's execution context, with committed
 * commands in log order. Must be deterministic: the same commands in the same order give the
 * same state and results on every node (no clock, no randomness, no iteration over hash order).
 */
public interface StateMachine {

    /**
     * Applies the command committed at {@code index}; the result completes its proposer's future.
     * A command the state machine refuses is still applied: answer with a result that says so.
     * Throwing is a broken contract (replicas would diverge), so the node stops.
     */
    ByteString apply(long index, ByteString command);
}
