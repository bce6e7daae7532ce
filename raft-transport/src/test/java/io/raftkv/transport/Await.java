package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, and fails saying what never happened. Tests wait for
 * what they need (a counter, a connection), never for a fixed time.
 */
final class Await {
    private static final long CHECK_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private Await() {}

    static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(() -> what, timeout, condition);
    }

    static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + timeout.toMillis() + " ms: " + what.get());
            }
            LockSupport.parkNanos(CHECK_EVERY_NANOS);
        }
    }
}
