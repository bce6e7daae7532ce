package io.raftkv.raft.runtime;

/** The leader refused the request (a limit reached, a leadership transfer in progress); nothing changed. */
public final class RequestRejectedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public RequestRejectedException(String reason) {
        super(reason);
    }

    @Override
    public boolean certainlyNotApplied() {
        return true;
    }
}
