package io.raftkv.kv.recipe;

import io.raftkv.kv.proto.WatchResponse;

/**
 * How a recipe's watch gets over compaction: a watch cancelled because its start revision was
 * compacted away (say, by a snapshot restore on the member serving it) is answered by reading
 * again and watching from that read, which loses nothing. Only so many times in a row without an
 * event in between, though, and any other cancellation is a failure.
 */
final class WatchRestarts {
    /** Compaction cancellations in a row, without an event between, before a recipe gives up. */
    static final int MAX_IN_A_ROW = 64;

    private final String watched;
    private int inARow;

    /** {@code watched} says what the watch is on, for the failure's message. */
    WatchRestarts(String watched) {
        this.watched = watched;
    }

    /** True if the recipe may read again and watch anew after {@code cancelled}. */
    boolean allow(WatchResponse cancelled) {
        return cancelled.getCompactRevision() > 0 && ++inARow <= MAX_IN_A_ROW;
    }

    /** The watch delivered events: the count of restarts in a row starts over. */
    void progressed() {
        inARow = 0;
    }

    RecipeException failure(WatchResponse cancelled) {
        return new RecipeException(RecipeException.Reason.WATCH_FAILED, "the watch on " + watched + " was cancelled ("
                + inARow + " restarts in a row): " + cancelled.getCancelReason());
    }
}
