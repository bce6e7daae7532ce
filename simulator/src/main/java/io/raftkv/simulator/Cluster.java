package io.raftkv.simulator;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.server.KvServer;
import io.raftkv.kv.server.KvServerOptions;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.RaftObserver;
import io.raftkv.raft.runtime.Scheduler;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.raft.runtime.Transport;
import io.raftkv.simulator.RandomStreams.Purpose;
import io.raftkv.simulator.check.AppliedLog;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.ProtocolChecker;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.clock.NodeClock;
import io.raftkv.simulator.disk.LoadRewritingStorage;
import io.raftkv.simulator.disk.NodeDisk;
import io.raftkv.simulator.kv.KvNode;
import io.raftkv.simulator.kv.KvNodeContext;
import io.raftkv.simulator.kv.KvObservations;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.nemesis.CrashPoints;
import io.raftkv.simulator.nemesis.FaultTarget;
import io.raftkv.simulator.net.Endpoints;
import io.raftkv.simulator.net.Network;
import io.raftkv.simulator.net.SendListener;
import io.raftkv.simulator.node.SimNode;
import io.raftkv.simulator.sm.LogMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The machines 1..n and the network between them, and how a machine's process is (re)started:
 * a fresh {@link RaftNode} on what its disk holds durably, with an empty state machine (the log
 * workload's, or the KV stack), a new scheduler incarnation and random streams of its own.
 */
public final class Cluster implements Endpoints, ClusterAccess, FaultTarget {
    /** Initial clock offsets are drawn below this; they matter only to what nowMillis() reads. */
    private static final long SKEW_MAX_MICROS = 10_000_000;
    /** Every clock starts with a drift below this; the nemesis may set larger ones. */
    public static final long INITIAL_DRIFT_MAX_PPM = 200;
    /** Carried in every KV response header. */
    private static final long KV_CLUSTER_ID = 0x5EED;
    /** Small enough that the leader compacts a few times per run, and snapshots carry compacted histories. */
    private static final long KV_COMPACT_RETENTION = 100;

    private final SimConfig config;
    private final EventLoop loop;
    private final RandomStreams streams;
    private final Violations violations;
    private final ProtocolChecker protocol;
    private final AppliedLog applied;
    private final List<Long> members;
    private final List<SimNode> nodes = new ArrayList<>();
    private final Network network;
    private final CrashPoints crashPoints;
    /** Null in log runs. */
    private final KvObservations kv;
    private long snapshotsInstalled;

    /** With {@code kv} the nodes run the KV stack, seen through it; without (null), the log workload. */
    public Cluster(SimConfig config, EventLoop loop, RandomStreams streams, Violations violations,
                   ProtocolChecker protocol, AppliedLog applied, KvObservations kv, SendListener sendListener,
                   CrashPoints crashPoints) {
        this.crashPoints = crashPoints;
        this.kv = kv;
        this.config = config;
        this.loop = loop;
        this.streams = streams;
        this.violations = violations;
        this.protocol = protocol;
        this.applied = applied;
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= config.nodes(); id++) {
            ids.add(id);
        }
        this.members = Collections.unmodifiableList(ids);
        for (long id : members) {
            var clockRandom = streams.stream(Purpose.CLOCK, id, 0);
            NodeClock clock = new NodeClock(clockRandom.nextLong(SKEW_MAX_MICROS),
                    clockRandom.nextLong(-INITIAL_DRIFT_MAX_PPM, INITIAL_DRIFT_MAX_PPM + 1));
            NodeDisk disk = config.hooks().disks().create(id, loop, streams.stream(Purpose.DISK, id, 0), config.disk());
            var store = config.hooks().snapshotStores().create(id, loop, streams.stream(Purpose.DISK, id, 1));
            nodes.add(new SimNode(id, loop, clock, disk, store));
        }
        this.network = new Network(loop, streams.stream(Purpose.NETWORK), config.network(), config.nodes(),
                this, sendListener);
    }

    public List<Long> members() {
        return members;
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Snapshots sent by a leader that a running follower installed (its state machine restored from one). */
    public long snapshotsInstalled() {
        return snapshotsInstalled;
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public SimNode node(long nodeId) {
        return nodes.get((int) nodeId - 1);
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public void restart(long nodeId) {
        start(nodeId);
    }

    /** Starts a new incarnation on a machine that is down. A node that fails to start is crashed again. */
    public void start(long nodeId) {
        SimNode node = node(nodeId);
        Scheduler scheduler = node.beginIncarnation();
        int incarnation = node.incarnation();
        RaftConfig raftConfig = config.raft().configFor(nodeId, members);
        // The runtime restores the newest snapshot in the store, which may be newer than what the log follows.
        var newestSnapshot = node.snapshots().latest();
        var points = new SnapshotCrashPoints(node, incarnation, crashPoints, () -> snapshotsInstalled++);
        LogStorage storage = points.storage(LoadRewritingStorage.observing(
                config.hooks().storage().wrap(nodeId, incarnation, node.disk().open()),
                restored -> protocol.onLoad(nodeId, restored, newestSnapshot)));
        Transport wire = network.transportFor(nodeId);
        // A process that crashed in the middle of a task may run the rest of it here; it sends nothing more.
        Transport alive = message -> {
            if (node.isUp() && node.incarnation() == incarnation) {
                wire.send(message);
            }
        };
        Transport transport = config.hooks().transports().wrap(nodeId, members,
                streams.stream(Purpose.PLANTED_BUG, nodeId, incarnation), alive);
        Incarnation starting = new Incarnation(node, incarnation, scheduler, raftConfig, storage, transport, points);
        try {
            if (kv == null) {
                startLog(starting);
            } else {
                startKv(starting);
            }
        } catch (Exception | LinkageError failure) {
            violations.report(nodeId, Invariant.NODE_FAILURE, "failed to start: " + describe(failure));
            node.crash();
        }
    }

    /** What one incarnation's process is built from, whatever it runs. */
    private record Incarnation(SimNode node, int incarnation, Scheduler scheduler, RaftConfig raftConfig,
                               LogStorage storage, Transport transport, SnapshotCrashPoints points) {}

    private void startLog(Incarnation starting) throws IOException {
        LogMachine machine = new LogMachine(starting.node().id(), applied);
        RaftNode raft = startRaft(starting, machine, protocol);
        starting.node().attach(raft, machine);
    }

    /**
     * The KV stack: a state machine, the Raft node applying to it (through the observers, outside
     * any hook), and a KV server on the node's scheduler with a random stream of its own.
     */
    private void startKv(Incarnation starting) throws IOException {
        long nodeId = starting.node().id();
        KvStateMachine machine = new KvStateMachine(KvLimits.DEFAULTS, KvServerOptions.DEFAULT_EXPIRY_RETRY_MILLIS);
        KvNodeContext context = new KvNodeContext(nodeId, starting.incarnation(), starting.scheduler(), machine);
        SnapshottingStateMachine observed = kv.machine(nodeId, machine, config.hooks().kvNodes().machine(context, machine));
        RaftNode raft = startRaft(starting, observed, (id, ready) -> {
            protocol.onReady(id, ready);
            kv.onReady(id, ready);
        });
        context.started(raft);
        KvServer server = KvServer.start(raft, machine, starting.scheduler(),
                KvServerOptions.defaults(KV_CLUSTER_ID, nodeId).withAutoCompactRetention(KV_COMPACT_RETENTION),
                streams.stream(Purpose.KV_SERVER, nodeId, starting.incarnation()));
        KvService service = kv.service(nodeId, config.hooks().kvNodes().service(context, server));
        starting.node().attach(raft, new KvNode(machine, server, service));
    }

    private RaftNode startRaft(Incarnation starting, SnapshottingStateMachine machine, RaftObserver observer)
            throws IOException {
        var random = streams.stream(Purpose.RAFT, starting.node().id(), starting.incarnation());
        return config.snapshots() == null
                ? RaftNode.start(starting.raftConfig(), starting.storage(), starting.transport(), machine,
                        starting.scheduler(), random, observer)
                : RaftNode.start(starting.raftConfig(), starting.storage(),
                        starting.points().store(starting.node().snapshots().open()), config.snapshots(),
                        starting.transport(), starting.points().stateMachine(machine), starting.scheduler(), random,
                        observer);
    }

    /** The process on {@code nodeId} dies at once. */
    public void crash(long nodeId) {
        node(nodeId).crash();
    }

    @Override
    public long currentLeader() {
        long leader = 0;
        long leaderTerm = -1;
        for (SimNode node : nodes) {
            if (node.isUp() && node.raft() != null) {
                NodeStatus status = node.raft().status();
                if (status.role() == Role.LEADER && status.term() > leaderTerm) {
                    leader = node.id();
                    leaderTerm = status.term();
                }
            }
        }
        return leader;
    }

    @Override
    public int liveIncarnation(long nodeId) {
        SimNode node = node(nodeId);
        return node.isUp() ? node.incarnation() : -1;
    }

    @Override
    public void deliver(long nodeId, int incarnation, Message message) {
        SimNode node = node(nodeId);
        if (node.isUp() && node.incarnation() == incarnation && node.raft() != null) {
            node.raft().receive(message);
        }
    }

    static String describe(Throwable failure) {
        StackTraceElement[] stack = failure.getStackTrace();
        return failure + (stack.length > 0 ? " at " + stack[0] : "");
    }
}
