package io.raftkv.simulator.sm;

/** Sees every command a node's state machine applies, with the machine's state hash after it. */
@FunctionalInterface
public interface ApplyListener {
    void onApply(long nodeId, long previousIndex, long index, long opId, long stateHash);
}
