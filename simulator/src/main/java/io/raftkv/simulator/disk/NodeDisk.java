package io.raftkv.simulator.disk;

import io.raftkv.raft.runtime.LogStorage;

/**
 * One machine's disk across the node's incarnations. The simulation opens a fresh
 * {@link LogStorage} on it for every start, crashes it with the node, and reads what is durable
 * to check that a node never promises what it has not stored.
 */
public interface NodeDisk {

    /** A storage handle for a new incarnation; its {@code load()} returns what is durable now. */
    LogStorage open();

    /** The machine lost power: every write not yet durable is gone, and its callback never runs. */
    void crash();

    /** What would survive a crash at this instant. Must not be changed by the caller. */
    DurableLog durable();

    /** Syncs take {@code factor} times longer from now on (1 restores the model); a nemesis fault. */
    void slowDown(int factor);
}
