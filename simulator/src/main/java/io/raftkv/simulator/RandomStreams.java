package io.raftkv.simulator;

import io.raftkv.simulator.loop.TraceHash;
import java.util.SplittableRandom;

/**
 * Every random choice of a run comes from one seed. Each component gets its own stream, derived
 * from the seed and the component's name and numbers alone (not from the order in which streams
 * are made), so adding a draw in one component never shifts the draws of another.
 */
public final class RandomStreams {
    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    public SplittableRandom stream(Purpose purpose, long a, long b) {
        long key = TraceHash.combine(TraceHash.combine(TraceHash.combine(seed, purpose.ordinal() + 1L), a), b);
        return new SplittableRandom(key);
    }

    public SplittableRandom stream(Purpose purpose) {
        return stream(purpose, 0, 0);
    }

    /** The named streams. Append only: an ordinal change would change every seed's run. */
    public enum Purpose {
        NETWORK,
        DISK,
        CLOCK,
        RAFT,
        CLIENT,
        NEMESIS,
        PLANTED_BUG,
        KV_SERVER,
        KV_CLIENT
    }
}
