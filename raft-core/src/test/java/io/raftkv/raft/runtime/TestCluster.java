package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Real RaftNodes on one {@link ManualScheduler} timeline, joined by a loopback network with a
 * fixed 1 ms latency that the test can cut per node. Deterministic: no threads, no sleeps.
 */
final class TestCluster {
    static final long LATENCY_MILLIS = 1;

    /**
     * A state machine that records what it applied and answers with the index. Its state is the
     * list of commands; a snapshot writes that list, so a restored one equals the original.
     */
    static final class RecordingStateMachine implements SnapshottingStateMachine {
        final List<String> applied = new ArrayList<>();
        /** Calls of apply on this instance (a restore does not count). */
        int applyCalls;
        int restores;

        @Override
        public ByteString apply(long index, ByteString command) {
            applied.add(command.toStringUtf8());
            applyCalls++;
            return ByteString.copyFromUtf8("applied@" + index);
        }

        @Override
        public void writeSnapshot(java.io.OutputStream out) throws IOException {
            java.io.DataOutputStream data = new java.io.DataOutputStream(out);
            data.writeInt(applied.size());
            for (String command : applied) {
                data.writeUTF(command);
            }
            data.flush();
        }

        @Override
        public void restoreSnapshot(java.io.InputStream in) throws IOException {
            java.io.DataInputStream data = new java.io.DataInputStream(in);
            int count = data.readInt();
            applied.clear();
            for (int i = 0; i < count; i++) {
                applied.add(data.readUTF());
            }
            restores++;
        }
    }

    final ManualScheduler scheduler = new ManualScheduler();
    final Map<Long, RaftNode> nodes = new TreeMap<>();
    final Map<Long, LogStorage> storages = new TreeMap<>();
    final Map<Long, RecordingStateMachine> stateMachines = new TreeMap<>();
    final Map<Long, MemorySnapshotStore> snapshotStores = new TreeMap<>();
    /** When set, nodes start with snapshots on (a MemorySnapshotStore each). */
    SnapshotOptions snapshotOptions;
    /** Rewrites a message on its way (to plant damage); identity by default. */
    java.util.function.UnaryOperator<Message> tamper = m -> m;
    final List<Message> sent = new ArrayList<>();
    private final Set<Long> isolated = new HashSet<>();
    private final List<Long> members;
    private Predicate<Message> dropRule = m -> false;

    TestCluster(int size) {
        members = new ArrayList<>();
        for (long id = 1; id <= size; id++) {
            members.add(id);
        }
        for (long id : members) {
            storages.put(id, new MemoryLogStorage());
            snapshotStores.put(id, new MemorySnapshotStore());
        }
    }

    TestCluster startAll() {
        members.forEach(this::start);
        return this;
    }

    RaftNode start(long id) {
        RaftConfig config = RaftConfig.builder(id, members).tickIntervalMillis(10).build();
        RecordingStateMachine stateMachine = new RecordingStateMachine();
        try {
            RaftNode node = snapshotOptions == null
                    ? RaftNode.start(config, storages.get(id), this::deliver, stateMachine,
                            scheduler, new SplittableRandom(id), RaftObserver.NONE)
                    : RaftNode.start(config, storages.get(id), snapshotStores.get(id), snapshotOptions,
                            this::deliver, stateMachine, scheduler, new SplittableRandom(id), RaftObserver.NONE);
            nodes.put(id, node);
            stateMachines.put(id, stateMachine);
            return node;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void useStorage(long id, LogStorage storage) {
        storages.put(id, storage);
    }

    private void deliver(Message message) {
        sent.add(message);
        if (isolated.contains(message.from()) || isolated.contains(message.to()) || dropRule.test(message)) {
            return;
        }
        RaftNode target = nodes.get(message.to());
        Message delivered = tamper.apply(message);
        scheduler.schedule(LATENCY_MILLIS, () -> target.receive(delivered));
    }

    void isolate(long id) {
        isolated.add(id);
    }

    /** Ends {@code id}'s isolation only; drop rules stay. */
    void healNode(long id) {
        isolated.remove(id);
    }

    void heal() {
        isolated.clear();
        dropRule = m -> false;
    }

    void drop(Predicate<Message> rule) {
        dropRule = rule;
    }

    void run(long millis) {
        scheduler.advance(millis);
    }

    /** Lets time pass until a single leader is known to every live node, or fails after 10 simulated seconds. */
    RaftNode awaitLeader() {
        for (int step = 0; step < 1000; step++) {
            run(10);
            List<RaftNode> leaders = nodes.values().stream()
                    .filter(n -> n.status().role() == Role.LEADER).toList();
            if (leaders.size() == 1) {
                return leaders.get(0);
            }
        }
        throw new AssertionError("no single leader within 10 simulated seconds");
    }

    RaftNode aFollower() {
        return nodes.values().stream().filter(n -> n.status().role() == Role.FOLLOWER).findFirst()
                .orElseThrow(() -> new AssertionError("no follower"));
    }
}
