package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.simulator.Cluster;
import io.raftkv.simulator.RandomStreams;
import io.raftkv.simulator.RandomStreams.Purpose;
import io.raftkv.simulator.SimConfig;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.node.SimNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The KV workload of one run: the observers the cluster's KV nodes are seen through, the data and
 * lock clients, and the checks after the run (lock safety is checked as it happens, at every
 * write to a protected resource).
 */
public final class KvWorkload {
    private final SimConfig config;
    private final EventLoop loop;
    private final RandomStreams streams;
    private final Violations violations;
    private final KvHistory history = new KvHistory();
    private final List<ByteString> dataKeys;
    private final List<ByteString> lockKeys;
    private final List<ByteString> mutexNames;
    private final MutexClient.Counts mutexCounts = new MutexClient.Counts();
    private final LeaseBoundCheck leaseBound;
    private final ProtectedResources resources;
    private final KvObservations observations;
    private final KvHistoryCheck historyCheck;

    public KvWorkload(SimConfig config, EventLoop loop, RandomStreams streams, Violations violations) {
        this.config = config;
        this.loop = loop;
        this.streams = streams;
        this.violations = violations;
        this.dataKeys = keys("k/", config.kv().dataKeys());
        this.lockKeys = keys("lock/", config.kv().lockKeys());
        this.mutexNames = keys("mutex/", config.kv().mutexNames());
        LockKeyTimeline timeline = new LockKeyTimeline();
        MutexQueues queues = new MutexQueues(mutexNames.stream().map(ProtectedResources::prefix).toList());
        this.leaseBound = new LeaseBoundCheck(driftMaxPpm(config));
        this.resources = new ProtectedResources(loop, timeline, queues, violations);
        this.observations = new KvObservations(loop, violations, history, lockKeys, timeline, queues, leaseBound);
        this.historyCheck = new KvHistoryCheck(violations);
    }

    /** The largest drift a node's clock can have in this run: what the nemesis may set, or the initial drift. */
    private static long driftMaxPpm(SimConfig config) {
        return Math.max(config.nemesis().driftMaxPpm(), Cluster.INITIAL_DRIFT_MAX_PPM);
    }

    private static List<ByteString> keys(String prefix, int count) {
        List<ByteString> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(ByteString.copyFromUtf8(prefix + i));
        }
        return keys;
    }

    public KvObservations observations() {
        return observations;
    }

    public KvHistory history() {
        return history;
    }

    /**
     * Data clients are 1..d, lock clients d+1..d+l, mutex clients d+l+1..d+l+m; none invokes
     * anything at or after {@code stopMicros}.
     */
    public void startClients(ClusterAccess cluster, long startMicros, long stopMicros) {
        KvWorkloadModel model = config.kv();
        for (int c = 1; c <= model.dataClients(); c++) {
            new DataClient(c, loop, cluster, history, streams.stream(Purpose.KV_CLIENT, c, 0), config.clients(),
                    violations, model, dataKeys, lockKeys).start(startMicros + c, stopMicros);
        }
        for (int l = 1; l <= model.lockClients(); l++) {
            long id = model.dataClients() + l;
            new LockClient(id, loop, cluster, history, streams.stream(Purpose.KV_CLIENT, id, 0), config.clients(),
                    violations, model, lockKeys, resources, config.hooks().unlocker(), driftMaxPpm(config))
                    .start(startMicros + id, stopMicros);
        }
        for (int m = 1; m <= model.mutexClients(); m++) {
            long id = model.dataClients() + model.lockClients() + m;
            new MutexClient(id, loop, cluster, history, streams.stream(Purpose.KV_CLIENT, id, 0), config.clients(),
                    violations, model, mutexNames, resources, config.hooks().mutexUnlocker(), mutexCounts,
                    driftMaxPpm(config))
                    .start(startMicros + id, stopMicros);
        }
    }

    /** The checks after the run. */
    public void check(List<SimNode> nodes, long healMicros, long clientStopMicros) {
        historyCheck.check(history.ops());
        leaseBound.check(violations);
        new KvLivenessChecker(violations).check(history.ops(), nodes, healMicros, clientStopMicros);
    }

    public KvStats stats() {
        CheckResult checked = historyCheck.result();
        return new KvStats(history.ops().size(), history.count(KvOp.Outcome.OK), history.count(KvOp.Outcome.UNKNOWN),
                observations.expiriesApplied(), resources.raw().snapshot(), resources.mutex().snapshot(), mutexCounts.snapshot(), checked == null ? 0 : 1,
                checked instanceof CheckResult.Linearizable ? 1 : 0,
                checked instanceof CheckResult.Linearizable ok ? ok.partitions() : 0, checked == null ? 0 : checked.steps());
    }

    /**
     * Counts that show what a KV run exercised.
     *
     * @param ops          operations in the history (clients' and applied lease expiries)
     * @param histories    histories checked for linearizability (1 once the run was checked)
     * @param linearizable of those, the ones found linearizable
     * @param partitions   independent parts (keys) of a linearizable history
     * @param checkSteps   model steps the linearizability check took
     */
    public record KvStats(long ops, long opsOk, long opsUnknown, long expiries, ProtectedResources.Writes raw,
                          ProtectedResources.Writes mutex, MutexClient.Activity mutexClients, long histories,
                          long linearizable, long partitions, long checkSteps) {
        @Override
        public String toString() {
            return "ops=" + ops + " ok=" + opsOk + " unknown=" + opsUnknown + " lease_expiries=" + expiries
                    + " " + writes("raw", raw) + " " + writes("mutex", mutex) + " " + mutexClients
                    + " linearizable=" + linearizable + "/" + histories + " (" + partitions + " keys, "
                    + checkSteps + " steps)";
        }

        /** Writes the resources accepted, from raw lock and mutex holders. */
        public long resourceWrites() {
            return raw.accepted() + mutex.accepted();
        }

        private static String writes(String who, ProtectedResources.Writes counts) {
            return who + "_writes=" + counts.accepted() + " " + who + "_refused=" + counts.refused() + " " + who
                    + "_late=" + counts.late() + "/" + counts.lateRefused() + "/" + counts.lateAcceptedStale();
        }
    }
}
