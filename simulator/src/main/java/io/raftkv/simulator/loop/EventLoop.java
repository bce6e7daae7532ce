package io.raftkv.simulator.loop;

import io.raftkv.raft.util.Check;

/**
 * The single thread of a simulation: virtual time advances only from one event to the next, and
 * every event is added to the trace hash as it runs. Nothing here reads a clock.
 *
 * <p>An event that throws does not escape the loop: the {@link FailureHandler} decides what it
 * means (the simulation records a violation and crashes the node that threw).
 */
public final class EventLoop {
    private final EventQueue queue = new EventQueue();
    private final TraceHash trace = new TraceHash();
    private FailureHandler failureHandler = (event, failure) -> {
        throw failure;
    };
    private long nowMicros;
    private long nextSeq;
    private long eventsRun;

    /** What to do when an event's action throws. */
    @FunctionalInterface
    public interface FailureHandler {
        void onFailure(Event event, RuntimeException failure);
    }

    public void onFailure(FailureHandler handler) {
        this.failureHandler = handler;
    }

    public long nowMicros() {
        return nowMicros;
    }

    public long eventsRun() {
        return eventsRun;
    }

    public int pending() {
        return queue.size();
    }

    public TraceHash trace() {
        return trace;
    }

    /** Posts {@code action} to run at {@code timeMicros}, after everything posted earlier for that instant. */
    public Event at(long timeMicros, EventKind kind, long nodeId, long digest, Runnable action) {
        Check.that(timeMicros >= nowMicros, "event posted in the past: %d < now %d", timeMicros, nowMicros);
        Event event = new Event(timeMicros, nextSeq++, kind, nodeId, digest, action);
        queue.add(event);
        return event;
    }

    public Event after(long delayMicros, EventKind kind, long nodeId, long digest, Runnable action) {
        Check.that(delayMicros >= 0, "negative delay %d", delayMicros);
        return at(nowMicros + delayMicros, kind, nodeId, digest, action);
    }

    /** Records something that happened without an event of its own (a dropped message, a violation). */
    public void note(EventKind kind, long nodeId, long digest) {
        trace.add(nowMicros, kind.ordinal(), nodeId, digest);
    }

    /** Runs every event due at or before {@code endMicros}, then sets the clock to {@code endMicros}. */
    public void runUntil(long endMicros) {
        Check.that(endMicros >= nowMicros, "cannot run back to %d from %d", endMicros, nowMicros);
        while (true) {
            Event next = queue.peek();
            if (next == null || next.timeMicros > endMicros) {
                break;
            }
            queue.poll();
            if (!next.cancelled()) {
                run(next);
            }
        }
        nowMicros = endMicros;
    }

    private void run(Event event) {
        nowMicros = event.timeMicros;
        eventsRun++;
        trace.add(event.timeMicros, event.kind.ordinal(), event.nodeId, event.digest);
        try {
            event.action.run();
        } catch (RuntimeException failure) {
            failureHandler.onFailure(event, failure);
        }
    }
}
