package io.raftkv.simulator.disk;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;

/** Passes everything through, and shows the checker what the node found when it loaded its state. */
public final class LoadObserver implements LogStorage {
    private final LogStorage storage;
    private final Consumer<PersistentState> onLoad;

    public LoadObserver(LogStorage storage, Consumer<PersistentState> onLoad) {
        this.storage = storage;
        this.onLoad = onLoad;
    }

    @Override
    public PersistentState load() throws IOException {
        PersistentState loaded = storage.load();
        onLoad.accept(loaded);
        return loaded;
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
    }

    @Override
    public void close() {
        storage.close();
    }
}
