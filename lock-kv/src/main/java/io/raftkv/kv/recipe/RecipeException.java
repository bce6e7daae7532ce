package io.raftkv.kv.recipe;

/**
 * A recipe could not do what was asked, for a reason of the recipe's own (the service's failures
 * reach the caller unchanged, per {@link io.raftkv.kv.api.KvService}'s contract).
 */
public final class RecipeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The session's lease is gone (or the session gave up on it): whatever it held is lost. */
        SESSION_EXPIRED,
        /** A proclaim or other leader-only operation by a candidate that does not (or no longer) lead. */
        NOT_ELECTION_LEADER,
        /** The watch a recipe relied on was cancelled by the service, and re-reading did not help. */
        WATCH_FAILED
    }

    private final Reason reason;

    public RecipeException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "RecipeException[" + reason + "]: " + getMessage();
    }
}
