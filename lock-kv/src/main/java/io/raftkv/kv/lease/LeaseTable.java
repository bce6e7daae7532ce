package io.raftkv.kv.lease;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.LeaseText;
import io.raftkv.kv.proto.KvError;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The replicated part of leases: which leases exist, their granted TTL and the keys attached to
 * each. Every replica holds the same table (it changes only by applying the log); when a lease
 * expires is not its business (see {@link LeaseClock} and the server's expiry loop).
 */
public final class LeaseTable {
    private final TreeMap<Long, Lease> leases = new TreeMap<>();

    /** One lease: the TTL it was granted with and its keys, in key order. */
    public static final class Lease {
        private final long id;
        private final long ttlSeconds;
        private final NavigableSet<ByteString> keys = new TreeSet<>(ByteString.unsignedLexicographicalComparator());

        Lease(long id, long ttlSeconds) {
            this.id = id;
            this.ttlSeconds = ttlSeconds;
        }

        public long id() {
            return id;
        }

        public long ttlSeconds() {
            return ttlSeconds;
        }

        public List<ByteString> keys() {
            return Collections.unmodifiableList(new ArrayList<>(keys));
        }

        public int keyCount() {
            return keys.size();
        }
    }

    public boolean exists(long id) {
        return id != 0 && leases.containsKey(id);
    }

    public Lease get(long id) {
        return leases.get(id);
    }

    public int size() {
        return leases.size();
    }

    /** Lease ids in ascending order. */
    public List<Long> ids() {
        return new ArrayList<>(leases.keySet());
    }

    /** Adds a lease; the caller has checked the TTL bounds. */
    public Lease grant(long id, long ttlSeconds, int maxLeases) {
        if (id <= 0) {
            throw new KvException(KvError.Code.INVALID_ARGUMENT, "lease id must be positive, was " + id);
        }
        if (leases.containsKey(id)) {
            throw new KvException(KvError.Code.LEASE_EXISTS, "lease " + LeaseText.of(id) + " already exists");
        }
        if (leases.size() >= maxLeases) {
            throw new KvException(KvError.Code.TOO_MANY_LEASES, "the store holds " + leases.size()
                    + " leases, the limit is " + maxLeases);
        }
        Lease lease = new Lease(id, ttlSeconds);
        leases.put(id, lease);
        return lease;
    }

    /** Removes the lease and returns the keys that were attached to it (the caller deletes them). */
    public List<ByteString> remove(long id) {
        Lease lease = leases.remove(id);
        if (lease == null) {
            throw notFound(id);
        }
        return new ArrayList<>(lease.keys);
    }

    public void attach(long id, ByteString key) {
        if (id == 0) {
            return;
        }
        Lease lease = leases.get(id);
        if (lease == null) {
            // The store checked the lease before writing; a key on a missing lease means the two diverged.
            throw new IllegalStateException("key " + key.toStringUtf8() + " attached to missing lease " + LeaseText.of(id));
        }
        lease.keys.add(key);
    }

    public void detach(long id, ByteString key) {
        if (id == 0) {
            return;
        }
        Lease lease = leases.get(id);
        if (lease != null) {
            lease.keys.remove(key);
        }
    }

    public void clear() {
        leases.clear();
    }

    public static KvException notFound(long id) {
        return new KvException(KvError.Code.LEASE_NOT_FOUND, "lease " + LeaseText.of(id) + " not found");
    }
}
