package io.raftkv.simulator.clock;

import io.raftkv.raft.util.Check;

/**
 * One machine's clock: an offset from virtual time (skew) and a rate (drift, in parts per
 * million). It survives the node's crashes, as a machine's clock does. Monotonic: the rate stays
 * positive and jumps only go forward.
 *
 * <p>Timers convert a local delay to virtual time at the rate in force when they are set; a later
 * jump changes what {@link #localMicros} reads but not when armed timers fire, like a monotonic
 * timer on a machine whose wall clock is stepped.
 */
public final class NodeClock {
    /** Beyond +-50% a "clock" is no longer a clock; the nemesis stays far inside this. */
    public static final long DRIFT_PPM_LIMIT = 500_000;
    private static final long MILLION = 1_000_000;

    private long baseVirtualMicros;
    private long baseLocalMicros;
    private long driftPpm;

    public NodeClock(long skewMicros, long driftPpm) {
        Check.that(skewMicros >= 0, "clock skew must not be negative (a clock starts after the epoch), was %d", skewMicros);
        checkDrift(driftPpm);
        this.baseLocalMicros = skewMicros;
        this.driftPpm = driftPpm;
    }

    public long localMicros(long virtualMicros) {
        Check.that(virtualMicros >= baseVirtualMicros, "virtual time went back: %d < %d", virtualMicros, baseVirtualMicros);
        long elapsed = virtualMicros - baseVirtualMicros;
        return baseLocalMicros + elapsed + elapsed * driftPpm / MILLION;
    }

    /** How much virtual time passes while this clock advances by {@code localDelayMicros} (rounded up). */
    public long virtualDelayMicros(long localDelayMicros) {
        Check.that(localDelayMicros >= 0, "negative delay %d", localDelayMicros);
        long rate = MILLION + driftPpm;
        return (localDelayMicros * MILLION + rate - 1) / rate;
    }

    /** Changes the rate from {@code virtualNowMicros} on, without a jump in the reading. */
    public void setDrift(long virtualNowMicros, long newDriftPpm) {
        checkDrift(newDriftPpm);
        rebase(virtualNowMicros);
        driftPpm = newDriftPpm;
    }

    /** Steps the clock forward, as an NTP correction might. */
    public void jumpForward(long virtualNowMicros, long jumpMicros) {
        Check.that(jumpMicros >= 0, "a monotonic clock only jumps forward, asked %d", jumpMicros);
        rebase(virtualNowMicros);
        baseLocalMicros += jumpMicros;
    }

    public long driftPpm() {
        return driftPpm;
    }

    private void rebase(long virtualNowMicros) {
        baseLocalMicros = localMicros(virtualNowMicros);
        baseVirtualMicros = virtualNowMicros;
    }

    private static void checkDrift(long ppm) {
        Check.that(Math.abs(ppm) < DRIFT_PPM_LIMIT, "clock drift %d ppm is beyond +-%d ppm", ppm, DRIFT_PPM_LIMIT);
    }
}
