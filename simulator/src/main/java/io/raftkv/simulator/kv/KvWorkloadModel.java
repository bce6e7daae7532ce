package io.raftkv.simulator.kv;

import io.raftkv.raft.util.Check;

/**
 * How the KV clients behave. Their timing (think time, answer timeout, latency to a node) is the
 * run's {@link io.raftkv.simulator.client.ClientModel}; this is what they do.
 *
 * <p>Data clients run one operation at a time on {@code dataKeys} keys (few, so that they
 * collide): a get with probability {@code getPpm}, else a put, a delete ({@code deletePpm}) or a
 * create-if-absent ({@code createPpm}); now and then a get reads a lock key instead. Lock clients
 * each hold a lease, granted with a TTL of 1 to {@code leaseTtlMaxSeconds} (drawn per lease),
 * kept alive every {@code keepAliveMicros}, take
 * one of {@code lockKeys} locks with the seed's transaction, write to the lock's protected
 * resource every {@code resourceWriteMicros} while they believe they hold it, for
 * {@code holdMinMicros}..{@code holdMaxMicros}, then release it by revoking the lease; after a
 * lost race they try again {@code retryMinMicros}..{@code retryMaxMicros} later.
 *
 * <p>Mutex clients use the lock-kv recipes: a {@code Session} of {@code sessionTtlSeconds}, a
 * {@code Mutex} on one of {@code mutexNames} names, writes to the mutex's protected resource while
 * the session lives. Every lock holder (raw or mutex), before one of its writes, stalls with
 * probability {@code stallPpm}: its process stops for {@code stallMinMicros}..{@code stallMaxMicros}
 * (longer than any TTL, so its lease expires and the lock passes on), and the write it had just
 * sent reaches the resource only then, with the old token.
 */
public record KvWorkloadModel(int dataClients, int dataKeys, int getPpm, int deletePpm, int createPpm,
                              int lockClients, int lockKeys, long leaseTtlMaxSeconds, long keepAliveMicros,
                              long holdMinMicros, long holdMaxMicros, long resourceWriteMicros,
                              long retryMinMicros, long retryMaxMicros, int mutexClients, int mutexNames,
                              long sessionTtlSeconds, int stallPpm, long stallMinMicros, long stallMaxMicros) {
    public static final KvWorkloadModel DEFAULT = new KvWorkloadModel(3, 3, 350_000, 100_000, 150_000,
            6, 2, 2, 300_000, 100_000, 3_000_000, 40_000, 20_000, 400_000, 4, 2, 2, 5_000, 2_500_000, 4_000_000);

    public KvWorkloadModel {
        Check.that(dataClients >= 0 && lockClients >= 0, "client counts must not be negative");
        Check.that(dataKeys >= 1 && lockKeys >= 1, "there must be at least one data key and one lock key");
        Check.that(getPpm >= 0 && deletePpm >= 0 && createPpm >= 0 && getPpm + deletePpm + createPpm <= 1_000_000,
                "operation shares must be non-negative and sum to at most 1e6 ppm");
        Check.that(leaseTtlMaxSeconds >= 1, "leaseTtlMaxSeconds must be at least 1, was %d", leaseTtlMaxSeconds);
        Check.that(keepAliveMicros > 0 && keepAliveMicros < 1_000_000, "keep-alives must come more often than the shortest TTL");
        Check.that(holdMinMicros > 0 && holdMaxMicros >= holdMinMicros, "hold time range is empty");
        Check.that(resourceWriteMicros > 0, "resourceWriteMicros must be positive");
        Check.that(retryMinMicros > 0 && retryMaxMicros >= retryMinMicros, "retry range is empty");
        Check.that(mutexClients >= 0 && mutexNames >= 1 && sessionTtlSeconds >= 1, "mutex clients need a name and a TTL");
        Check.that(stallPpm >= 0 && stallPpm <= 1_000_000, "stallPpm %d not in [0, 1e6]", stallPpm);
        Check.that(stallMinMicros > Math.max(leaseTtlMaxSeconds, sessionTtlSeconds) * 1_000_000
                && stallMaxMicros >= stallMinMicros, "a stall must outlast every TTL, so that the lock passes on");
    }

    public long leaseTtlMaxMicros() {
        return leaseTtlMaxSeconds * 1_000_000;
    }
}
