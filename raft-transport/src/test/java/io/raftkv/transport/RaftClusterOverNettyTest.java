package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.protobuf.ByteString;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.MemoryLogStorage;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.RaftObserver;
import io.raftkv.raft.runtime.StateMachine;
import io.raftkv.raft.runtime.ThreadScheduler;
import io.raftkv.raft.runtime.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three real RaftNodes (raft-core's runtime on real threads, logs in memory) talking through
 * NettyTransport on loopback: they elect a leader and commit; when the leader's transport is
 * closed the other two carry on, and when it is started again on its port the old leader rejoins
 * and catches up.
 */
class RaftClusterOverNettyTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final List<Long> MEMBERS = List.of(1L, 2L, 3L);

    /** The transport a node was started with stays; what it forwards to can be replaced. */
    private static final class Rewirable implements Transport {
        volatile Transport target;

        @Override
        public void send(Message message) {
            target.send(message);
        }
    }

    /** Keeps the commands it applied, in order; answers with the index. */
    private static final class Recorder implements StateMachine {
        final List<String> applied = new ArrayList<>();

        @Override
        public synchronized ByteString apply(long index, ByteString command) {
            applied.add(command.toStringUtf8());
            return ByteString.copyFromUtf8(Long.toString(index));
        }

        synchronized List<String> applied() {
            return List.copyOf(applied);
        }
    }

    private final Map<Long, RaftNode> nodes = new TreeMap<>();
    private final Map<Long, Recorder> stateMachines = new TreeMap<>();
    private final Map<Long, Rewirable> wires = new TreeMap<>();
    private final List<ThreadScheduler> schedulers = new ArrayList<>();
    private Loopback net;

    @AfterEach
    void stopAll() throws Exception {
        for (RaftNode node : nodes.values()) {
            node.stop().get(10, TimeUnit.SECONDS);
        }
        schedulers.forEach(ThreadScheduler::close);
        if (net != null) {
            net.close();
        }
    }

    @Test
    void electsCommitsAndTheLeaderRejoinsAfterItsTransportIsClosedAndStartedAgain() throws Exception {
        net = Loopback.start(3, b -> b.keepaliveMillis(200).readIdleMillis(2_000));
        for (long id : MEMBERS) {
            startNode(id);
        }
        long firstLeader = awaitLeader(Optional.empty());
        List<String> expected = new ArrayList<>(proposeAll(firstLeader, "a", 20));
        awaitApplied(MEMBERS, expected);

        net.stop(firstLeader);
        long secondLeader = awaitLeader(Optional.of(firstLeader));
        expected.addAll(proposeAll(secondLeader, "b", 20));
        awaitApplied(MEMBERS.stream().filter(id -> id != firstLeader).toList(), expected);

        NettyTransport restarted = net.restart(firstLeader);
        restarted.setInbound(nodes.get(firstLeader)::receive);
        wires.get(firstLeader).target = restarted;
        awaitApplied(MEMBERS, expected);
        expected.addAll(proposeAll(awaitLeader(Optional.empty()), "c", 5));
        awaitApplied(MEMBERS, expected);
        assertEquals(0, restarted.stats().unexpectedErrors());
        assertNotEquals(firstLeader, secondLeader);
    }

    private void startNode(long id) throws IOException {
        RaftConfig config = RaftConfig.builder(id, MEMBERS).tickIntervalMillis(20).build();
        ThreadScheduler scheduler = new ThreadScheduler("raft-node-" + id);
        schedulers.add(scheduler);
        Rewirable wire = new Rewirable();
        wire.target = net.get(id);
        Recorder stateMachine = new Recorder();
        RaftNode node = RaftNode.start(config, new MemoryLogStorage(), wire, stateMachine, scheduler,
                new SplittableRandom(id), RaftObserver.NONE);
        net.get(id).setInbound(node::receive);
        nodes.put(id, node);
        stateMachines.put(id, stateMachine);
        wires.put(id, wire);
    }

    /** The one leader among the nodes other than {@code excluded}, once they agree on it. */
    private long awaitLeader(Optional<Long> excluded) {
        long[] leader = {0};
        Await.until(() -> "a leader" + excluded.map(id -> " other than " + id).orElse("") + "; statuses "
                + nodes.values().stream().map(RaftNode::status).toList(), WAIT, () -> {
            List<Long> candidates = nodes.values().stream()
                    .filter(n -> excluded.map(id -> n.id() != id).orElse(true))
                    .filter(n -> n.status().role() == Role.LEADER)
                    .map(RaftNode::id).toList();
            leader[0] = candidates.size() == 1 ? candidates.get(0) : 0;
            return leader[0] != 0;
        });
        return leader[0];
    }

    private List<String> proposeAll(long leaderId, String prefix, int count) throws Exception {
        List<String> commands = new ArrayList<>();
        List<CompletableFuture<ByteString>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String command = prefix + i;
            commands.add(command);
            results.add(nodes.get(leaderId).propose(ByteString.copyFromUtf8(command)));
        }
        for (CompletableFuture<ByteString> result : results) {
            result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
        return commands;
    }

    private void awaitApplied(List<Long> members, List<String> expected) {
        for (long id : members) {
            Await.until(() -> "node " + id + " applies " + expected.size() + " commands; it applied "
                    + stateMachines.get(id).applied(), WAIT, () -> stateMachines.get(id).applied().equals(expected));
        }
    }
}
