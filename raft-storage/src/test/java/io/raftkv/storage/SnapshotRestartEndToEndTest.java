package io.raftkv.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.HardState;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.SnapshotOptions;
import io.raftkv.raft.runtime.SnapshotStore;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.raft.runtime.ThreadScheduler;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots end to end on real storage: three RaftNodes on real threads (ThreadScheduler), each
 * over a RocksDbLogStorage and a FileSnapshotStore in its own directories, messages handed over
 * in process. A small threshold makes them snapshot and compact; one follower is cut off long
 * enough that it must catch up by an InstallSnapshot (so RocksDbLogStorage.installSnapshot runs
 * under the real runtime). Then every node stops and restarts from the same directories: each
 * restores the newest snapshot, loads the log after it, and ends with the same state as before.
 * Waits are on conditions with deadlines, never sleeps.
 */
class SnapshotRestartEndToEndTest {
    private static final String CLUSTER = "e2e";
    private static final List<Long> MEMBERS = List.of(1L, 2L, 3L);
    private static final SnapshotOptions SNAPSHOTS = SnapshotOptions.builder().snapshotThresholdEntries(20)
            .trailingEntries(5).chunkBytes(256).maxInflightChunks(2).transferTimeoutTicks(20).build();
    private static final long DEADLINE_MS = 20_000;
    private static final long PROPOSE_DEADLINE_MS = 5_000;

    /** Its state is the list of commands applied; a snapshot writes the list. */
    static final class ListStateMachine implements SnapshottingStateMachine {
        private final Object changed;
        private final List<String> applied = new ArrayList<>();
        private int restores;

        ListStateMachine(Object changed) {
            this.changed = changed;
        }

        @Override
        public ByteString apply(long index, ByteString command) {
            synchronized (changed) {
                applied.add(command.toStringUtf8());
                changed.notifyAll();
            }
            return ByteString.copyFromUtf8("applied@" + index);
        }

        @Override
        public void writeSnapshot(OutputStream out) throws IOException {
            DataOutputStream data = new DataOutputStream(out);
            synchronized (changed) {
                data.writeInt(applied.size());
                for (String command : applied) {
                    data.writeUTF(command);
                }
            }
            data.flush();
        }

        @Override
        public void restoreSnapshot(InputStream in) throws IOException {
            DataInputStream data = new DataInputStream(in);
            int count = data.readInt();
            List<String> restored = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                restored.add(data.readUTF());
            }
            synchronized (changed) {
                applied.clear();
                applied.addAll(restored);
                restores++;
                changed.notifyAll();
            }
        }

        List<String> applied() {
            synchronized (changed) {
                return List.copyOf(applied);
            }
        }

        int restores() {
            synchronized (changed) {
                return restores;
            }
        }
    }

    /** One node's process: its directories survive a restart, everything else is new. */
    private final class Member {
        final long id;
        final Path logDir;
        final Path snapshotDir;
        RocksDbLogStorage storage;
        FileSnapshotStore store;
        ListStateMachine stateMachine;
        ThreadScheduler scheduler;
        volatile RaftNode node;

        Member(long id) {
            this.id = id;
            this.logDir = tmp.resolve("node" + id + "/log");
            this.snapshotDir = tmp.resolve("node" + id + "/snapshots");
        }

        void start() throws IOException {
            storage = RocksDbLogStorage.open(logDir, CLUSTER, id, StorageOptions.defaults());
            store = FileSnapshotStore.open(snapshotDir, FileSnapshotStore.Options.defaults());
            stateMachine = new ListStateMachine(changed);
            scheduler = new ThreadScheduler("e2e-node-" + id);
            RaftConfig config = RaftConfig.builder(id, MEMBERS).tickIntervalMillis(10).build();
            node = RaftNode.start(config, storage, store, SNAPSHOTS, SnapshotRestartEndToEndTest.this::deliver,
                    stateMachine, scheduler, new SplittableRandom(id), (nodeId, ready) -> wake());
        }

        /** Stops the node (which closes its log storage), then the store and the thread. */
        void stop() throws Exception {
            RaftNode running = node;
            if (running == null) {
                return;
            }
            running.stop().get(DEADLINE_MS, TimeUnit.MILLISECONDS);
            node = null;
            store.close();
            scheduler.close();
        }
    }

    @TempDir
    Path tmp;
    private final Object changed = new Object();
    private final Map<Long, Member> members = new TreeMap<>();
    /** A node cut off from everyone: its messages in and out are dropped. */
    private volatile long isolated;

    private void deliver(Message message) {
        if (message.from() == isolated || message.to() == isolated) {
            return;
        }
        Member target = members.get(message.to());
        RaftNode node = target == null ? null : target.node;
        if (node != null) {
            node.receive(message);
        }
    }

    private void wake() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** Waits, woken by applies and Readies (and in 10 ms slices, since a status may change after its Ready), until {@code condition} or the deadline. */
    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        synchronized (changed) {
            while (!condition.getAsBoolean()) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    throw new AssertionError("not within " + DEADLINE_MS + " ms: " + what);
                }
                changed.wait(Math.min(leftMs, 10));
            }
        }
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Member member : members.values()) {
            member.stop();
        }
    }

    private Optional<RaftNode> leader() {
        for (Member member : members.values()) {
            RaftNode node = member.node;
            if (node != null && member.id != isolated && node.status().role() == Role.LEADER) {
                return Optional.of(node);
            }
        }
        return Optional.empty();
    }

    /** Proposes on the current leader until one commits it (a leader change refuses, then we retry). */
    private void propose(String command) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        while (System.nanoTime() < deadline) {
            await("a leader", () -> leader().isPresent());
            CompletableFuture<ByteString> result = leader().orElseThrow().propose(ByteString.copyFromUtf8(command));
            try {
                result.get(PROPOSE_DEADLINE_MS, TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof NotLeaderException)) {
                    throw e;
                }
            } catch (TimeoutException e) {
                throw new AssertionError("proposal " + command + " not applied within " + PROPOSE_DEADLINE_MS + " ms");
            }
        }
        throw new AssertionError("no leader took proposal " + command + " within " + DEADLINE_MS + " ms");
    }

    private List<String> commands(String prefix, int count) {
        List<String> commands = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            commands.add(prefix + "-" + i);
        }
        return commands;
    }

    @Test
    void nodesSnapshotCompactCatchUpBySnapshotAndRestartToTheSameState() throws Exception {
        for (long id : MEMBERS) {
            members.put(id, new Member(id));
        }
        for (Member member : members.values()) {
            member.start();
        }
        await("a leader", () -> leader().isPresent());
        long follower = members.keySet().stream().filter(id -> id != leader().orElseThrow().id()).findFirst()
                .orElseThrow();

        isolated = follower;
        List<String> expected = new ArrayList<>(commands("cut", 120));
        for (String command : expected.subList(0, 120)) {
            propose(command);
        }
        isolated = 0;
        for (String command : commands("healed", 30)) {
            propose(command);
            expected.add(command);
        }
        await("every node applied all " + expected.size() + " commands", () -> members.values().stream()
                .allMatch(m -> m.stateMachine.applied().equals(expected)));

        // At least one: on real threads the leader may snapshot again while a transfer runs, and a
        // follower that is still behind the new compaction point then gets the newer one too.
        int restores = members.get(follower).stateMachine.restores();
        assertTrue(restores >= 1, "the cut-off follower caught up by a snapshot, restores=" + restores);
        for (Member member : members.values()) {
            assertTrue(member.store.latest().orElseThrow().index() >= 100, "node " + member.id + " took snapshots");
            OptionalLong first = member.storage.firstIndex();
            assertTrue(first.isPresent() && first.getAsLong() > 1, "node " + member.id + " compacted its log: " + first);
        }
        Map<Long, Long> lastIndexBefore = new TreeMap<>();
        for (Member member : members.values()) {
            lastIndexBefore.put(member.id, member.storage.lastIndex().orElseThrow());
        }
        assertTrue(members.get(follower).storage.snapshotBoundary().index() > 0,
                "the follower's log storage recorded the installed snapshot");

        for (Member member : members.values()) {
            member.stop();
        }
        for (Member member : members.values()) {
            member.start();
        }
        for (Member member : members.values()) {
            SnapshotMeta newest = member.store.latest().orElseThrow();
            assertEquals(1, member.stateMachine.restores(), "node " + member.id + " restored from its newest snapshot");
            assertTrue(member.storage.lastIndex().orElseThrow() >= lastIndexBefore.get(member.id),
                    "node " + member.id + " kept its log after snapshot " + newest);
        }
        // A restarted node applies the log after its snapshot once a leader commits in the new term.
        propose("after-restart");
        expected.add("after-restart");
        await("every restarted node has the state it had, and the new command", () -> members.values().stream()
                .allMatch(m -> m.stateMachine.applied().equals(expected)));
    }

    /**
     * The log storage's boundary comes from a snapshot the store made durable first; if the store's
     * newest valid snapshot is older (here the newer file is damaged), the node must not start on a
     * log whose entries before the boundary are gone.
     */
    @Test
    void aNodeRefusesToStartWhenItsLogFollowsASnapshotTheStoreNoLongerHolds() throws Exception {
        Member member = new Member(1);
        try (RocksDbLogStorage storage = RocksDbLogStorage.open(member.logDir, CLUSTER, 1, StorageOptions.defaults());
             FileSnapshotStore store = FileSnapshotStore.open(member.snapshotDir, FileSnapshotStore.Options.defaults())) {
            ListStateMachine stateMachine = new ListStateMachine(changed);
            for (SnapshotMeta meta : List.of(new SnapshotMeta(40, 1), new SnapshotMeta(50, 2))) {
                SnapshotStore.SnapshotWriter writer = store.begin(meta);
                stateMachine.writeSnapshot(writer.output());
                writer.commit();
            }
            storage.installSnapshot(new SnapshotMeta(50, 2));
            Writes.durably(storage, new HardState(2, 0, 50), Writes.entries(51, 52, 2));
        }
        Path newest = member.snapshotDir.resolve(FileSnapshotStore.fileName(new SnapshotMeta(50, 2)));
        byte[] bytes = Files.readAllBytes(newest);
        bytes[bytes.length - 1] ^= 0x01;
        Files.write(newest, bytes);

        IOException refused = assertThrows(IOException.class, member::start);

        assertTrue(refused.getMessage().contains("log storage follows snapshot SnapshotMeta[index=50, term=2]")
                && refused.getMessage().contains("SnapshotMeta[index=40, term=1]"), refused.getMessage());
        assertTrue(member.store.problems().stream().anyMatch(p -> p.file().equals(newest)),
                "the damaged snapshot was reported: " + member.store.problems());
        member.storage.close();
        member.store.close();
        member.scheduler.close();
    }
}
