package io.raftkv.simulator.planted;

import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.SnapshotStore;
import io.raftkv.simulator.disk.NodeSnapshotStore;
import io.raftkv.simulator.disk.SnapshotStoreFactory;
import io.raftkv.simulator.loop.EventLoop;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * PLANTED BUG: a snapshot store whose {@code commit()} makes the snapshot visible before its data
 * is complete on disk: it renames the file into place without syncing its contents first. The
 * name is durable at once, the bytes only when the page cache writes them back, some seconds
 * later. A crash before that leaves the snapshot visible but truncated, and the runtime has
 * already compacted its log behind it.
 */
final class PublishedBeforeWrittenSnapshotStore implements NodeSnapshotStore {
    static final SnapshotStoreFactory FACTORY = PublishedBeforeWrittenSnapshotStore::new;

    private static final long WRITE_BACK_MIN_MICROS = 1_000_000;
    private static final long WRITE_BACK_MAX_MICROS = 5_000_000;

    private final EventLoop loop;
    private final RandomGenerator random;
    private final TreeMap<Long, Stored> snapshots = new TreeMap<>();
    private long epoch;

    private static final class Stored {
        final SnapshotMeta meta;
        byte[] bytes;
        final long writtenBackAtMicros;

        Stored(SnapshotMeta meta, byte[] bytes, long writtenBackAtMicros) {
            this.meta = meta;
            this.bytes = bytes;
            this.writtenBackAtMicros = writtenBackAtMicros;
        }
    }

    private PublishedBeforeWrittenSnapshotStore(long nodeId, EventLoop loop, RandomGenerator random) {
        this.loop = loop;
        this.random = random;
    }

    @Override
    public SnapshotStore open() {
        return new Handle(epoch);
    }

    @Override
    public void crash() {
        epoch++;
        for (Stored stored : snapshots.values()) {
            if (loop.nowMicros() < stored.writtenBackAtMicros) {
                stored.bytes = Arrays.copyOf(stored.bytes, random.nextInt(stored.bytes.length));
            }
        }
    }

    @Override
    public SnapshotMeta latest() {
        return snapshots.isEmpty() ? SnapshotMeta.NONE : snapshots.lastEntry().getValue().meta;
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
                        long writeBack = loop.nowMicros() + WRITE_BACK_MIN_MICROS
                                + random.nextLong(WRITE_BACK_MAX_MICROS - WRITE_BACK_MIN_MICROS);
                        snapshots.put(meta.index(), new Stored(meta, bytes.toByteArray(), writeBack));
                    }
                }

                @Override
                public void abort() {}
            };
        }

        @Override
        public Optional<SnapshotMeta> latest() {
            return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.lastEntry().getValue().meta);
        }

        @Override
        public InputStream open(SnapshotMeta meta) throws IOException {
            Stored stored = snapshots.get(meta.index());
            if (stored == null || !stored.meta.equals(meta)) {
                throw new IOException("no snapshot " + meta);
            }
            return new ByteArrayInputStream(stored.bytes);
        }

        @Override
        public List<SnapshotMeta> list() {
            List<SnapshotMeta> all = new ArrayList<>();
            snapshots.values().forEach(stored -> all.add(stored.meta));
            return all;
        }

        @Override
        public void delete(SnapshotMeta meta) {
            if (openedInEpoch == epoch) {
                snapshots.remove(meta.index());
            }
        }
    }
}
