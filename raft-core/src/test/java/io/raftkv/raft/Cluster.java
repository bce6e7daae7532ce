package io.raftkv.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.message.Message;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/**
 * A deterministic in-test driver for several cores: one message queue, instant persistence
 * (each node's "disk" is a list and a hard state), and a log of what each node applied, read
 * and reported. Not the simulator: just enough to tell multi-node stories in unit tests.
 */
final class Cluster {
    private final RaftConfig baseConfig;
    private final long seed;
    final Map<Long, Node> nodes = new TreeMap<>();
    final LinkedList<Message> network = new LinkedList<>();
    /** Messages for which this returns true are dropped when sent (partitions, lossy links). */
    Predicate<Message> dropped = message -> false;
    /** Every (term, leader) pair any node ever reported, for the election-safety check. */
    final Map<Long, Long> leaderOfTerm = new TreeMap<>();

    /** One member: its core and what it made durable, applied and served. */
    static final class Node {
        RaftCore core;
        HardState hardState = HardState.INITIAL;
        final List<Entry> disk = new ArrayList<>();
        final List<Entry> applied = new ArrayList<>();
        final List<ReadState> reads = new ArrayList<>();
        final List<SoftState> softStates = new ArrayList<>();
        final List<Message> sent = new ArrayList<>();
        /** Writes done but not yet acknowledged as durable (only when persistence is deferred). */
        final java.util.ArrayDeque<Ready> unacknowledged = new java.util.ArrayDeque<>();
        /** The snapshot the disk's log follows: {@code disk} holds the entries after it. */
        SnapshotMeta snapshot = SnapshotMeta.NONE;
        /** Snapshot requests this node's core made, in order. */
        final List<SnapshotToSend> snapshotRequests = new ArrayList<>();
        /** Snapshots completely received and "saved", waiting to be offered to the core. */
        final List<io.raftkv.raft.message.InstallSnapshot> received = new ArrayList<>();
        long ticks;

        long diskOffset() {
            return disk.isEmpty() ? snapshot.index() : disk.get(0).index() - 1;
        }
    }

    /**
     * Saved snapshots by meta: the "state machine" of a node is its applied list, so a snapshot's
     * content is the applied entries it covers. Shared, as if every node could read every store.
     */
    final Map<SnapshotMeta, List<Entry>> snapshots = new java.util.HashMap<>();
    /** When set, snapshot requests are answered by sending one whole-snapshot chunk at once. */
    boolean sendSnapshots = true;
    /**
     * When positive, a node reports every snapshot send as failed each time it ticked this often,
     * as the runtime's transfer timeout does (a no-op for transfers that completed), so that a
     * lost chunk or install acknowledgement ends in a retry.
     */
    int snapshotTimeoutTicks;

    /** When set, durability acknowledgements wait for {@link #acknowledgeOneWrite}. */
    boolean deferAcknowledgements;

    private Cluster(RaftConfig baseConfig, long seed) {
        this.baseConfig = baseConfig;
        this.seed = seed;
        for (long id : baseConfig.members()) {
            Node node = new Node();
            node.core = RaftCore.create(baseConfig.forNode(id), PersistentState.EMPTY, new SplittableRandom(seed + id));
            nodes.put(id, node);
        }
    }

    static Cluster of(int size) {
        return of(size, builder -> {}, 1);
    }

    static Cluster of(int size, Consumer<RaftConfig.Builder> tweak, long seed) {
        List<Long> members = LongStream.rangeClosed(1, size).boxed().toList();
        RaftConfig.Builder builder = RaftConfig.builder(1, members).electionTimeoutTicks(10).heartbeatIntervalTicks(1);
        tweak.accept(builder);
        return new Cluster(builder.build(), seed);
    }

    RaftConfig config() {
        return baseConfig;
    }

    RaftCore core(long id) {
        return nodes.get(id).core;
    }

    Node node(long id) {
        return nodes.get(id);
    }

    /** Hands over every Ready of one node: send, persist at once, acknowledge, apply. */
    void drain(long id) {
        Node node = nodes.get(id);
        for (int rounds = 0; node.core.hasReady(); rounds++) {
            assertTrue(rounds < 1000, "node " + id + " never stops producing Ready values");
            Ready ready = node.core.ready();
            ready.messages().forEach(this::send);
            if (ready.snapshot() != null) {
                restoreFromSnapshot(node, ready.snapshot());
            }
            persist(node, ready);
            node.unacknowledged.addLast(ready);
            if (!deferAcknowledgements) {
                acknowledgeOneWrite(id);
            }
            node.applied.addAll(ready.committedEntries());
            node.snapshotRequests.addAll(ready.snapshotsToSend());
            if (sendSnapshots) {
                ready.snapshotsToSend().forEach(request -> sendSnapshot(id, request));
            }
            node.received.addAll(ready.snapshotChunks());
            node.reads.addAll(ready.readStates());
            if (ready.softState() != null) {
                node.softStates.add(ready.softState());
                if (ready.softState().role() == Role.LEADER) {
                    Long previous = leaderOfTerm.putIfAbsent(ready.softState().term(), id);
                    assertTrue(previous == null || previous == id,
                            "two leaders in term " + ready.softState().term() + ": " + previous + " and " + id);
                }
            }
            node.core.advance(ready);
            offerReceivedSnapshots(node);
        }
    }

    /** The harness's "state machine" (the applied list) becomes the snapshot's content. */
    private void restoreFromSnapshot(Node node, SnapshotMeta meta) {
        List<Entry> content = snapshots.get(meta);
        assertTrue(content != null, "installed snapshot " + meta + " was never saved");
        node.applied.clear();
        node.applied.addAll(content);
        // The log storage records that the log now follows the snapshot (LogStorage.installSnapshot).
        boolean keepsSuffix = node.disk.stream().anyMatch(e -> e.index() == meta.index() && e.term() == meta.term());
        if (keepsSuffix) {
            node.disk.removeIf(e -> e.index() <= meta.index());
        } else {
            node.disk.clear();
        }
        node.snapshot = meta;
    }

    /** Each whole snapshot received (one chunk, done) is offered to the core after the Ready that carried it. */
    private void offerReceivedSnapshots(Node node) {
        List<io.raftkv.raft.message.InstallSnapshot> chunks = List.copyOf(node.received);
        node.received.clear();
        for (io.raftkv.raft.message.InstallSnapshot chunk : chunks) {
            if (chunk.done()) {
                node.core.installSnapshot(chunk.from(), new SnapshotMeta(chunk.snapshotIndex(), chunk.snapshotTerm()));
            }
        }
    }

    /** The leader "sends" its newest snapshot as one chunk (content travels out of band in {@link #snapshots}). */
    void sendSnapshot(long from, SnapshotToSend request) {
        Node leader = nodes.get(from);
        SnapshotMeta newest = leader.snapshot;
        assertTrue(newest.index() >= request.snapshot().index(), "asked for " + request + " but the newest is " + newest);
        send(new io.raftkv.raft.message.InstallSnapshot(from, request.peerId(), leader.core.status().term(),
                newest.index(), newest.term(), 0, ByteString.copyFromUtf8("snapshot " + newest), true, 0));
    }

    /**
     * Node {@code id} snapshots its state machine (its applied list) through its applied index
     * and compacts its log through {@code compactIndex}, as the runtime does.
     */
    void snapshotAndCompact(long id, long compactIndex) {
        Node node = nodes.get(id);
        Entry last = node.applied.get(node.applied.size() - 1);
        SnapshotMeta meta = new SnapshotMeta(last.index(), last.term());
        snapshots.put(meta, List.copyOf(node.applied));
        node.snapshot = meta;
        node.core.compact(compactIndex);
        node.disk.removeIf(e -> e.index() <= compactIndex);
    }

    /** The oldest outstanding write of {@code id} is durable: its held messages may leave. */
    void acknowledgeOneWrite(long id) {
        Node node = nodes.get(id);
        Ready ready = node.unacknowledged.pollFirst();
        if (ready == null) {
            return;
        }
        ready.messagesAfterPersist().forEach(this::send);
        if (ready.lastEntry() != null) {
            node.core.onPersisted(ready.lastEntry().index(), ready.lastEntry().term());
        }
    }

    private static void persist(Node node, Ready ready) {
        if (ready.hardState() != null) {
            node.hardState = ready.hardState();
        }
        if (!ready.entries().isEmpty()) {
            long first = ready.entries().get(0).index();
            while (!node.disk.isEmpty() && node.disk.get(node.disk.size() - 1).index() >= first) {
                node.disk.remove(node.disk.size() - 1);
            }
            assertEquals(first, node.diskOffset() + node.disk.size() + 1, "writes must be contiguous");
            node.disk.addAll(ready.entries());
        }
    }

    void send(Message message) {
        nodes.get(message.from()).sent.add(message);
        if (!dropped.test(message)) {
            network.add(message);
        }
    }

    void drainAll() {
        nodes.keySet().forEach(this::drain);
    }

    /** Delivers messages in order until the cluster is quiet. */
    void deliverAll() {
        drainAll();
        for (int steps = 0; !network.isEmpty(); steps++) {
            assertTrue(steps < 100_000, "the cluster never goes quiet");
            Message message = network.removeFirst();
            nodes.get(message.to()).core.step(message);
            drain(message.to());
        }
    }

    void tick(long id) {
        Node node = nodes.get(id);
        core(id).tick();
        if (snapshotTimeoutTicks > 0 && ++node.ticks % snapshotTimeoutTicks == 0) {
            node.snapshotRequests.stream().mapToLong(SnapshotToSend::peerId).distinct()
                    .forEach(peer -> node.core.snapshotSendFailed(peer));
        }
        drain(id);
    }

    void tickAll() {
        nodes.keySet().forEach(this::tick);
    }

    /** Ticks only {@code id} (others stay quiet) until it leads. */
    void elect(long id) {
        for (int ticks = 0; core(id).status().role() != Role.LEADER; ticks++) {
            assertTrue(ticks < 10 * baseConfig.electionTimeoutTicks(), "node " + id + " did not become leader");
            tick(id);
            deliverAll();
        }
        deliverAll();
    }

    /** Ticks only {@code ids} until one of them leads (they wait out the old leader's lease). */
    long electAmong(long... ids) {
        for (int ticks = 0; ; ticks++) {
            for (long id : ids) {
                if (core(id).status().role() == Role.LEADER) {
                    deliverAll();
                    return id;
                }
            }
            assertTrue(ticks < 20 * baseConfig.electionTimeoutTicks(), "no leader among " + java.util.Arrays.toString(ids));
            for (long id : ids) {
                tick(id);
            }
            deliverAll();
        }
    }

    /** Heartbeat rounds: ticks every node once and lets everything settle. */
    void settle(int rounds) {
        for (int i = 0; i < rounds; i++) {
            tickAll();
            deliverAll();
        }
    }

    Admission propose(long id, String command) {
        Admission admission = core(id).propose(ByteString.copyFromUtf8(command));
        drain(id);
        return admission;
    }

    /** Drops every message to or from {@code id}. */
    void isolate(long id) {
        dropped = message -> message.from() == id || message.to() == id;
        network.removeIf(dropped);
    }

    void heal() {
        dropped = message -> false;
    }

    /** Restarts a node from its "disk", losing everything volatile. */
    void restart(long id) {
        Node node = nodes.get(id);
        node.core = RaftCore.create(baseConfig.forNode(id),
                new PersistentState(node.hardState, node.disk, node.applied.size(), node.snapshot),
                new SplittableRandom(seed * 31 + id));
        network.removeIf(message -> message.to() == id);
        node.unacknowledged.clear();
    }

    List<ByteString> appliedCommands(long id) {
        return nodes.get(id).applied.stream().filter(entry -> entry.type() == EntryType.NORMAL).map(Entry::data).toList();
    }

    long leaderId() {
        return nodes.entrySet().stream().filter(entry -> entry.getValue().core.status().role() == Role.LEADER)
                .mapToLong(Map.Entry::getKey).max().orElse(0);
    }

    static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
