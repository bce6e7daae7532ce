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

    /** A state machine that records what it applied and answers with the index. */
    static final class RecordingStateMachine implements StateMachine {
        final List<String> applied = new ArrayList<>();

        @Override
        public ByteString apply(long index, ByteString command) {
            applied.add(command.toStringUtf8());
            return ByteString.copyFromUtf8("applied@" + index);
        }
    }

    final ManualScheduler scheduler = new ManualScheduler();
    final Map<Long, RaftNode> nodes = new TreeMap<>();
    final Map<Long, LogStorage> storages = new TreeMap<>();
    final Map<Long, RecordingStateMachine> stateMachines = new TreeMap<>();
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
            RaftNode node = RaftNode.start(config, storages.get(id), this::deliver, stateMachine,
                    scheduler, new SplittableRandom(id), RaftObserver.NONE);
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
        scheduler.schedule(LATENCY_MILLIS, () -> target.receive(message));
    }

    void isolate(long id) {
        isolated.add(id);
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
