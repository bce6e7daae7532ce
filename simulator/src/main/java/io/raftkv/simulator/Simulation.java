package io.raftkv.simulator;

import io.raftkv.simulator.RandomStreams.Purpose;
import io.raftkv.simulator.check.AppliedLog;
import io.raftkv.simulator.check.DurabilityPromises;
import io.raftkv.simulator.check.HistoryChecker;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.LivenessChecker;
import io.raftkv.simulator.check.ProtocolChecker;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.check.VoteLedger;
import io.raftkv.simulator.client.History;
import io.raftkv.simulator.client.Operation;
import io.raftkv.simulator.client.SimClient;
import io.raftkv.simulator.kv.KvWorkload;
import io.raftkv.simulator.loop.Event;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.nemesis.CrashPoints;
import io.raftkv.simulator.nemesis.Fault;
import io.raftkv.simulator.nemesis.FaultSchedule;
import io.raftkv.simulator.nemesis.Nemesis;
import io.raftkv.simulator.net.SendListener;
import io.raftkv.simulator.node.SimNode;

/**
 * One run: builds the cluster, the clients and the nemesis from the configuration, runs the
 * event loop to the end of simulated time with the safety checks watching every step, then
 * judges the clients' history and, after the quiet period, liveness. The workload (the log
 * machine, or the KV stack with its own clients and checks, {@link KvWorkload}) is the
 * configuration's.
 *
 * <p>Timeline: nodes start within the first 5 ms; faults run until the quiet period; at its
 * start everything heals; clients stop invoking early enough that every answer is in before
 * the end.
 */
public final class Simulation {
    private static final long MICROS_PER_MILLI = 1000;
    private static final long NODE_START_SPREAD_MICROS = 5_000;
    private static final long CLIENT_START_MICROS = 50_000;
    /** After the last invocation, time for the answer and for commits to reach every node. */
    private static final long SETTLE_MICROS = 1_000_000;

    /**
     * The runtime logs role changes at INFO, the KV server each new leader's lease restart: useful
     * for one node in production, a flood for thousands of simulated elections per second. Held
     * here so the settings are not collected.
     */
    private static final java.util.logging.Logger RAFT_LOGS = quiet("io.raftkv.raft");
    private static final java.util.logging.Logger KV_LOGS = quiet("io.raftkv.kv");

    private final SimConfig config;
    private final EventLoop loop = new EventLoop();
    private final RandomStreams streams;
    private final Violations violations = new Violations(loop);
    private final ProtocolChecker protocol;
    private final AppliedLog applied = new AppliedLog(violations);
    private final History history = new History();
    /** Null in log runs. */
    private final KvWorkload kv;
    private final Cluster cluster;
    private final Nemesis nemesis;

    private Simulation(SimConfig config) {
        this.config = config;
        this.streams = new RandomStreams(config.seed());
        this.protocol = new ProtocolChecker(config.nodes(), violations);
        SendListener[] listeners = new SendListener[3];
        CrashPoints[] crashPoints = new CrashPoints[1];
        this.kv = config.workload() == Workload.KV ? new KvWorkload(config, loop, streams, violations) : null;
        this.cluster = new Cluster(config, loop, streams, violations, protocol, applied,
                kv == null ? null : kv.observations(), (sender, message) -> {
            listeners[0].onSend(sender, message);
            listeners[1].onSend(sender, message);
            listeners[2].onSend(sender, message);
        }, (nodeId, point) -> crashPoints[0].reached(nodeId, point));
        listeners[0] = config.checkDurabilityPromises()
                ? new DurabilityPromises(id -> cluster.node(id).disk().durable(), id -> cluster.node(id).snapshots().latest(),
                        protocol, violations)
                : SendListener.NONE;
        this.nemesis = new Nemesis(loop, cluster);
        crashPoints[0] = nemesis.crashPoints();
        listeners[1] = new VoteLedger(violations);
        // Last: a trap the nemesis springs must not hide the send from the checks.
        listeners[2] = nemesis.traps();
        loop.onFailure(this::onEventFailure);
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    public static SimResult run(SimConfig config) {
        return new Simulation(config).run();
    }

    private SimResult run() {
        long endMicros = config.simMillis() * MICROS_PER_MILLI;
        long healMicros = endMicros - config.quietMillis() * MICROS_PER_MILLI;
        long clientStopMicros = Math.max(healMicros, endMicros - config.clients().timeoutMicros() - SETTLE_MICROS);
        var startRandom = streams.stream(Purpose.CLOCK, 0, 1);
        for (long id : cluster.members()) {
            loop.at(startRandom.nextLong(NODE_START_SPREAD_MICROS), EventKind.NODE_START, id, id, () -> cluster.start(id));
        }
        if (kv == null) {
            for (int c = 1; c <= config.clients().clients(); c++) {
                SimClient client = new SimClient(c, loop, cluster, history, streams.stream(Purpose.CLIENT, c, 0),
                        config.clients(), violations);
                client.start(CLIENT_START_MICROS + c, clientStopMicros);
            }
        } else {
            kv.startClients(cluster, CLIENT_START_MICROS, clientStopMicros);
        }
        nemesis.install(FaultSchedule.draw(streams.stream(Purpose.NEMESIS), config.nemesis(), config.nodes(),
                CLIENT_START_MICROS, healMicros), healMicros);
        loop.runUntil(endMicros);
        if (kv == null) {
            new HistoryChecker(applied, violations).check(history.operations());
            new LivenessChecker(violations).check(history.operations(), cluster.nodes(), healMicros, clientStopMicros);
        } else {
            kv.check(cluster.nodes(), healMicros, clientStopMicros);
        }
        return new SimResult(config, loop.eventsRun(), loop.nowMicros(), loop.trace().value(), violations.count(),
                violations.kept(), stats(), kv == null ? null : kv.stats());
    }

    private SimResult.Stats stats() {
        long crashes = cluster.nodes().stream().mapToLong(SimNode::crashes).sum();
        return new SimResult.Stats(
                history.count(Operation.Kind.WRITE, Operation.Outcome.OK),
                history.count(Operation.Kind.WRITE, Operation.Outcome.FAILED),
                history.count(Operation.Kind.WRITE, Operation.Outcome.UNKNOWN),
                history.count(Operation.Kind.READ, Operation.Outcome.OK),
                protocol.leadersElected(), protocol.committedIndex(), crashes, nemesis.faultsBegun(),
                cluster.network().sent(), cluster.network().dropped(), cluster.snapshotsInstalled(), trapsSprung());
    }

    private java.util.Map<Fault.Trigger, Long> trapsSprung() {
        java.util.Map<Fault.Trigger, Long> sprung = new java.util.EnumMap<>(Fault.Trigger.class);
        for (Fault.Trigger trigger : Fault.Trigger.values()) {
            sprung.put(trigger, nemesis.trapsSprung(trigger));
        }
        return sprung;
    }

    /** Code that threw inside a node's event is a bug found: record it, and let that process die. */
    private void onEventFailure(Event event, RuntimeException failure) {
        violations.report(event.nodeId(), Invariant.NODE_FAILURE, event.kind() + " threw " + Cluster.describe(failure));
        if (event.nodeId() != 0 && event.kind() != EventKind.CLIENT_REQUEST) {
            cluster.crash(event.nodeId());
        }
    }
}
