package io.raftkv.simulator.loop;

/**
 * One thing that happens at one virtual instant. Ordered by (time, sequence number): the
 * sequence number is taken when the event is posted, so events posted for the same instant run
 * in posting order, which keeps every run of a seed identical.
 *
 * <p>A mutable class rather than a record: the queue compares these millions of times per second
 * and cancellation flips a flag in place.
 */
public final class Event {
    final long timeMicros;
    final long seq;
    final EventKind kind;
    final long nodeId;
    final long digest;
    final Runnable action;
    private boolean cancelled;

    Event(long timeMicros, long seq, EventKind kind, long nodeId, long digest, Runnable action) {
        this.timeMicros = timeMicros;
        this.seq = seq;
        this.kind = kind;
        this.nodeId = nodeId;
        this.digest = digest;
        this.action = action;
    }

    public long timeMicros() {
        return timeMicros;
    }

    public EventKind kind() {
        return kind;
    }

    /** The node this event belongs to, or 0 for cluster-wide events (nemesis, clients). */
    public long nodeId() {
        return nodeId;
    }

    /** Calls the event off; the loop skips it when its time comes. Idempotent. */
    public void cancel() {
        cancelled = true;
    }

    public boolean cancelled() {
        return cancelled;
    }

    boolean before(Event other) {
        return timeMicros < other.timeMicros || (timeMicros == other.timeMicros && seq < other.seq);
    }
}
