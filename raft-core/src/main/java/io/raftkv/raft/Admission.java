package io.raftkv.raft;

/**
 * What the core did with a request (a proposal, a read, a leadership transfer). Only
 * {@link Accepted} changed anything; the others changed nothing and say why.
 *
 * <p>A follower does not forward requests: it answers {@link NotLeader} with the leader it
 * knows, so the caller (the client, or the embedded API) retries there. This keeps a request's
 * fate visible to whoever made it, where forwarding would hide a lost hop.
 */
public sealed interface Admission {

    /**
     * Taken. For a proposal: appended to the leader's log at {@code index} in {@code term}; it
     * commits, or is overwritten by a later leader. For a read or a transfer: started in
     * {@code term}, with {@code index} the leader's commit index at that moment.
     */
    record Accepted(long index, long term) implements Admission {}

    /** This node is not the leader; {@code leaderId} is the one it knows, or 0 if none. */
    record NotLeader(long leaderId) implements Admission {}

    /** The leader refused for a reason that may pass (a limit reached, a transfer in progress). */
    record Rejected(String reason) implements Admission {}
}
