package io.raftkv.raft.runtime;

/**
 * Owns a node's time and execution. Every task of one node runs on one logical thread, one at a
 * time, in submission order (an actor, like MicroRaft's RaftNodeExecutor). In production this is
 * a single real thread; in the simulator it is the node's share of one simulated event loop.
 */
public interface Scheduler {

    /** This node's clock in milliseconds: monotonic, but it may drift from other nodes' clocks. */
    long nowMillis();

    /** Runs {@code task} on the node's execution context after the tasks submitted before it. May be called from any thread. */
    void execute(Runnable task);

    /** Runs {@code task} on the node's execution context once {@code delayMillis} passed on this node's clock. */
    Cancellable schedule(long delayMillis, Runnable task);

    /** A scheduled task that can be called off; cancelling a task that ran already does nothing. */
    interface Cancellable {
        void cancel();
    }
}
