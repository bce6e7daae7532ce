package io.raftkv.simulator;

import io.raftkv.raft.runtime.SnapshotOptions;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.disk.DiskModel;
import io.raftkv.simulator.kv.KvWorkloadModel;
import io.raftkv.simulator.nemesis.NemesisModel;
import io.raftkv.simulator.net.NetworkModel;

/**
 * Everything that defines one simulated run. Two runs with equal configurations are identical,
 * event for event.
 *
 * @param seed        the only source of randomness
 * @param nodes       cluster size; members are 1..nodes
 * @param simMillis   simulated time of the whole run
 * @param quietMillis the final stretch without faults, after which liveness is judged
 * @param snapshots   how nodes snapshot, compact and stream snapshots; null runs without snapshots
 * @param checkDurabilityPromises check at every send that votes and acknowledgements are durable
 *                    (off only to measure what the other invariants catch on their own)
 * @param workload    what the nodes run and the clients do
 * @param kv          what the KV clients do (used by the KV workload only)
 */
public record SimConfig(long seed, int nodes, long simMillis, long quietMillis, RaftTuning raft,
                        NetworkModel network, DiskModel disk, ClientModel clients, NemesisModel nemesis,
                        SimHooks hooks, SnapshotOptions snapshots, boolean checkDurabilityPromises,
                        Workload workload, KvWorkloadModel kv) {
    /**
     * Small enough that every run snapshots, compacts and streams snapshots to lagging nodes: a
     * snapshot every 300 applied entries, 50 kept behind it, 2 KiB chunks.
     */
    public static final SnapshotOptions SNAPSHOTS = SnapshotOptions.builder().snapshotThresholdEntries(300)
            .trailingEntries(50).chunkBytes(2048).maxInflightChunks(4).transferTimeoutTicks(50).build();

    public static final int NODES_MAX = 15;

    public SimConfig {
        Check.that(nodes >= 1 && nodes <= NODES_MAX, "nodes must be in 1..%d, was %d", NODES_MAX, nodes);
        Check.that(simMillis > 0, "simMillis must be positive, was %d", simMillis);
        Check.that(quietMillis >= 0 && quietMillis < simMillis, "quietMillis %d must be in [0, simMillis)", quietMillis);
        Check.that(workload != null && kv != null, "workload and kv model must be set");
    }

    /**
     * The defaults, with a quiet period of a fifth of the run, at least 4 s and at most 10 s; a
     * run shorter than 5 s keeps a fifth of its time for faults.
     */
    public static SimConfig defaults(long seed, int nodes, long simSeconds) {
        return defaults(seed, nodes, simSeconds, Workload.LOG);
    }

    /**
     * The defaults for {@code workload}. KV runs also get process pauses of up to three lease
     * TTLs, so that lock holders outlive their leases.
     */
    public static SimConfig defaults(long seed, int nodes, long simSeconds, Workload workload) {
        long simMillis = simSeconds * 1000;
        long quietMillis = Math.min(simMillis * 4 / 5, Math.max(4_000, Math.min(10_000, simMillis / 5)));
        KvWorkloadModel kv = KvWorkloadModel.DEFAULT;
        NemesisModel nemesis = workload == Workload.KV
                ? NemesisModel.DEFAULT.withPauseMaxMicros(3 * kv.leaseTtlMaxMicros()) : NemesisModel.DEFAULT;
        return new SimConfig(seed, nodes, simMillis, quietMillis, RaftTuning.DEFAULT, NetworkModel.DEFAULT,
                DiskModel.DEFAULT, ClientModel.DEFAULT, nemesis, SimHooks.CORRECT, SNAPSHOTS, true, workload, kv);
    }

    public SimConfig withSeed(long newSeed) {
        return new SimConfig(newSeed, nodes, simMillis, quietMillis, raft, network, disk, clients, nemesis, hooks,
                snapshots, checkDurabilityPromises, workload, kv);
    }

    public SimConfig withHooks(SimHooks newHooks) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, clients, nemesis, newHooks,
                snapshots, checkDurabilityPromises, workload, kv);
    }

    public SimConfig withNemesis(NemesisModel newNemesis) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, clients, newNemesis, hooks,
                snapshots, checkDurabilityPromises, workload, kv);
    }

    public SimConfig withClients(ClientModel newClients) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, newClients, nemesis, hooks,
                snapshots, checkDurabilityPromises, workload, kv);
    }

    public SimConfig withDurabilityPromiseChecks(boolean enabled) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, clients, nemesis, hooks, snapshots, enabled,
                workload, kv);
    }

    public SimConfig withNetwork(NetworkModel newNetwork) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, newNetwork, disk, clients, nemesis, hooks,
                snapshots, checkDurabilityPromises, workload, kv);
    }

    /** The same run with other snapshot options (null: without snapshots). */
    public SimConfig withSnapshots(SnapshotOptions options) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, clients, nemesis, hooks, options,
                checkDurabilityPromises, workload, kv);
    }

    public SimConfig withKv(KvWorkloadModel newKv) {
        return new SimConfig(seed, nodes, simMillis, quietMillis, raft, network, disk, clients, nemesis, hooks,
                snapshots, checkDurabilityPromises, workload, newKv);
    }

    /** The command that replays this run (for runs made with {@link #defaults}). */
    public String replayCommand() {
        return "./raftkv simulate --seed " + seed + " --nodes " + nodes + " --time " + (simMillis / 1000)
                + (workload == Workload.LOG ? "" : " --workload " + workload.flag());
    }
}
