package io.raftkv.simulator.check;

/** The properties the simulator checks. The ordinal enters the trace, so append only. */
public enum Invariant {
    /** At most one leader per term (Raft §5.2). */
    ELECTION_SAFETY,
    /** Two logs holding an entry with the same index and term are identical up to it (§5.3). */
    LOG_MATCHING,
    /** A leader's log holds every entry committed in earlier terms (§5.4). */
    LEADER_COMPLETENESS,
    /** No two nodes commit or apply different entries at one index (§5.4.3). */
    STATE_MACHINE_SAFETY,
    /** A node's term and commit index never go back within an incarnation. */
    MONOTONIC,
    /** Ready.committedEntries continue exactly where the previous ones ended. */
    COMMITTED_CONTIGUOUS,
    /** A node never truncates an entry it knows is committed. */
    COMMITTED_TRUNCATED,
    /** A vote or append acknowledgement leaves only once what it promises is durable. */
    DURABILITY_PROMISE,
    /** Client operations took effect in an order consistent with real time. */
    LINEARIZABILITY,
    /** A proposal's future completed with another command's result, or a refused one was applied. */
    CLIENT_OUTCOME,
    /** After faults heal, an acknowledged proposal is not applied on every live node in time. */
    ACKNOWLEDGED_LOST,
    /** After faults heal, the cluster acknowledged nothing new. */
    NO_PROGRESS,
    /** Code of the node (core, runtime) threw; the node was crashed. */
    NODE_FAILURE,
    /** KV: a lease expired sooner than the lease bound allows after its last acknowledged renewal. */
    LEASE_BOUND,
    /** KV: a protected resource accepted a write from a holder that had lost its lock, or a lower token. */
    LOCK_SAFETY,
    /** KV: revisions contradict real time (an operation saw a revision older than one already known). */
    REVISION_ORDER
}
