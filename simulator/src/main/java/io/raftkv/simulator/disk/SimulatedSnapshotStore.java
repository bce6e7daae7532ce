package io.raftkv.simulator.disk;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;
import io.raftkv.raft.util.Check;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One machine's snapshot store, surviving crashes, faithful to {@link SnapshotStore}'s contract:
 * {@code commit()} returns only once the snapshot is durable (the runtime compacts its log right
 * after it returns, so it could not be otherwise), atomically. A snapshot still being written,
 * taken or received chunk by chunk, lives only in its writer, like a temporary file that a
 * restart discards: a crash before its commit loses it whole, and so does a commit that a dying
 * process makes after its crash. Ordered by index, so listing is deterministic.
 */
public final class SimulatedSnapshotStore implements NodeSnapshotStore {
    private final TreeMap<Long, Stored> snapshots = new TreeMap<>();
    private long epoch;

    private record Stored(SnapshotMeta meta, byte[] bytes) {}

    @Override
    public SnapshotStore open() {
        return new Handle(epoch);
    }

    @Override
    public void crash() {
        epoch++;
    }

    @Override
    public SnapshotMeta latest() {
        return snapshots.isEmpty() ? SnapshotMeta.NONE : snapshots.lastEntry().getValue().meta();
    }

    private final class Handle implements SnapshotStore {
        private final long openedInEpoch;

        Handle(long openedInEpoch) {
            this.openedInEpoch = openedInEpoch;
        }

        @Override
        public SnapshotWriter begin(SnapshotMeta meta) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            return new SnapshotWriter() {
                @Override
                public OutputStream output() {
                    return bytes;
                }

                @Override
                public void commit() {
                    if (openedInEpoch == epoch) {
                        snapshots.put(meta.index(), new Stored(meta, bytes.toByteArray()));
                    }
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public Optional<SnapshotMeta> latest() {
            return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.lastEntry().getValue().meta());
        }

        @Override
        public InputStream open(SnapshotMeta meta) throws IOException {
            Stored stored = snapshots.get(meta.index());
            if (stored == null || !stored.meta().equals(meta)) {
                throw new IOException("no snapshot " + meta + " in the simulated store");
            }
            return new ByteArrayInputStream(stored.bytes());
        }

        @Override
        public List<SnapshotMeta> list() {
            List<SnapshotMeta> all = new ArrayList<>();
            snapshots.values().forEach(stored -> all.add(stored.meta()));
            return all;
        }

        @Override
        public void delete(SnapshotMeta meta) {
            if (openedInEpoch != epoch) {
                return;
            }
            Stored removed = snapshots.remove(meta.index());
            Check.that(removed != null, "deleting snapshot %s, which is not in the store", meta);
        }
    }
}
