package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import java.io.IOException;
import java.util.List;

/**
 * The node's durable log and hard state. Writes are applied and made durable in the order they
 * were issued; a write is acknowledged only once it is synced (group commit may sync many
 * writes at once, but never acknowledges before the sync).
 */
public interface LogStorage {

    /** What is durable now; called once, when the node starts. Corruption is an IOException naming where it was found. */
    PersistentState load() throws IOException;

    /**
     * Atomically replaces the log suffix from {@code entries.get(0).index()} (if it exists) with
     * {@code entries}, and stores {@code hardState} when it is non-null. {@code callback} runs
     * once this write and all earlier ones are durable, on any thread.
     */
    void write(HardState hardState, List<Entry> entries, WriteCallback callback);

    /** Releases files and threads; writes not yet acknowledged may be lost, as in a crash. */
    void close();

    interface WriteCallback {
        void onDurable();

        /** The write failed; the node must stop, since a failed sync cannot be retried safely. */
        void onFailure(Exception cause);
    }
}
