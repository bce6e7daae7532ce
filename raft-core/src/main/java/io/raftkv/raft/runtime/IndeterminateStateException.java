package io.raftkv.raft.runtime;

/**
 * The outcome is unknown: the request may or may not have taken effect (the node stopped, or
 * its storage failed, while the request was in flight). Retrying a non-idempotent command may
 * apply it twice.
 */
public final class IndeterminateStateException extends RaftException {
    private static final long serialVersionUID = 1L;

    public IndeterminateStateException(String message) {
        super(message);
    }

    public IndeterminateStateException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean certainlyNotApplied() {
        return false;
    }
}
