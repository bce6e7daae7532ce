package io.raftkv.simulator.disk;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.runtime.LogStorage;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Passes every write through, and hands what {@code load()} found to a function first: the
 * simulator uses it to show the checker what a restarted node found, and planted bugs use it to
 * make storage "forget" something on restart.
 */
public final class LoadRewritingStorage implements LogStorage {
    private final LogStorage storage;
    private final UnaryOperator<PersistentState> rewrite;

    public LoadRewritingStorage(LogStorage storage, UnaryOperator<PersistentState> rewrite) {
        this.storage = storage;
        this.rewrite = rewrite;
    }

    /** Changes nothing; lets {@code observer} see what was loaded. */
    public static LoadRewritingStorage observing(LogStorage storage, Consumer<PersistentState> observer) {
        return new LoadRewritingStorage(storage, loaded -> {
            observer.accept(loaded);
            return loaded;
        });
    }

    @Override
    public PersistentState load() throws IOException {
        return rewrite.apply(storage.load());
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
