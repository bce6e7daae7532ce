package io.raftkv.kv.node;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on real threads in tests: on a condition or a future, always with a deadline. */
public final class Await {
    public static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private Await() {}

    /** Returns once {@code condition} holds; fails after {@link #DEADLINE}, saying what was awaited and the state. */
    public static void until(String what, BooleanSupplier condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("gave up after " + DEADLINE.toSeconds() + " s waiting for " + what + "; state: " + state.get());
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** The future's value; fails (with its cause) if it fails or does not complete by the deadline. */
    public static <T> T result(String what, CompletableFuture<T> future) {
        try {
            return future.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + DEADLINE.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what);
        }
    }

    /** Names of the live threads called raftkv-* that were not in {@code before}: what a start left running. */
    public static List<String> raftkvThreadsSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.isAlive() && !before.contains(thread) && thread.getName().startsWith("raftkv-"))
                .map(Thread::getName).sorted().toList();
    }
}
