package io.raftkv.raft.election;

import java.util.random.RandomGenerator;

/**
 * Counts ticks since this node last heard from a leader (or granted a vote, or started a
 * campaign). Each reset draws a new timeout in [base, 2 * base) from the injected generator,
 * so that split votes are rare (Raft §5.2).
 */
public final class ElectionTimer {
    private final int electionTimeoutTicks;
    private final RandomGenerator random;
    private int elapsedTicks;
    private int randomizedTimeoutTicks;

    public ElectionTimer(int electionTimeoutTicks, RandomGenerator random) {
        this.electionTimeoutTicks = electionTimeoutTicks;
        this.random = random;
        reset();
    }

    public void reset() {
        elapsedTicks = 0;
        randomizedTimeoutTicks = electionTimeoutTicks + random.nextInt(electionTimeoutTicks);
    }

    public void tick() {
        elapsedTicks++;
    }

    /** The randomized timeout has passed: time to campaign. */
    public boolean expired() {
        return elapsedTicks >= randomizedTimeoutTicks;
    }

    /** Heard from a leader within the (base) election timeout: leader stickiness (thesis §4.2.3). */
    public boolean withinBaseTimeout() {
        return elapsedTicks < electionTimeoutTicks;
    }

    public int elapsedTicks() {
        return elapsedTicks;
    }
}
