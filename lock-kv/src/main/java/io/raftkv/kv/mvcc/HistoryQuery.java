package io.raftkv.kv.mvcc;

import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The events of a key range from a revision on, in the order they happened: a merge of the
 * per-key histories by (revision, sub-revision), which is a total order, since a revision gives
 * each change its own sub-revision. Stops after {@code max} events.
 */
final class HistoryQuery {
    private HistoryQuery() {
    }

    static List<Event> run(KeySpace keys, KeyInterval interval, long fromRevision, int max) {
        PriorityQueue<Cursor> next = new PriorityQueue<>();
        for (KeyHistory history : keys.within(interval).values()) {
            int first = history.firstAtOrAbove(fromRevision);
            if (first < history.size()) {
                next.add(new Cursor(history, first));
            }
        }
        List<Event> events = new ArrayList<>(Math.min(max, 64));
        while (events.size() < max && !next.isEmpty()) {
            Cursor cursor = next.poll();
            events.add(cursor.history.event(cursor.index));
            if (cursor.advance()) {
                next.add(cursor);
            }
        }
        return events;
    }

    /** The next unread version of one key. */
    private static final class Cursor implements Comparable<Cursor> {
        private final KeyHistory history;
        private int index;
        private KeyHistory.Version version;

        Cursor(KeyHistory history, int index) {
            this.history = history;
            this.index = index;
            this.version = history.get(index);
        }

        boolean advance() {
            index++;
            if (index == history.size()) {
                return false;
            }
            version = history.get(index);
            return true;
        }

        @Override
        public int compareTo(Cursor other) {
            int byRevision = Long.compare(version.revision(), other.version.revision());
            return byRevision != 0 ? byRevision : Integer.compare(version.subRevision(), other.version.subRevision());
        }
    }
}
