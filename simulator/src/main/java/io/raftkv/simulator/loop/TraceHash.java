package io.raftkv.simulator.loop;

/**
 * A running 64-bit hash over everything that happened: two runs of one seed must end with the
 * same value. Built from primitives only (no strings, no identity hash codes), so it is cheap on
 * the hot path and stable across JVMs.
 */
public final class TraceHash {
    private long hash = 0x6A09E667F3BCC908L;
    private long count;

    public void add(long timeMicros, int kind, long nodeId, long digest) {
        long h = mix(hash ^ timeMicros);
        h = mix(h ^ (((long) kind << 48) ^ nodeId));
        hash = mix(h ^ digest);
        count++;
    }

    public long value() {
        return hash;
    }

    public long count() {
        return count;
    }

    /** The finalizer of SplitMix64: every input bit affects every output bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Combines two values into a digest; order matters. */
    public static long combine(long a, long b) {
        return mix(a * 0x9E3779B97F4A7C15L + b);
    }
}
