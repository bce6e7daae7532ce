package io.raftkv.raft.runtime;

/** The node asked is not the leader; nothing was changed. {@link #leaderId()} is 0 when unknown. */
public final class NotLeaderException extends RaftException {
    private static final long serialVersionUID = 1L;
    private final long leaderId;

    public NotLeaderException(long nodeId, long leaderId) {
        super("node " + nodeId + " is not the leader; "
                + (leaderId == 0 ? "no leader is known" : "the leader is node " + leaderId));
        this.leaderId = leaderId;
    }

    public long leaderId() {
        return leaderId;
    }

    @Override
    public boolean certainlyNotApplied() {
        return true;
    }
}
