package io.raftkv.kv;

import com.google.protobuf.ByteString;
import java.util.Collections;
import java.util.Comparator;
import java.util.NavigableMap;
import java.util.SortedMap;

/**
 * The keys a request's {@code key} and {@code range_end} name, normalized to a half-open
 * interval {@code [start, end)} in unsigned byte order (etcd's order). etcd's conventions: an
 * empty {@code range_end} means just {@code key}; {@code "\0"} means every key from {@code key}
 * on (so an empty key with {@code "\0"} means every key); anything else means
 * {@code [key, range_end)}, which is empty when {@code range_end <= key}.
 *
 * @param start the first key in the interval
 * @param end   the first key past it; {@link ByteString#EMPTY} means no upper bound (no key sorts
 *              below the empty key, so an empty exclusive end is never needed as a real bound)
 */
public record KeyInterval(ByteString start, ByteString end) {
    public static final Comparator<ByteString> ORDER = ByteString.unsignedLexicographicalComparator();
    /** The {@code range_end} that means "every key from {@code key} on". */
    public static final ByteString FROM_KEY = ByteString.copyFrom(new byte[] {0});

    public static KeyInterval of(ByteString key, ByteString rangeEnd) {
        if (rangeEnd.isEmpty()) {
            // The smallest key above `key` is `key` followed by a zero byte.
            return new KeyInterval(key, key.concat(FROM_KEY));
        }
        if (rangeEnd.equals(FROM_KEY)) {
            return new KeyInterval(key, ByteString.EMPTY);
        }
        return new KeyInterval(key, rangeEnd);
    }

    /**
     * The {@code range_end} that selects every key starting with {@code prefix} (etcd's
     * clientv3.WithPrefix): the prefix with its last byte below 0xff incremented and what follows
     * dropped; {@link #FROM_KEY} (every key from the prefix on) if every byte is 0xff.
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

    public boolean isUnbounded() {
        return end.isEmpty();
    }

    public boolean isEmpty() {
        return !isUnbounded() && ORDER.compare(end, start) <= 0;
    }

    public boolean contains(ByteString key) {
        return ORDER.compare(key, start) >= 0 && isBelowEnd(key);
    }

    /** Whether {@code key} sorts before this interval's end (always, for an unbounded one). */
    public boolean isBelowEnd(ByteString key) {
        return isUnbounded() || ORDER.compare(key, end) < 0;
    }

    /** The entries of {@code map} (ordered by {@link #ORDER}) whose keys are in this interval, as a live view. */
    public <V> SortedMap<ByteString, V> of(NavigableMap<ByteString, V> map) {
        if (isEmpty()) {
            // subMap refuses a start above its end; an inverted etcd range simply matches nothing.
            return Collections.emptySortedMap();
        }
        return isUnbounded() ? map.tailMap(start, true) : map.subMap(start, true, end, false);
    }

    @Override
    public String toString() {
        return "[" + KeyText.of(start) + ", " + (isUnbounded() ? "no end" : KeyText.of(end)) + ")";
    }
}
