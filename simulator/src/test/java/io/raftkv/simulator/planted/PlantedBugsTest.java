package io.raftkv.simulator.planted;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.SimHooks;
import io.raftkv.simulator.SimResult;
import io.raftkv.simulator.Simulation;
import io.raftkv.simulator.Workload;
import org.junit.jupiter.api.Test;

/**
 * A simulator that catches nothing proves nothing: each deliberately broken component must be
 * caught within {@link #SEEDS_MAX} seeds, and the correct components must pass the very seeds
 * that caught it (so the catch is the bug's doing, not a false alarm).
 */
class PlantedBugsTest {
    static final int SEEDS_MAX = 200;
    /** KV runs cost more; a KV bug worth planting is caught well within this. */
    static final int KV_SEEDS_MAX = 60;
    private static final SimConfig BASE = SimConfig.defaults(1, 3, 10);
    private static final SimConfig KV_BASE = SimConfig.defaults(1, 3, 10, Workload.KV);

    @Test
    void aDiskThatAcknowledgesBeforeItSyncsIsCaught() {
        assertCaught("eager-ack disk", BASE.withHooks(SimHooks.CORRECT.withDisks(EagerAckDisk.FACTORY)));
    }

    @Test
    void aDiskThatAcknowledgesBeforeItSyncsIsCaughtByTheProtocolInvariantsAlone() {
        assertCaught("eager-ack disk, no durability-promise check", BASE.withDurabilityPromiseChecks(false)
                .withHooks(SimHooks.CORRECT.withDisks(EagerAckDisk.FACTORY)));
    }

    @Test
    void storageThatForgetsTheVoteOnRestartIsCaught() {
        assertCaught("vote-forgetting storage", BASE.withHooks(SimHooks.CORRECT.withStorage(VoteForgettingStorage.WRAPPER)));
    }

    @Test
    void aTransportThatMislabelsTheSenderIsCaught() {
        assertCaught("wrong-sender transport", BASE.withHooks(SimHooks.CORRECT.withTransports(WrongSenderTransport.WRAPPER)));
    }

    @Test
    void aTransportThatDeliversToTheWrongPeerIsCaught() {
        assertCaught("wrong-peer transport", BASE.withHooks(SimHooks.CORRECT.withTransports(WrongPeerTransport.WRAPPER)));
    }

    @Test
    void storageThatLosesItsLastEntryOnRestartIsCaught() {
        assertCaught("tail-losing storage", BASE.withHooks(SimHooks.CORRECT.withStorage(TailLosingStorage.WRAPPER)));
    }

    @Test
    void aSnapshotStoreThatPublishesASnapshotBeforeItsDataIsWrittenIsCaught() {
        assertCaught("published-before-written snapshot store",
                BASE.withHooks(SimHooks.CORRECT.withSnapshotStores(PublishedBeforeWrittenSnapshotStore.FACTORY)));
    }

    @Test
    void storageThatCompactsPastTheSnapshotIsCaught() {
        assertCaught("over-compacting storage", BASE.withHooks(SimHooks.CORRECT.withStorage(OverCompactingStorage.WRAPPER)));
    }

    @Test
    void aLinearizableReadServedFromAFollowersReplicaIsCaught() {
        assertCaught("follower reads", KV_BASE.withHooks(SimHooks.CORRECT.withKvNodes(FollowerReadService.WRAPPER)),
                KV_SEEDS_MAX);
    }

    @Test
    void aFollowerThatExpiresLeasesByItsOwnClockIsCaught() {
        assertCaught("follower-expired leases",
                KV_BASE.withHooks(SimHooks.CORRECT.withKvNodes(FollowerExpiringMachine.WRAPPER)), KV_SEEDS_MAX);
    }

    @Test
    void anUnlockThatDeletesTheLockKeyByNameIsCaught() {
        assertCaught("unlock by key name", KV_BASE.withHooks(SimHooks.CORRECT.withUnlocker(NameOnlyUnlocker.UNLOCKER)),
                KV_SEEDS_MAX);
    }

    /**
     * Not a catch, a boundary: a mutex unlock that deletes its key by name, without the create
     * revision guard, retried until acknowledged, then a new lock with the same session (the same
     * key name) passes every seed, because it cannot go wrong here. The key embeds the session's
     * lease id, so only the same session's next key can share its name; and a delete that timed out
     * is either never applied or sits in the log before the retry that was acknowledged (a proposal
     * of a deposed leader commits only if the next leader already had it), so before the next lock's
     * write. With the raw recipe's shared key name the same unlock is caught
     * ({@link #anUnlockThatDeletesTheLockKeyByNameIsCaught}).
     */
    @Test
    void aMutexUnlockByKeyNameCannotReachALaterHoldWhileEachDeleteIsAcknowledgedBeforeTheNextLock() {
        SimConfig broken = KV_BASE.withHooks(SimHooks.CORRECT.withMutexUnlocker(NameOnlyMutexUnlocker.UNLOCKER));
        for (long seed = 1; seed <= KV_SEEDS_MAX; seed++) {
            SimResult result = Simulation.run(broken.withSeed(seed));
            assertEquals(0, result.violationCount(), "seed " + seed + ": " + result.violations());
        }
    }

    @Test
    void aNewLeaderThatKeepsItsFollowerLeaseDeadlinesIsCaught() {
        assertCaught("no lease restart on promotion",
                KV_BASE.withHooks(SimHooks.CORRECT.withKvNodes(NoRestartLeader.WRAPPER)), KV_SEEDS_MAX);
    }

    private static void assertCaught(String bug, SimConfig broken) {
        assertCaught(bug, broken, SEEDS_MAX);
    }

    private static void assertCaught(String bug, SimConfig broken, int seedsMax) {
        long caughtAt = 0;
        SimResult caught = null;
        for (long seed = 1; seed <= seedsMax && caughtAt == 0; seed++) {
            SimResult result = Simulation.run(broken.withSeed(seed));
            if (!result.passed()) {
                caughtAt = seed;
                caught = result;
            }
        }
        assertTrue(caughtAt > 0, bug + " was not caught in " + seedsMax + " seeds");
        System.out.println(bug + ": caught at seed " + caughtAt + ": " + caught.violations().get(0));
        SimConfig correct = broken.withHooks(SimHooks.CORRECT);
        for (long seed = 1; seed <= caughtAt; seed++) {
            SimResult result = Simulation.run(correct.withSeed(seed));
            assertEquals(0, result.violationCount(), "correct components on seed " + seed + ": " + result.violations());
        }
    }
}
