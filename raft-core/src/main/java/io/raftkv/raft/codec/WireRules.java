package io.raftkv.raft.codec;

import io.raftkv.raft.Entry;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import java.util.List;

/**
 * What a message must satisfy to cross the wire, beyond what its record checks itself. The
 * protobuf fields are uint64 and our records hold Java longs, so every number must lie in
 * [0, Long.MAX_VALUE]; member ids are positive; a log position (index, term) has term 0 exactly
 * at index 0; the entries of an append follow prevLogIndex without gaps and their terms never
 * decrease (Log Matching, Raft §5.3) nor exceed the leader's term.
 *
 * <p>The same rules run both ways: a decoded message that breaks one is bad input
 * ({@link CodecException}); a message of ours that breaks one is a bug, refused before encoding.
 */
final class WireRules {
    private WireRules() {}

    static void check(Message message) throws CodecException {
        String kind = message.getClass().getSimpleName();
        positive(kind, "from", message.from());
        positive(kind, "to", message.to());
        notNegative(kind, "term", message.term());
        if (message instanceof RequestVote vote) {
            logPosition(kind, "lastLogIndex", vote.lastLogIndex(), "lastLogTerm", vote.lastLogTerm());
        } else if (message instanceof AppendEntries append) {
            checkAppend(kind, append);
        } else if (message instanceof AppendEntriesResponse response) {
            notNegative(kind, "matchIndex", response.matchIndex());
            notNegative(kind, "conflictTerm", response.conflictTerm());
            notNegative(kind, "conflictIndex", response.conflictIndex());
            notNegative(kind, "lastLogIndex", response.lastLogIndex());
        } else if (message instanceof Heartbeat heartbeat) {
            notNegative(kind, "commitIndex", heartbeat.commitIndex());
            notNegative(kind, "readContext", heartbeat.readContext());
        } else if (message instanceof HeartbeatResponse response) {
            notNegative(kind, "readContext", response.readContext());
        } else if (message instanceof InstallSnapshot chunk) {
            checkInstallSnapshot(kind, chunk);
        } else if (message instanceof InstallSnapshotResponse response) {
            positive(kind, "snapshotIndex", response.snapshotIndex());
            notNegative(kind, "nextOffset", response.nextOffset());
        }
        // RequestVoteResponse and TimeoutNow carry nothing beyond the header and booleans.
    }

    private static void checkAppend(String kind, AppendEntries append) throws CodecException {
        logPosition(kind, "prevLogIndex", append.prevLogIndex(), "prevLogTerm", append.prevLogTerm());
        notNegative(kind, "leaderCommit", append.leaderCommit());
        List<Entry> entries = append.entries();
        if (append.prevLogIndex() > Long.MAX_VALUE - entries.size()) {
            throw invalid(kind, entries.size() + " entries after prevLogIndex " + append.prevLogIndex()
                    + " run past the largest index " + Long.MAX_VALUE);
        }
        long previousTerm = append.prevLogTerm();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            long expectedIndex = append.prevLogIndex() + 1 + i;
            if (entry.index() != expectedIndex) {
                throw invalid(kind, "entries[" + i + "] has index " + entry.index() + ", expected " + expectedIndex
                        + ": entries must follow prevLogIndex without gaps");
            }
            if (entry.term() < previousTerm) {
                throw invalid(kind, "entries[" + i + "] has term " + entry.term() + ", below the term "
                        + previousTerm + " before it: terms in a log never decrease");
            }
            if (entry.term() > append.term()) {
                throw invalid(kind, "entries[" + i + "] has term " + entry.term() + ", above the message term "
                        + append.term() + ": a leader sends only entries of its own term or earlier");
            }
            previousTerm = entry.term();
        }
    }

    /**
     * A snapshot is never empty of entries (index and term positive), covers only entries of the
     * sender's term or earlier, and its chunk's bytes end within the largest offset.
     */
    private static void checkInstallSnapshot(String kind, InstallSnapshot chunk) throws CodecException {
        positive(kind, "snapshotIndex", chunk.snapshotIndex());
        positive(kind, "snapshotTerm", chunk.snapshotTerm());
        notNegative(kind, "offset", chunk.offset());
        if (chunk.snapshotTerm() > chunk.term()) {
            throw invalid(kind, "snapshotTerm " + chunk.snapshotTerm() + " is above the message term " + chunk.term()
                    + ": a leader's snapshot holds only entries of its own term or earlier");
        }
        if (chunk.offset() > Long.MAX_VALUE - chunk.data().size()) {
            throw invalid(kind, chunk.data().size() + " bytes at offset " + chunk.offset()
                    + " run past the largest offset " + Long.MAX_VALUE);
        }
    }

    /** A position in a log: index 0 (the empty log) has term 0, every real entry a positive term. */
    private static void logPosition(String kind, String indexField, long index, String termField, long term)
            throws CodecException {
        notNegative(kind, indexField, index);
        notNegative(kind, termField, term);
        if ((index == 0) != (term == 0)) {
            throw invalid(kind, termField + " is " + term + " at " + indexField + " " + index
                    + ": the term is 0 exactly at index 0");
        }
    }

    static void positive(String kind, String field, long value) throws CodecException {
        if (value <= 0) {
            throw invalid(kind, field + " must be positive, was " + describe(value));
        }
    }

    static void notNegative(String kind, String field, long value) throws CodecException {
        if (value < 0) {
            throw invalid(kind, field + " must be between 0 and " + Long.MAX_VALUE + ", was " + describe(value));
        }
    }

    /** A negative long came from (or goes to) a uint64 above Long.MAX_VALUE: show both readings. */
    static String describe(long value) {
        return value >= 0 ? Long.toString(value) : value + " (uint64 " + Long.toUnsignedString(value) + ")";
    }

    static CodecException invalid(String kind, String problem) {
        return new CodecException("invalid " + kind + ": " + problem);
    }
}
