package io.raftkv.simulator.check.linearizability;

import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The call and return events of one partition in time order, as a doubly linked list from which
 * a linearized op is lifted (its call and its return) and put back on backtracking, in LIFO
 * order, as in Lowe's and Porcupine's search.
 *
 * <p>Entry {@code 2i} is op {@code i}'s call and {@code 2i + 1} its return; an op with an unknown
 * outcome has no return entry, since it returns at infinity and so constrains nothing after it.
 *
 * <p>Tie rule: events at the same microsecond put calls before returns. An op that returns at t
 * and one called at t are therefore concurrent, and either may be linearized first. Timestamps
 * are microseconds of the simulated clock; two events in the same one may have happened in either
 * order, and ordering them returns-first would report violations that did not happen.
 */
final class EntryList {
    static final int NONE = -1;

    private final int head;
    private final int[] next;
    private final int[] prev;
    private final boolean[] unknown;

    EntryList(List<? extends Op<?, ?>> ops) {
        int n = ops.size();
        head = 2 * n;
        next = new int[2 * n + 1];
        prev = new int[2 * n + 1];
        unknown = new boolean[n];
        List<Integer> entries = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            unknown[i] = ops.get(i).isUnknown();
            entries.add(2 * i);
            if (!unknown[i]) {
                entries.add(2 * i + 1);
            }
        }
        entries.sort(Comparator.<Integer>comparingLong(e -> time(ops, e))
                .thenComparingInt(e -> e & 1)
                .thenComparingLong(e -> ops.get(e >> 1).opId()));
        int last = head;
        for (int entry : entries) {
            next[last] = entry;
            prev[entry] = last;
            last = entry;
        }
        next[last] = NONE;
    }

    private static long time(List<? extends Op<?, ?>> ops, int entry) {
        Op<?, ?> op = ops.get(entry >> 1);
        return isReturn(entry) ? op.returnMicros() : op.callMicros();
    }

    static boolean isReturn(int entry) {
        return (entry & 1) == 1;
    }

    static int opOf(int entry) {
        return entry >> 1;
    }

    static int callOf(int op) {
        return 2 * op;
    }

    /** The earliest entry still in the list, or {@link #NONE}. */
    int first() {
        return next[head];
    }

    int next(int entry) {
        return next[entry];
    }

    /** Takes op's call and return out of the list: it is linearized. */
    void lift(int op) {
        unlink(callOf(op));
        if (!unknown[op]) {
            unlink(callOf(op) + 1);
        }
    }

    /** Undoes the latest {@link #lift} (LIFO), which must have been of {@code op}. */
    void unlift(int op) {
        if (!unknown[op]) {
            relink(callOf(op) + 1);
        }
        relink(callOf(op));
    }

    private void unlink(int entry) {
        Check.that(next[prev[entry]] == entry, "entry %d lifted twice", entry);
        next[prev[entry]] = next[entry];
        if (next[entry] != NONE) {
            prev[next[entry]] = prev[entry];
        }
    }

    private void relink(int entry) {
        // The neighbours it had when it was lifted are adjacent again, since lifts are undone in LIFO order.
        Check.that(next[prev[entry]] == next[entry], "entry %d put back out of order", entry);
        next[prev[entry]] = entry;
        if (next[entry] != NONE) {
            prev[next[entry]] = entry;
        }
    }
}
