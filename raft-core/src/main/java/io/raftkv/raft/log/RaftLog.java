package io.raftkv.raft.log;

import io.raftkv.raft.Entry;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's log in memory, with the indexes that say how far it is committed, handed to the
 * driver for persistence, durable, and handed over for applying.
 *
 * <p>Invariants: entries are contiguous from {@code offset + 1}; terms never decrease along the
 * log; {@code appliedIndex <= commitIndex <= lastIndex}; {@code persistedIndex <= lastIndex};
 * committed entries are never removed, except into a snapshot. {@code offset} is the index of
 * the last entry a snapshot covers (0 without one): entries at or below it are gone, but its term
 * ({@code offsetTerm}) still answers {@link #term(long)} at the boundary, so that an append right
 * after the snapshot can pass the consistency check. {@code offset <= appliedIndex} always.
 */
public final class RaftLog {
    private long offset;
    private long offsetTerm;
    private final List<Entry> entries = new ArrayList<>();
    private long commitIndex;
    private long appliedIndex;
    /** Highest index handed to the driver to persist: later entries are still unstable. */
    private long stableIndex;
    /** Highest index the driver reported durable (and still in the log as reported). */
    private long persistedIndex;

    private RaftLog(long offset) {
        this.offset = offset;
    }

    /** A log restored from durable state: every restored entry counts as persisted. */
    public static RaftLog restored(List<Entry> restoredEntries, long commitIndex, long appliedIndex) {
        return restored(SnapshotMeta.NONE, restoredEntries, commitIndex, appliedIndex);
    }

    /**
     * A log restored after {@code snapshot}: {@code restoredEntries} must start at the snapshot's
     * index + 1, and the state machine must be at least at the snapshot's index.
     */
    public static RaftLog restored(SnapshotMeta snapshot, List<Entry> restoredEntries, long commitIndex,
                                   long appliedIndex) {
        RaftLog log = new RaftLog(snapshot.index());
        log.offsetTerm = snapshot.term();
        Check.that(appliedIndex >= snapshot.index(), "applied index %d is behind the restored snapshot %s",
                appliedIndex, snapshot);
        for (Entry entry : restoredEntries) {
            log.requireNext(entry);
            log.entries.add(entry);
        }
        log.stableIndex = log.lastIndex();
        log.persistedIndex = log.lastIndex();
        Check.that(appliedIndex <= log.lastIndex(),
                "applied index %d is beyond the restored log (last index %d)", appliedIndex, log.lastIndex());
        // A commit index beyond the log was stored before its entries were; entries already applied
        // were committed even if the stored commit index lags behind.
        log.commitIndex = Math.max(Math.min(commitIndex, log.lastIndex()), appliedIndex);
        log.appliedIndex = appliedIndex;
        return log;
    }

    /** The snapshot this log follows: (offset, its term); {@link SnapshotMeta#NONE} without one. */
    public SnapshotMeta snapshot() {
        return new SnapshotMeta(offset, offsetTerm);
    }

    public long firstIndex() {
        return offset + 1;
    }

    public long lastIndex() {
        return offset + entries.size();
    }

    public long lastTerm() {
        return term(lastIndex());
    }

    /**
     * The term of the entry at {@code index}; the snapshot's term at the snapshot's index (0 for
     * index 0), and 0 for indexes past the end. Indexes inside the snapshot have no term here.
     */
    public long term(long index) {
        Check.that(index >= offset, "index %d is behind the log's start %d", index, offset);
        if (index == offset) {
            return offsetTerm;
        }
        if (index > lastIndex()) {
            return 0;
        }
        return entry(index).term();
    }

    public Entry entry(long index) {
        Check.that(index > offset && index <= lastIndex(), "no entry %d in log (%d, %d]", index, offset, lastIndex());
        return entries.get((int) (index - offset - 1));
    }

    /**
     * Whether this log holds an entry with this index and term (index 0 matches term 0, the
     * snapshot's index its term). Never asked about indexes inside the snapshot.
     */
    public boolean matches(long index, long term) {
        return index <= lastIndex() && term(index) == term;
    }

    /**
     * The driver took a snapshot of the state machine through {@code index} (at most the applied
     * index): entries up to it are dropped, its term is kept for the boundary. Returns false, and
     * changes nothing, when the log already starts after {@code index}.
     */
    public boolean compact(long index) {
        Check.that(index <= appliedIndex, "compacting through %d beyond the applied index %d", index, appliedIndex);
        if (index <= offset) {
            return false;
        }
        Check.that(index <= stableIndex && index <= persistedIndex,
                "compacting through %d beyond what was handed over (%d) or is durable (%d)",
                index, stableIndex, persistedIndex);
        long term = term(index);
        entries.subList(0, (int) (index - offset)).clear();
        offset = index;
        offsetTerm = term;
        return true;
    }

    /**
     * A snapshot from the leader replaces this log's start (Raft §7): if this log holds the
     * snapshot's last entry, the entries after it are kept (they may still be the leader's);
     * otherwise the whole log is discarded. Commit and applied index move to the snapshot.
     * Only a snapshot beyond the commit index is installed: committed entries are never replaced.
     */
    public void restoreSnapshot(SnapshotMeta snapshot) {
        Check.that(snapshot.index() > commitIndex, "snapshot %s is not beyond the commit index %d",
                snapshot, commitIndex);
        if (matches(snapshot.index(), snapshot.term())) {
            entries.subList(0, (int) (snapshot.index() - offset)).clear();
            stableIndex = Math.max(stableIndex, snapshot.index());
            persistedIndex = Math.max(persistedIndex, snapshot.index());
        } else {
            entries.clear();
            stableIndex = snapshot.index();
            persistedIndex = snapshot.index();
        }
        offset = snapshot.index();
        offsetTerm = snapshot.term();
        commitIndex = offset;
        appliedIndex = offset;
    }

    /** Raft §5.4.1: a log is at least as up to date if its last term is higher, or equal and it is as long. */
    public boolean isUpToDate(long otherLastIndex, long otherLastTerm) {
        return otherLastTerm > lastTerm() || (otherLastTerm == lastTerm() && otherLastIndex >= lastIndex());
    }

    /** The leader appends its own entry. */
    public void append(Entry entry) {
        requireNext(entry);
        entries.add(entry);
    }

    /**
     * A follower takes a leader's entries that follow a matching (prevLogIndex, prevLogTerm).
     * Entries it already holds with the same term are skipped, so a duplicated or reordered
     * append truncates nothing; the first conflicting entry and all that follow it are replaced
     * (Raft §5.3).
     */
    public void appendFromLeader(long prevLogIndex, List<Entry> leaderEntries) {
        Check.that(prevLogIndex >= offset && prevLogIndex <= lastIndex(),
                "appendFromLeader needs prevLogIndex %d inside the log [%d, %d]", prevLogIndex, offset, lastIndex());
        long expectedIndex = prevLogIndex + 1;
        for (Entry entry : leaderEntries) {
            Check.that(entry.index() == expectedIndex++, "leader entries must be contiguous from %d", prevLogIndex + 1);
            if (entry.index() <= lastIndex()) {
                if (term(entry.index()) == entry.term()) {
                    continue;
                }
                truncateFrom(entry.index());
            }
            append(entry);
        }
    }

    private void truncateFrom(long index) {
        Check.that(index > commitIndex,
                "a follower never truncates committed entries: truncating from %d with commit index %d",
                index, commitIndex);
        entries.subList((int) (index - offset - 1), entries.size()).clear();
        // The replaced suffix is no longer durable as far as this log is concerned (the driver's
        // next write replaces it on disk too).
        stableIndex = Math.min(stableIndex, index - 1);
        persistedIndex = Math.min(persistedIndex, index - 1);
    }

    /**
     * Entries from {@code fromIndex} on, as many as fit in {@code maxBytes} but at least one
     * when there is any; empty when {@code fromIndex} is past the end.
     */
    public List<Entry> slice(long fromIndex, long maxBytes) {
        Check.that(fromIndex > offset, "slice from %d is behind the log's start %d", fromIndex, offset);
        List<Entry> batch = new ArrayList<>();
        long bytes = 0;
        for (long index = fromIndex; index <= lastIndex(); index++) {
            Entry entry = entry(index);
            bytes += entry.sizeBytes();
            if (!batch.isEmpty() && bytes > maxBytes) {
                break;
            }
            batch.add(entry);
        }
        return batch;
    }

    /** The last index holding {@code term}, or 0 if this log has no entry of that term. */
    public long lastIndexOfTerm(long term) {
        long index = lastIndexWithTermAtMost(term);
        return index > offset && term(index) == term ? index : 0;
    }

    /** The first index holding the same term as the entry at {@code index} (fast backtracking hint). */
    public long firstIndexOfTermAt(long index) {
        long term = term(index);
        return lastIndexWithTermAtMost(term - 1) + 1;
    }

    /** Binary search: terms never decrease along the log. Returns offset if none. */
    private long lastIndexWithTermAtMost(long term) {
        long low = offset;
        long high = lastIndex();
        while (low < high) {
            long middle = low + (high - low + 1) / 2;
            if (term(middle) <= term) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low;
    }

    public long commitIndex() {
        return commitIndex;
    }

    /** Moves the commit index forward; never backward (a stale commit hint is ignored). */
    public boolean commitTo(long index) {
        if (index <= commitIndex) {
            return false;
        }
        Check.that(index <= lastIndex(), "commit index %d beyond last index %d", index, lastIndex());
        commitIndex = index;
        return true;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public long persistedIndex() {
        return persistedIndex;
    }

    /** Entries not yet handed to the driver for persistence. */
    public List<Entry> unstableEntries() {
        return List.copyOf(entries.subList((int) (stableIndex - offset), entries.size()));
    }

    public boolean hasUnstableEntries() {
        return stableIndex < lastIndex();
    }

    /** The driver took the entries up to (index, term) for persistence; ignored if since replaced. */
    public void stableTo(long index, long term) {
        if (index > stableIndex && matches(index, term)) {
            stableIndex = index;
        }
    }

    /**
     * The driver's write up to (index, term) is durable. A report about a suffix that has been
     * replaced since is stale and ignored: the term at that index no longer matches.
     */
    public boolean persistedTo(long index, long term) {
        if (index <= persistedIndex || index <= offset || !matches(index, term)) {
            return false;
        }
        persistedIndex = index;
        return true;
    }

    /** Committed entries that are durable here and not yet handed over for applying. */
    public List<Entry> entriesToApply() {
        long last = Math.min(commitIndex, persistedIndex);
        if (last <= appliedIndex) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (appliedIndex - offset), (int) (last - offset)));
    }

    public boolean hasEntriesToApply() {
        return Math.min(commitIndex, persistedIndex) > appliedIndex;
    }

    /** The driver took the committed entries up to {@code index} for applying. */
    public void appliedTo(long index) {
        Check.that(index <= commitIndex && index <= persistedIndex,
                "applied index %d beyond commit %d or persisted %d", index, commitIndex, persistedIndex);
        appliedIndex = Math.max(appliedIndex, index);
    }

    private void requireNext(Entry entry) {
        Check.that(entry.index() == lastIndex() + 1, "entry index %d does not follow last index %d",
                entry.index(), lastIndex());
        Check.that(entry.term() >= lastTerm(), "entry term %d is below last term %d", entry.term(), lastTerm());
    }
}
