package io.raftkv.raft.runtime;

/**
 * Why a request did not complete normally. Each subclass says whether the request may still
 * take effect: callers can retry the "not applied" kinds freely, and must not assume anything
 * about an {@link IndeterminateStateException}.
 */
public abstract sealed class RaftException extends RuntimeException
        permits NotLeaderException, ProposalDroppedException, RequestRejectedException,
                IndeterminateStateException {
    private static final long serialVersionUID = 1L;

    RaftException(String message) {
        super(message);
    }

    RaftException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when the request certainly did not and will not take effect. */
    public abstract boolean certainlyNotApplied();
}
