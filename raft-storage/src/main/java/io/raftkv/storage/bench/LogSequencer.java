package io.raftkv.storage.bench;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.runtime.LogStorage;
import java.util.List;

/**
 * Many producers, one log: a Raft log is one sequence, so concurrent producers (clients of a
 * leader) are serialized here, the way a leader assigns the next index to each proposal and hands
 * it to storage. Each producer waits for its own acknowledgement; group commit lets the waits
 * overlap.
 */
public final class LogSequencer {
    private final LogStorage storage;
    private final long term;
    private long lastIndex;

    /** Appends after {@code lastIndex}, every entry in {@code term}. */
    public LogSequencer(LogStorage storage, long lastIndex, long term) {
        this.storage = storage;
        this.lastIndex = lastIndex;
        this.term = term;
    }

    /** Appends one entry and returns its index; {@code callback} runs once it is durable. */
    public synchronized long append(ByteString data, LogStorage.WriteCallback callback) {
        long index = ++lastIndex;
        storage.write(null, List.of(Entry.normal(index, term, data)), callback);
        return index;
    }

    /** Like {@link #append} and stores {@code hardState} in the same write. */
    public synchronized long append(HardState hardState, ByteString data, LogStorage.WriteCallback callback) {
        long index = ++lastIndex;
        storage.write(hardState, List.of(Entry.normal(index, term, data)), callback);
        return index;
    }
}
