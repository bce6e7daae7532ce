package io.raftkv.simulator.kv;

import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.util.Check;

/**
 * What a {@link KvNodeWrapper} may use of the incarnation it wraps: its id, its scheduler (the
 * node's execution context and its drifting clock), its state machine, and its Raft node once
 * started.
 */
public final class KvNodeContext {
    private final long nodeId;
    private final int incarnation;
    private final Scheduler scheduler;
    private final KvStateMachine machine;
    private RaftNode raft;

    public KvNodeContext(long nodeId, int incarnation, Scheduler scheduler, KvStateMachine machine) {
        this.nodeId = nodeId;
        this.incarnation = incarnation;
        this.scheduler = scheduler;
        this.machine = machine;
    }

    public long nodeId() {
        return nodeId;
    }

    public int incarnation() {
        return incarnation;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public KvStateMachine machine() {
        return machine;
    }

    /** The Raft node; null while it starts (the state machine is wrapped before it exists). */
    public RaftNode raft() {
        return raft;
    }

    /** True when the node has started and its core says it leads. */
    public boolean leads() {
        return raft != null && raft.status().role() == Role.LEADER;
    }

    public void started(RaftNode node) {
        Check.that(raft == null, "node %d started twice in incarnation %d", nodeId, incarnation);
        this.raft = node;
    }
}
