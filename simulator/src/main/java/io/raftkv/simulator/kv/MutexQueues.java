package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The queues of the mutexes in the cluster's committed history: after each index first applied,
 * the keys under each mutex's prefix with their create revisions. Each key's incarnations go to
 * the {@link LockKeyTimeline} (so lock safety covers mutex keys too), and the queue's holder, the
 * key with the lowest create revision, is remembered for the mutual exclusion check.
 */
final class MutexQueues {
    private final List<ByteString> prefixes;
    /** (prefix) -> its live keys in create order; looked up, never iterated. */
    private final Map<ByteString, List<KeyValue>> live = new HashMap<>();

    MutexQueues(List<ByteString> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** After an index was first applied: the queues as {@code store} has them. */
    void observe(MvccStore store, LockKeyTimeline timeline, long nowMicros) {
        for (ByteString prefix : prefixes) {
            List<KeyValue> now = store.range(RangeRequest.newBuilder().setKey(prefix)
                    .setRangeEnd(KeyInterval.prefixEnd(prefix)).setSortTarget(RangeRequest.SortTarget.CREATE)
                    .setSortOrder(RangeRequest.SortOrder.ASCEND).build()).getKvsList();
            for (KeyValue gone : live.getOrDefault(prefix, List.of())) {
                if (now.stream().noneMatch(kv -> kv.getKey().equals(gone.getKey()))) {
                    timeline.observe(gone.getKey(), 0, nowMicros);
                }
            }
            for (KeyValue kv : now) {
                timeline.observe(kv.getKey(), kv.getCreateRevision(), nowMicros);
            }
            live.put(prefix, new ArrayList<>(now));
        }
    }

    /** The create revision of the key that holds the mutex under {@code prefix}; 0 when none. */
    long holderRevision(ByteString prefix) {
        List<KeyValue> queue = live.getOrDefault(prefix, List.of());
        return queue.isEmpty() ? 0 : queue.get(0).getCreateRevision();
    }
}
