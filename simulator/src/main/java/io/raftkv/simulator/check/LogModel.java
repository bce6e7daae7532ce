package io.raftkv.simulator.check;

import io.raftkv.raft.Entry;
import io.raftkv.simulator.loop.TraceHash;
import io.raftkv.simulator.sm.GrowableLongs;

/**
 * What the checker believes one node's log is: the term and a chained hash per index,
 * {@code chain(i) = H(chain(i-1), term, type, data)}. Equal chains at an index mean equal logs up
 * to it, so log matching and leader completeness are checked with one comparison each.
 */
final class LogModel {
    private final GrowableLongs terms = new GrowableLongs();
    private final GrowableLongs chains = new GrowableLongs();
    private long lastIndex;
    /** The index of the snapshot the log follows (0 for none): nothing is modelled at or below it. */
    private long snapshotIndex;

    long lastIndex() {
        return lastIndex;
    }

    long snapshotIndex() {
        return snapshotIndex;
    }

    /** The term at {@code index}, or 0 when the log does not reach it (or it lies inside the snapshot). */
    long termAt(long index) {
        return index <= lastIndex && index >= snapshotIndex ? terms.get(index) : 0;
    }

    long chainAt(long index) {
        return index <= lastIndex && index >= snapshotIndex ? chains.get(index) : 0;
    }

    /**
     * Starts the model after a snapshot: nothing is known below {@code index}, and the chain there
     * is the cluster's committed chain (a snapshot holds only committed, applied entries).
     */
    void startAfterSnapshot(long index, long term, long chain) {
        terms.set(index, term);
        chains.set(index, chain);
        lastIndex = index;
        snapshotIndex = index;
    }

    /** The log now follows a snapshot through {@code index}, and keeps the entries after it. */
    void compactThrough(long index) {
        snapshotIndex = Math.max(snapshotIndex, index);
    }

    /** Replaces the suffix from {@code entry.index()}; the caller checked there is no gap. */
    long append(Entry entry) {
        long index = entry.index();
        long chain = TraceHash.combine(chains.get(index - 1),
                TraceHash.combine(entry.term() * 4 + entry.type().ordinal(), dataDigest(entry)));
        terms.set(index, entry.term());
        chains.set(index, chain);
        lastIndex = index;
        return chain;
    }

    private static long dataDigest(Entry entry) {
        // ByteString's hash is computed from its bytes alone, so it is the same in every JVM.
        return ((long) entry.data().size() << 32) ^ (entry.data().hashCode() & 0xFFFF_FFFFL);
    }
}
