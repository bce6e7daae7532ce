package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.raft.util.Check;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Every key with retained history, in etcd's key order, and the count of live keys. The one
 * place that changes histories, so the count stays true.
 */
final class KeySpace {
    private final TreeMap<ByteString, KeyHistory> histories = new TreeMap<>(KeyInterval.ORDER);
    private int liveKeys;

    int liveKeys() {
        return liveKeys;
    }

    /** The key's current value, or null if it does not exist. */
    KeyValue live(ByteString key) {
        KeyHistory history = histories.get(key);
        return history == null ? null : history.live();
    }

    /** The histories of the keys in {@code interval}, in key order (a live view: read it, do not change it). */
    SortedMap<ByteString, KeyHistory> within(KeyInterval interval) {
        return interval.of(histories);
    }

    NavigableMap<ByteString, KeyHistory> all() {
        return Collections.unmodifiableNavigableMap(histories);
    }

    /**
     * Writes {@code kv} (its mod_revision is the writing revision) as change {@code subRevision}
     * of that revision; returns its event, with prev_kv if the key existed.
     */
    Event put(KeyValue kv, int subRevision) {
        KeyHistory.Version version = new KeyHistory.Version(kv.getModRevision(), subRevision, kv, false);
        KeyHistory history = histories.get(kv.getKey());
        if (history == null) {
            history = KeyHistory.created(version);
            histories.put(kv.getKey(), history);
            liveKeys++;
        } else {
            if (history.live() == null) {
                liveKeys++;
            }
            history.append(version);
        }
        return history.event(history.size() - 1);
    }

    /** Deletes a live key at {@code revision} as change {@code subRevision}; returns its event (prev_kv: what was deleted). */
    Event delete(ByteString key, long revision, int subRevision) {
        KeyHistory history = histories.get(key);
        KeyValue deleted = history == null ? null : history.live();
        Check.that(deleted != null, "only a live key is deleted");
        history.append(new KeyHistory.Version(revision, subRevision, deleted, true));
        liveKeys--;
        return history.event(history.size() - 1);
    }

    /** Drops the history compaction at {@code revision} makes unreachable, and keys left with none. */
    void compact(long revision) {
        Iterator<KeyHistory> each = histories.values().iterator();
        while (each.hasNext()) {
            if (each.next().compact(revision)) {
                each.remove();
            }
        }
    }

    /** Adds a key read back from a snapshot; keys come in strictly increasing order. */
    void restore(ByteString key, KeyHistory history) {
        Map.Entry<ByteString, KeyHistory> last = histories.lastEntry();
        Check.that(last == null || KeyInterval.ORDER.compare(last.getKey(), key) < 0,
                "restored keys arrive in increasing order");
        histories.put(key, history);
        if (history.live() != null) {
            liveKeys++;
        }
    }
}
