package io.raftkv.simulator.planted;

import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.SimHooks;
import io.raftkv.simulator.SimResult;
import io.raftkv.simulator.Simulation;
import io.raftkv.simulator.Workload;

/**
 * Not a test: prints how many seeds each planted bug takes to be caught, and by what. Arguments:
 * nodes, simulated seconds, whether durability promises are checked, and optionally {@code kv}
 * for the KV workload's planted bugs.
 */
final class PlantedBugExplorer {
    public static void main(String[] args) {
        int nodes = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        boolean promises = Boolean.parseBoolean(args[2]);
        if (args.length > 3 && args[3].equals("kv")) {
            exploreKv(nodes, seconds);
            return;
        }
        explore("eager-ack disk", SimHooks.CORRECT.withDisks(EagerAckDisk.FACTORY), nodes, seconds, promises);
        explore("vote-forgetting storage", SimHooks.CORRECT.withStorage(VoteForgettingStorage.WRAPPER), nodes, seconds, promises);
        explore("wrong-peer transport", SimHooks.CORRECT.withTransports(WrongPeerTransport.WRAPPER), nodes, seconds, promises);
        explore("tail-losing storage", SimHooks.CORRECT.withStorage(TailLosingStorage.WRAPPER), nodes, seconds, promises);
        explore("non-truncating storage", SimHooks.CORRECT.withStorage(NonTruncatingStorage.WRAPPER), nodes, seconds, promises);
        explore("published-before-written snapshot store",
                SimHooks.CORRECT.withSnapshotStores(PublishedBeforeWrittenSnapshotStore.FACTORY), nodes, seconds, promises);
        explore("over-compacting storage", SimHooks.CORRECT.withStorage(OverCompactingStorage.WRAPPER), nodes, seconds, promises);
        explore("wrong-sender transport", SimHooks.CORRECT.withTransports(WrongSenderTransport.WRAPPER), nodes, seconds, promises);
    }

    private static void exploreKv(int nodes, long seconds) {
        SimConfig kv = SimConfig.defaults(1, nodes, seconds, Workload.KV);
        explore("follower reads", kv.withHooks(SimHooks.CORRECT.withKvNodes(FollowerReadService.WRAPPER)));
        explore("follower-expired leases", kv.withHooks(SimHooks.CORRECT.withKvNodes(FollowerExpiringMachine.WRAPPER)));
        explore("unlock by key name", kv.withHooks(SimHooks.CORRECT.withUnlocker(NameOnlyUnlocker.UNLOCKER)));
        explore("no lease restart on promotion", kv.withHooks(SimHooks.CORRECT.withKvNodes(NoRestartLeader.WRAPPER)));
        explore("mutex unlock by key name", kv.withHooks(SimHooks.CORRECT.withMutexUnlocker(NameOnlyMutexUnlocker.UNLOCKER)));
    }

    private static void explore(String name, SimHooks hooks, int nodes, long seconds, boolean promises) {
        explore(name, SimConfig.defaults(1, nodes, seconds).withHooks(hooks).withDurabilityPromiseChecks(promises));
    }

    private static void explore(String name, SimConfig broken) {
        int caught = 0;
        int first = 0;
        java.util.Map<io.raftkv.simulator.check.Invariant, Integer> kinds =
                new java.util.EnumMap<>(io.raftkv.simulator.check.Invariant.class);
        for (int seed = 1; seed <= 200; seed++) {
            SimResult r = Simulation.run(broken.withSeed(seed));
            if (!r.passed()) {
                r.violations().stream().map(io.raftkv.simulator.check.Violation::invariant).distinct()
                        .forEach(kind -> kinds.merge(kind, 1, Integer::sum));
                caught++;
                if (first == 0) {
                    first = seed;
                    System.out.println(name + ": first caught at seed " + seed + ": " + r.violations().get(0));
                }
            }
        }
        System.out.println(name + ": caught in " + caught + "/200 seeds, first " + first + "; seeds per invariant: " + kinds);
    }
}
