package io.raftkv.raft.runtime;

import io.raftkv.raft.SnapshotMeta;
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
 * Snapshots in memory, for tests and the simulator: a committed snapshot counts as durable at
 * once and survives {@link RaftNode#stop()} (not the process), like {@link MemoryLogStorage}.
 */
public final class MemorySnapshotStore implements SnapshotStore {
    // Ordered by index: latest() is the last one; deterministic iteration for the simulator.
    private final TreeMap<Long, Saved> byIndex = new TreeMap<>();

    private record Saved(SnapshotMeta meta, byte[] bytes) {}

    @Override
    public synchronized SnapshotWriter begin(SnapshotMeta meta) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        return new SnapshotWriter() {
            private boolean finished;

            @Override
            public OutputStream output() {
                return buffer;
            }

            @Override
            public void commit() throws IOException {
                if (finished) {
                    throw new IOException("snapshot " + meta + " was already committed or aborted");
                }
                finished = true;
                synchronized (MemorySnapshotStore.this) {
                    byIndex.put(meta.index(), new Saved(meta, buffer.toByteArray()));
                }
            }

            @Override
            public void abort() {
                finished = true;
            }
        };
    }

    @Override
    public synchronized Optional<SnapshotMeta> latest() {
        return byIndex.isEmpty() ? Optional.empty() : Optional.of(byIndex.lastEntry().getValue().meta());
    }

    @Override
    public synchronized InputStream open(SnapshotMeta meta) throws IOException {
        Saved saved = byIndex.get(meta.index());
        if (saved == null || !saved.meta().equals(meta)) {
            throw new IOException("no complete snapshot " + meta + " in this store");
        }
        return new ByteArrayInputStream(saved.bytes());
    }

    @Override
    public synchronized List<SnapshotMeta> list() {
        List<SnapshotMeta> metas = new ArrayList<>();
        byIndex.values().forEach(saved -> metas.add(saved.meta()));
        return metas;
    }

    @Override
    public synchronized void delete(SnapshotMeta meta) {
        Saved saved = byIndex.get(meta.index());
        if (saved != null && saved.meta().equals(meta)) {
            byIndex.remove(meta.index());
        }
    }

    /** The bytes of a complete snapshot (for tests). */
    public synchronized byte[] bytes(SnapshotMeta meta) throws IOException {
        return open(meta).readAllBytes();
    }
}
