package io.raftkv.kv.server;

import static org.junit.jupiter.api.Assertions.fail;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.LeaderRouter;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.MemoryLogStorage;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.RaftObserver;
import io.raftkv.raft.runtime.ThreadScheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A KV cluster in one JVM on real threads: a RaftNode, KvStateMachine and KvServer per member,
 * joined by direct calls. Nodes can be cut off from the others or stopped. Tests wait on
 * conditions with deadlines ({@link #await}), never on sleeps. Public so that other packages' tests
 * (the gRPC layer's) can serve it.
 */
public final class KvTestCluster implements AutoCloseable {
    public static final long TICK_MILLIS = 10;
    public static final long CLUSTER_ID = 0xC1;

    public final Map<Long, RaftNode> rafts = new ConcurrentHashMap<>();
    public final Map<Long, KvServer> servers = new ConcurrentHashMap<>();
    public final Map<Long, KvStateMachine> machines = new ConcurrentHashMap<>();
    private final Map<Long, ThreadScheduler> schedulers = new ConcurrentHashMap<>();
    private final Set<Long> cut = ConcurrentHashMap.newKeySet();
    private final List<Long> members = new ArrayList<>();
    private final ThreadScheduler clientScheduler = new ThreadScheduler("kv-test-client");

    public KvTestCluster(int size, KvLimits limits) throws Exception {
        for (long id = 1; id <= size; id++) {
            members.add(id);
        }
        for (long id : members) {
            ThreadScheduler scheduler = new ThreadScheduler("kv-node-" + id);
            schedulers.put(id, scheduler);
            RaftConfig config = RaftConfig.builder(id, members).tickIntervalMillis(TICK_MILLIS).build();
            KvStateMachine machine = new KvStateMachine(limits, 1_000);
            machines.put(id, machine);
            long self = id;
            RaftNode raft = RaftNode.start(config, new MemoryLogStorage(), message -> {
                RaftNode peer = rafts.get(message.to());
                if (peer != null && !cut.contains(self) && !cut.contains(message.to())) {
                    peer.receive(message);
                }
            }, machine, scheduler, new SplittableRandom(id), RaftObserver.NONE);
            rafts.put(id, raft);
            servers.put(id, KvServer.start(raft, machine, scheduler,
                    new KvServerOptions(CLUSTER_ID, id, 50, 1_000, 200, 0), new SplittableRandom(100 + id)));
        }
    }

    public KvClient client() {
        Map<Long, KvServer> live = new TreeMap<>(servers);
        return new KvClient(new LeaderRouter(live, clientScheduler, 50, 20), clientScheduler);
    }

    public long awaitLeader() {
        long[] leader = {0};
        await("a leader", () -> {
            for (var entry : rafts.entrySet()) {
                if (!cut.contains(entry.getKey()) && entry.getValue().status().role() == Role.LEADER) {
                    leader[0] = entry.getKey();
                    return true;
                }
            }
            return false;
        });
        return leader[0];
    }

    public void cutOff(long id) {
        cut.add(id);
    }

    public void heal(long id) {
        cut.remove(id);
    }

    public static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("gave up after 20 s waiting for " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (KvServer server : servers.values()) {
            server.stop();
        }
        for (RaftNode raft : rafts.values()) {
            raft.stop().join();
        }
        for (ThreadScheduler scheduler : schedulers.values()) {
            scheduler.close();
        }
        clientScheduler.close();
    }
}
