package io.raftkv.kv;

import com.google.protobuf.ByteString;
import java.util.Comparator;

/**
 * The keys a request names, with etcd's conventions for {@code range_end}: empty means just
 * {@code key}; "\0" means every key from {@code key} on (and with an empty key, every key);
 * anything else means {@code [key, range_end)}.
 */
public record KeyRange(ByteString key, ByteString rangeEnd) {
    public static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    private static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

    public static KeyRange of(ByteString key, ByteString rangeEnd) {
        return new KeyRange(key, rangeEnd);
    }

    public static KeyRange single(ByteString key) {
        return new KeyRange(key, ByteString.EMPTY);
    }

    /** Every key starting with {@code prefix} (etcd's clientv3.WithPrefix). */
    public static KeyRange prefix(ByteString prefix) {
        return new KeyRange(prefix, prefixEnd(prefix));
    }

    public boolean isSingleKey() {
        return rangeEnd.isEmpty();
    }

    public boolean contains(ByteString candidate) {
        if (rangeEnd.isEmpty()) {
            return key.equals(candidate);
        }
        if (ORDER.compare(candidate, key) < 0) {
            return false;
        }
        return rangeEnd.equals(FROM_KEY) || ORDER.compare(candidate, rangeEnd) < 0;
    }

    /**
     * The smallest key greater than every key with this prefix: the prefix with its last byte
     * below 0xff incremented and what follows dropped; "\0" (every key) if there is none.
     */
    public static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if ((end[i] & 0xff) != 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return FROM_KEY;
    }
}
