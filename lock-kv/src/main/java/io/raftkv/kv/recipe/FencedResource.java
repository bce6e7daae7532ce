package io.raftkv.kv.recipe;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A resource that lock holders reach with their {@link FencingToken}: it refuses any token lower
 * than the highest it has accepted, so a holder that paused (GC, network) while its lock passed
 * to someone else cannot act on stale authority. An equal token is accepted, since the same hold
 * acts many times. Thread-safe: the check and the action happen under one monitor, so no action
 * with a lower token can run after one with a higher token was admitted.
 *
 * @param <T> the protected resource
 */
public final class FencedResource<T> {
    private final T resource;
    private FencingToken highest;

    public FencedResource(T resource) {
        this.resource = Objects.requireNonNull(resource, "resource");
    }

    /** The outcome of one use of the resource. */
    public sealed interface Result<R> permits Accepted, Rejected {
    }

    /** The token was not lower than the highest seen; {@code value} is what the action returned. */
    public record Accepted<R>(FencingToken token, R value) implements Result<R> {
    }

    /** The token was lower than the highest seen; the action did not run. */
    public record Rejected<R>(FencingToken presented, FencingToken highest) implements Result<R> {
        public String message() {
            return "fencing " + presented + " rejected: lower than the highest " + highest
                    + " already accepted (the lock passed to a later holder)";
        }
    }

    /** Runs {@code action} on the resource if {@code token} is at least the highest seen, and remembers it. */
    public synchronized <R> Result<R> apply(FencingToken token, Function<? super T, ? extends R> action) {
        Objects.requireNonNull(token, "token");
        if (highest != null && token.isOlderThan(highest)) {
            return new Rejected<>(token, highest);
        }
        highest = token;
        return new Accepted<>(token, action.apply(resource));
    }

    /** Admits {@code token} without acting: the same check and bookkeeping as {@link #apply}. */
    public Result<Void> admit(FencingToken token) {
        return apply(token, resource -> null);
    }

    public synchronized Optional<FencingToken> highestSeen() {
        return Optional.ofNullable(highest);
    }
}
