package io.raftkv.kv.cli;

import java.util.Arrays;

/** Latencies of the operations that started and ended inside a measurement window. Thread-safe. */
final class Latencies {
    private final long windowStartNanos;
    private final long windowEndNanos;
    private long[] nanos = new long[1 << 14];
    private int count;
    private long failures;

    Latencies(long windowStartNanos, long windowEndNanos) {
        this.windowStartNanos = windowStartNanos;
        this.windowEndNanos = windowEndNanos;
    }

    boolean over(long nowNanos) {
        return nowNanos - windowEndNanos >= 0;
    }

    /** Records an operation that ran from {@code startNanos} to {@code endNanos}, if both fall in the window. */
    synchronized void record(long startNanos, long endNanos, boolean ok) {
        if (startNanos - windowStartNanos < 0 || endNanos - windowEndNanos > 0) {
            return;
        }
        if (!ok) {
            failures++;
            return;
        }
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = endNanos - startNanos;
    }

    synchronized Sample sample() {
        return Sample.of(nanos, count, windowEndNanos - windowStartNanos, failures);
    }
}
