package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.recipe.FencedResource;
import io.raftkv.kv.recipe.FencingToken;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the fault test's clients saw, and the protected resource itself: a counter behind a {@link
 * FencedResource}, which records every use it accepted (token and hold) in the order it accepted
 * them. Thread-safe.
 */
final class FaultHistory {
    /** A put of /counter that a client got a success for: it must survive at {@code revision}. */
    record AckedPut(long revision, long value) {
    }

    /** One use of the resource it accepted, by hold (a hold is one successful lock). */
    record Use(FencingToken token, long holdId) {
    }

    /** The counter the lock protects, as an external resource would hold it. */
    private static final class Counter {
        long value;
    }

    private final Counter counter = new Counter();
    private final FencedResource<Counter> resource = new FencedResource<>(counter);
    private final List<Use> uses = new ArrayList<>();
    private final List<AckedPut> ackedPuts = new ArrayList<>();
    private final List<Throwable> workerFailures = new ArrayList<>();
    private final AtomicLong holds = new AtomicLong();
    private final AtomicLong increments = new AtomicLong();
    private final AtomicLong fencedOut = new AtomicLong();
    private final AtomicLong holdsLost = new AtomicLong();
    private final AtomicLong lockFailures = new AtomicLong();
    private final AtomicLong indeterminate = new AtomicLong();
    private final AtomicLong resolvedApplied = new AtomicLong();
    private final AtomicLong unresolved = new AtomicLong();

    long newHold() {
        return holds.incrementAndGet();
    }

    /** The counter as {@code token} may read it; empty if the resource refused the token. */
    synchronized OptionalLong read(FencingToken token, long holdId) {
        FencedResource.Result<Long> result = resource.apply(token, held -> {
            uses.add(new Use(token, holdId));
            return held.value;
        });
        if (result instanceof FencedResource.Accepted<Long> accepted) {
            return OptionalLong.of(accepted.value());
        }
        fencedOut.incrementAndGet();
        return OptionalLong.empty();
    }

    /** Sets the counter to {@code value} if the resource admits {@code token}: one increment. */
    synchronized boolean write(FencingToken token, long holdId, long value) {
        FencedResource.Result<Void> result = resource.apply(token, held -> {
            uses.add(new Use(token, holdId));
            held.value = value;
            increments.incrementAndGet();
            return null;
        });
        if (result instanceof FencedResource.Rejected<Void>) {
            fencedOut.incrementAndGet();
            return false;
        }
        return true;
    }

    synchronized void ackedPut(long revision, long value) {
        ackedPuts.add(new AckedPut(revision, value));
    }

    synchronized List<AckedPut> ackedPuts() {
        return List.copyOf(ackedPuts);
    }

    synchronized long resourceValue() {
        return counter.value;
    }

    void holdLost() {
        holdsLost.incrementAndGet();
    }

    void lockFailed() {
        lockFailures.incrementAndGet();
    }

    /** A put of /counter failed indeterminately; {@code applied} if reading it back showed its value. */
    void indeterminate(boolean applied) {
        indeterminate.incrementAndGet();
        (applied ? resolvedApplied : unresolved).incrementAndGet();
    }

    long increments() {
        return increments.get();
    }

    long unresolved() {
        return unresolved.get();
    }

    synchronized void workerFailed(Throwable failure) {
        workerFailures.add(failure);
    }

    synchronized void throwFirstWorkerFailure() {
        if (!workerFailures.isEmpty()) {
            AssertionError error = new AssertionError("a client failed unexpectedly: " + workerFailures.get(0),
                    workerFailures.get(0));
            workerFailures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    /** Tokens the resource accepted never fell, and were equal only within one hold. */
    synchronized void checkTokensIncrease() {
        for (int i = 1; i < uses.size(); i++) {
            Use before = uses.get(i - 1);
            Use use = uses.get(i);
            assertTrue(before.token().compareTo(use.token()) < 0
                            || (before.token().equals(use.token()) && before.holdId() == use.holdId()),
                    "the resource accepted " + use + " right after " + before);
        }
    }

    synchronized String summary() {
        return holds.get() + " holds, " + increments.get() + " increments, " + ackedPuts.size()
                + " acknowledged puts of /counter, " + indeterminate.get() + " indeterminate puts ("
                + resolvedApplied.get() + " found applied on reading back, " + unresolved.get() + " unresolved), "
                + holdsLost.get() + " holds lost before the put, " + fencedOut.get() + " uses fenced out, "
                + lockFailures.get() + " failed lock attempts, " + uses.size() + " uses of the resource";
    }
}
