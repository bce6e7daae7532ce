package io.raftkv.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.simulator.kv.KvWorkload.KvStats;
import org.junit.jupiter.api.Test;

/**
 * The lock checks prove something only if stale holders really write: across seeds, raw lock and
 * mutex holders both stall past their TTL, and their late writes are refused by the fenced
 * resources, while the mutex clients really lock and unlock through the recipes.
 * {@code -Dkv.coverage.seeds=200} runs a longer sweep and prints the counts.
 */
class KvLockCoverageTest {
    private static final int SEEDS = Integer.getInteger("kv.coverage.seeds", 30);

    @Test
    void staleHoldersOfRawLocksAndMutexesAreRefusedByFencing() {
        long rawRefusedSeeds = 0;
        long mutexRefusedSeeds = 0;
        long mutexLocks = 0;
        long mutexUnlocks = 0;
        long staleAccepted = 0;
        long violations = 0;
        StringBuilder perSeed = new StringBuilder();
        for (long seed = 1; seed <= SEEDS; seed++) {
            SimResult result = Simulation.run(SimConfig.defaults(seed, 3, 10, Workload.KV));
            KvStats kv = result.kvStats();
            violations += result.violationCount();
            rawRefusedSeeds += kv.raw().refused() > 0 ? 1 : 0;
            mutexRefusedSeeds += kv.mutex().refused() > 0 ? 1 : 0;
            mutexLocks += kv.mutexClients().locks();
            mutexUnlocks += kv.mutexClients().unlocks();
            staleAccepted += kv.raw().lateAcceptedStale() + kv.mutex().lateAcceptedStale();
            perSeed.append("seed ").append(seed).append(": ").append(kv).append('\n');
        }
        String summary = SEEDS + " seeds: raw refused>0 in " + rawRefusedSeeds + ", mutex refused>0 in "
                + mutexRefusedSeeds + ", mutex locks " + mutexLocks + ", unlocks " + mutexUnlocks
                + ", late writes accepted after their key was gone " + staleAccepted + ", violations " + violations;
        System.out.println(summary);
        if (Boolean.getBoolean("kv.coverage.verbose")) {
            System.out.print(perSeed);
        }
        assertEquals(0, violations, summary);
        assertTrue(rawRefusedSeeds > 0, summary);
        assertTrue(mutexRefusedSeeds > 0, summary);
        assertTrue(mutexLocks >= 5 * SEEDS, summary);
        assertTrue(mutexUnlocks > 0, summary);
    }
}
