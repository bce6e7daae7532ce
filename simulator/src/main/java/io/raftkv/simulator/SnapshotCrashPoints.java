package io.raftkv.simulator;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import io.raftkv.raft.runtime.SnapshotStore;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.nemesis.CrashPoints;
import io.raftkv.simulator.nemesis.Fault.Trigger;
import io.raftkv.simulator.node.SimNode;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * One incarnation's snapshot work, made visible to the nemesis: pass-through wrappers of the log
 * storage, the snapshot store and the state machine that report, right after the fact, when
 * <ul>
 *   <li>a snapshot received from a leader was committed to the store (before the core installs it),</li>
 *   <li>a snapshot the node took was committed (before the log is compacted behind it),</li>
 *   <li>the install's {@code installSnapshot} was issued to the log storage (before it is durable),</li>
 *   <li>the state machine was restored from an installed snapshot (its install write may still be unsynced).</li>
 * </ul>
 * Points are reported only while this incarnation is up and running (not during its start).
 */
final class SnapshotCrashPoints {
    private final SimNode node;
    private final int incarnation;
    private final CrashPoints points;
    private final Runnable onInstalled;
    /** Set while the state machine writes a snapshot: the next commit is of one the node took. */
    private boolean taking;

    SnapshotCrashPoints(SimNode node, int incarnation, CrashPoints points, Runnable onInstalled) {
        this.node = node;
        this.incarnation = incarnation;
        this.points = points;
        this.onInstalled = onInstalled;
    }

    private boolean running() {
        return node.isUp() && node.incarnation() == incarnation && node.raft() != null;
    }

    private void reached(Trigger point) {
        if (running()) {
            points.reached(node.id(), point);
        }
    }

    LogStorage storage(LogStorage storage) {
        return new LogStorage() {
            @Override
            public PersistentState load() throws IOException {
                return storage.load();
            }

            @Override
            public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {
                storage.write(hardState, entries, callback);
            }

            @Override
            public void compactThrough(long index) {
                storage.compactThrough(index);
            }

            @Override
            public void installSnapshot(SnapshotMeta snapshot) {
                storage.installSnapshot(snapshot);
                reached(Trigger.SNAPSHOT_INSTALL_ISSUED);
            }

            @Override
            public void close() {
                storage.close();
            }
        };
    }

    SnapshotStore store(SnapshotStore store) {
        return new SnapshotStore() {
            @Override
            public SnapshotWriter begin(SnapshotMeta meta) throws IOException {
                SnapshotWriter writer = store.begin(meta);
                return new SnapshotWriter() {
                    @Override
                    public OutputStream output() {
                        return writer.output();
                    }

                    @Override
                    public void commit() throws IOException {
                        writer.commit();
                        boolean taken = taking;
                        taking = false;
                        reached(taken ? Trigger.SNAPSHOT_TAKEN : Trigger.SNAPSHOT_RECEIVED);
                    }

                    @Override
                    public void abort() {
                        taking = false;
                        writer.abort();
                    }
                };
            }

            @Override
            public Optional<SnapshotMeta> latest() throws IOException {
                return store.latest();
            }

            @Override
            public InputStream open(SnapshotMeta meta) throws IOException {
                return store.open(meta);
            }

            @Override
            public List<SnapshotMeta> list() throws IOException {
                return store.list();
            }

            @Override
            public void delete(SnapshotMeta meta) throws IOException {
                store.delete(meta);
            }
        };
    }

    SnapshottingStateMachine stateMachine(SnapshottingStateMachine machine) {
        return new SnapshottingStateMachine() {
            @Override
            public ByteString apply(long index, ByteString command) {
                return machine.apply(index, command);
            }

            @Override
            public void writeSnapshot(OutputStream out) throws IOException {
                taking = true;
                machine.writeSnapshot(out);
            }

            @Override
            public void restoreSnapshot(InputStream in) throws IOException {
                machine.restoreSnapshot(in);
                if (running()) {
                    onInstalled.run();
                    points.reached(node.id(), Trigger.SNAPSHOT_RESTORED);
                }
            }
        };
    }
}
