package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.Map;

/**
 * The life of each lock key in the cluster's committed history: each incarnation of the key (from
 * the write that created it, named by its create revision, to the write that deleted or replaced
 * it), in virtual time. It is fed the key's create revision after every index the cluster applies
 * for the first time, so an incarnation ends at the first application of the command that ended
 * it (the command is committed by then, and any read after it sees the key gone).
 */
public final class LockKeyTimeline {
    /** Returned by {@link #endMicros} for an incarnation that is still alive. */
    public static final long ALIVE = -1;
    /** Returned by {@link #endMicros} for a create revision the key never had. */
    public static final long NEVER_CREATED = -2;

    /** (key) -> create revision of the live incarnation, 0 while the key is absent; looked up, never iterated. */
    private final Map<ByteString, Long> current = new HashMap<>();
    /** (key, create revision) -> when that incarnation ended, or ALIVE; looked up, never iterated. */
    private final Map<Incarnation, Long> ends = new HashMap<>();

    private record Incarnation(ByteString key, long createRevision) {}

    /** After an index was first applied: {@code key}'s create revision there (0: absent). */
    public void observe(ByteString key, long createRevision, long nowMicros) {
        long before = current.getOrDefault(key, 0L);
        if (before == createRevision) {
            return;
        }
        if (before != 0) {
            ends.put(new Incarnation(key, before), nowMicros);
        }
        if (createRevision != 0) {
            ends.put(new Incarnation(key, createRevision), ALIVE);
        }
        current.put(key, createRevision);
    }

    /** When the incarnation of {@code key} created at {@code createRevision} ended; ALIVE or NEVER_CREATED. */
    public long endMicros(ByteString key, long createRevision) {
        return ends.getOrDefault(new Incarnation(key, createRevision), NEVER_CREATED);
    }
}
