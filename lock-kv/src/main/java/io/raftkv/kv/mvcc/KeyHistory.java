package io.raftkv.kv.mvcc;

import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.raft.util.Check;
import java.util.Arrays;

/**
 * The retained versions of one key, oldest first: puts, and tombstones where the key was deleted.
 * An array rather than a list of boxes: most keys hold one or two versions, and a store holds
 * many keys.
 *
 * <p>Invariants: revisions strictly increase (a request changes a key at most once, which the
 * duplicate-key rule guarantees); a tombstone follows a put, never another tombstone (it is the
 * first version only after compaction dropped what it deleted); never empty.
 */
final class KeyHistory {
    /**
     * One version.
     *
     * @param kv for a put, the key-value written ({@code mod_revision == revision}); for a
     *           tombstone, the version it deleted, so that a delete event keeps its prev_kv after
     *           compaction drops that version
     */
    record Version(long revision, int subRevision, KeyValue kv, boolean tombstone) {
    }

    private Version[] versions;
    private int size;

    private KeyHistory(Version[] versions) {
        this.versions = versions;
        this.size = versions.length;
    }

    /** The history of a key that a put creates. */
    static KeyHistory created(Version put) {
        Check.that(!put.tombstone(), "a new key starts with a put, got a tombstone at %d", put.revision());
        return new KeyHistory(new Version[] {put});
    }

    /** A history read back from a snapshot; the caller has checked the versions' order and content. */
    static KeyHistory restored(Version[] versions) {
        Check.that(versions.length > 0, "a restored key history holds at least one version");
        return new KeyHistory(versions.clone());
    }

    int size() {
        return size;
    }

    Version get(int index) {
        Check.that(index >= 0 && index < size, "version %d of a history of %d", index, size);
        return versions[index];
    }

    /** The current key-value, or null if the key's last version is a tombstone. */
    KeyValue live() {
        Version last = versions[size - 1];
        return last.tombstone() ? null : last.kv();
    }

    /** The key-value as of {@code revision}, or null if the key did not exist then (as far as history is retained). */
    KeyValue at(long revision) {
        int index = newestAtOrBelow(revision);
        return index < 0 || versions[index].tombstone() ? null : versions[index].kv();
    }

    void append(Version version) {
        Version last = versions[size - 1];
        Check.that(version.revision() > last.revision(), "a key changes once per revision: %d after %d",
                version.revision(), last.revision());
        Check.that(!(version.tombstone() && last.tombstone()), "a tombstone at %d follows the tombstone at %d",
                version.revision(), last.revision());
        if (size == versions.length) {
            versions = Arrays.copyOf(versions, size + (size >> 1) + 1);
        }
        versions[size++] = version;
    }

    /**
     * Drops the versions compaction at {@code revision} makes unreachable: all but the newest
     * version at or below it, and that one too if it is a tombstone strictly below it (a
     * tombstone exactly at the compacted revision stays, so a watch from that revision still
     * sees the delete).
     *
     * @return whether nothing is left, so the key goes
     */
    boolean compact(long revision) {
        int newest = newestAtOrBelow(revision);
        if (newest < 0) {
            return false;
        }
        Version kept = versions[newest];
        int dropped = kept.tombstone() && kept.revision() < revision ? newest + 1 : newest;
        if (dropped > 0) {
            // A fresh array of exactly what is left: a compacted key gives its old capacity back.
            versions = Arrays.copyOfRange(versions, dropped, size);
            size -= dropped;
        }
        return size == 0;
    }

    /** The index of the first version at or above {@code revision}; {@link #size()} if none. */
    int firstAtOrAbove(long revision) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (versions[mid].revision() < revision) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The index of the newest version at or below {@code revision}; -1 if none. */
    private int newestAtOrBelow(long revision) {
        if (versions[size - 1].revision() <= revision) {
            return size - 1; // reads at the current revision, the common case
        }
        return firstAtOrAbove(revision + 1) - 1;
    }

    /**
     * The event of version {@code index}, with prev_kv when the version before it is retained:
     * a delete's is the version it deleted; a put's is the put before it, if any (after a
     * tombstone the key did not exist).
     */
    Event event(int index) {
        Version version = get(index);
        if (version.tombstone()) {
            KeyValue deleted = KeyValue.newBuilder().setKey(version.kv().getKey()).setModRevision(version.revision())
                    .build();
            return Event.newBuilder().setType(Event.EventType.DELETE).setKv(deleted).setPrevKv(version.kv()).build();
        }
        Event.Builder event = Event.newBuilder().setType(Event.EventType.PUT).setKv(version.kv());
        if (index > 0 && !versions[index - 1].tombstone()) {
            event.setPrevKv(versions[index - 1].kv());
        }
        return event.build();
    }
}
