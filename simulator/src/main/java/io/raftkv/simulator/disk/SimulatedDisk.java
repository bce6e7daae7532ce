package io.raftkv.simulator.disk;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.loop.TraceHash;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A disk that keeps its promises: a write becomes durable only when its simulated sync ends,
 * writes become durable in the order they were issued (a later write never overtakes an earlier
 * one), and the callback runs only then. Writes issued while a sync is under way may complete
 * with it, as group commit does. A crash loses the writes whose sync has not ended, except that
 * with {@link DiskModel#tornWritePpm()} a random prefix of them survives, in order (whole writes:
 * a torn one is rejected by its checksum). Surviving more than was acknowledged is always allowed;
 * their callbacks never run.
 */
public final class SimulatedDisk implements NodeDisk {
    private final long nodeId;
    private final EventLoop loop;
    private final RandomGenerator random;
    private final DiskModel model;
    private final DurableLog durable = new DurableLog();
    /** Bumped by a crash: syncs that were under way belong to the old epoch and are lost. */
    private long epoch;
    private long lastSyncEndMicros;
    private int slowFactor = 1;
    /** Issued and not yet durable, oldest first: syncs end in issue order, so the head ends next. */
    private final ArrayDeque<Consumer<DurableLog>> unsynced = new ArrayDeque<>();

    public SimulatedDisk(long nodeId, EventLoop loop, RandomGenerator random, DiskModel model) {
        this.nodeId = nodeId;
        this.loop = loop;
        this.random = random;
        this.model = model;
    }

    @Override
    public LogStorage open() {
        return new Handle(epoch);
    }

    @Override
    public void crash() {
        if (!unsynced.isEmpty() && random.nextInt(1_000_000) < model.tornWritePpm()) {
            int surviving = random.nextInt(unsynced.size() + 1);
            try {
                for (int i = 0; i < surviving; i++) {
                    unsynced.poll().accept(durable);
                }
            } catch (RuntimeException refused) {
                // A write the durable log refuses (a gap: the writer's bug, which its sync reports
                // when no crash intervenes) ends the surviving prefix; the crash itself must go on.
            }
        }
        unsynced.clear();
        epoch++;
        lastSyncEndMicros = loop.nowMicros();
    }

    @Override
    public DurableLog durable() {
        return durable;
    }

    @Override
    public void slowDown(int factor) {
        Check.that(factor >= 1, "slow-down factor must be at least 1, was %d", factor);
        slowFactor = factor;
    }

    /** Issues one write; {@code onSynced} runs when it is durable, unless a crash comes first. */
    public void submit(HardState hardState, List<Entry> entries, Runnable onSynced) {
        long digest = TraceHash.combine(entries.isEmpty() ? 0 : entries.get(entries.size() - 1).index(),
                hardState == null ? -1 : hardState.term());
        submit(log -> log.apply(hardState, entries), onSynced, digest);
    }

    /** Issues any change of the durable log, in order with the writes. */
    private void submit(Consumer<DurableLog> change, Runnable onSynced, long digest) {
        long syncEnd = Math.max(loop.nowMicros() + syncLatencyMicros(), lastSyncEndMicros);
        lastSyncEndMicros = syncEnd;
        long writeEpoch = epoch;
        unsynced.add(change);
        loop.at(syncEnd, EventKind.DISK_SYNC, nodeId, digest, () -> {
            if (writeEpoch == epoch) {
                Consumer<DurableLog> next = unsynced.poll();
                Check.that(next == change, "node %d: a sync ended out of issue order", nodeId);
                change.accept(durable);
                onSynced.run();
            }
        });
    }

    private long syncLatencyMicros() {
        long latency = model.syncMinMicros() == model.syncMaxMicros()
                ? model.syncMinMicros()
                : random.nextLong(model.syncMinMicros(), model.syncMaxMicros() + 1);
        if (random.nextInt(1_000_000) < model.slowSyncPpm()) {
            latency *= model.slowSyncFactor();
        }
        return latency * slowFactor;
    }

    /**
     * One incarnation's view of the disk. A process that crashed in the middle of a task may
     * still run the rest of it in this single-threaded world; its later writes go nowhere.
     */
    private final class Handle implements LogStorage {
        private final long openedInEpoch;

        Handle(long openedInEpoch) {
            this.openedInEpoch = openedInEpoch;
        }

        @Override
        public PersistentState load() {
            return durable.snapshot();
        }

        @Override
        public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
            if (openedInEpoch == epoch) {
                submit(hardState, entries, callback::onDurable);
            }
        }

        @Override
        public void compactThrough(long index) {
            if (openedInEpoch == epoch) {
                submit(log -> log.compactThrough(index), () -> {}, -index);
            }
        }

        @Override
        public void installSnapshot(SnapshotMeta snapshot) {
            if (openedInEpoch == epoch) {
                submit(log -> log.installSnapshot(snapshot), () -> {}, TraceHash.combine(snapshot.index(), snapshot.term()));
            }
        }

        @Override
        public void close() {
            // Stopping a node is not a crash: what was issued still reaches the disk.
        }
    }
}
