package io.raftkv.transport;

import java.util.random.RandomGenerator;

/**
 * Reconnect delays: the n-th consecutive failure waits between half and all of
 * {@code min * 2^n}, capped at {@code max}. The jitter keeps peers that lost each other at the
 * same moment from reconnecting in lockstep; it comes from an injected, seeded generator.
 * Confined to one event loop, like the lane that owns it.
 */
final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    Backoff(long minMillis, long maxMillis, RandomGenerator random) {
        if (minMillis < 1 || maxMillis < minMillis) {
            throw new IllegalArgumentException("backoff needs 1 <= min <= max, was min " + minMillis + ", max " + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    long nextDelayMillis() {
        long ceiling = ceilingMillis(failures);
        if (failures < Integer.MAX_VALUE) {
            failures++;
        }
        long half = ceiling / 2;
        return half + random.nextLong(ceiling - half + 1);
    }

    /** After a connection that held: the next failure starts from the minimum again. */
    void reset() {
        failures = 0;
    }

    long ceilingMillis(int failureCount) {
        // Doubling stops at the cap; checking the shift first keeps it from overflowing.
        int shift = Math.min(failureCount, 62);
        return minMillis > (maxMillis >> shift) ? maxMillis : Math.min(maxMillis, minMillis << shift);
    }
}
