package io.raftkv.raft;

import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;
import java.util.List;

/**
 * Everything the core asks its driver to do after a batch of inputs, as one value. The driver
 * must, in this order of guarantees:
 * <ol>
 *   <li>send {@link #messages} at once (the leader's appends and heartbeats: a leader may write
 *       its own log in parallel with replicating it, thesis §10.2.1); start sending a snapshot to
 *       each peer in {@link #snapshotsToSend} (chunked, at the driver's pace);</li>
 *   <li>write each chunk in {@link #snapshotChunks} to the snapshot being received (they passed
 *       the term rules: the leader is current) and answer it (like {@link #messagesAfterPersist},
 *       the answer waits for this Ready's write, which may hold the term the chunk taught); once
 *       the last chunk is verified and the snapshot saved durably, call
 *       {@link RaftCore#installSnapshot(long, SnapshotMeta)} (after {@code advance});</li>
 *   <li>when {@link #snapshot} is non-null (an installed snapshot, already durable in the
 *       snapshot store), record in the log storage that the log now follows it, in order with
 *       and before the write below, and restore the state machine from that snapshot before
 *       applying anything;</li>
 *   <li>persist {@link #hardState} (when non-null) and {@link #entries} as one atomic, synced
 *       write, after every write it started earlier; if the first entry's index is at or below
 *       the last stored index, the stored suffix from that index is replaced;</li>
 *   <li>send {@link #messagesAfterPersist} only once that write, and every earlier one, is
 *       durable (votes and append acknowledgements promise durable state), then report it with
 *       {@link RaftCore#onPersisted(long, long)};</li>
 *   <li>apply {@link #committedEntries} in order (they are committed and already durable here);</li>
 *   <li>serve each {@link #readStates} read once its read index has been applied;</li>
 *   <li>call {@link RaftCore#advance(Ready)} with this value before asking for the next one.</li>
 * </ol>
 *
 * @param softState     the role, term and leader, when they changed since the last Ready; else null
 * @param hardState     term, vote and commit index to persist, when changed; else null
 * @param entries       entries to append to the durable log, in index order
 * @param messages      messages that may leave immediately
 * @param messagesAfterPersist messages that may leave only once all writes so far are durable
 * @param committedEntries entries to apply, in index order, contiguous with the last Ready's (or,
 *                      in a Ready with a {@code snapshot}, with the snapshot's index)
 * @param readStates    reads whose leadership check has passed
 * @param snapshot      a snapshot from the leader this node installed, to record and restore; else null
 * @param snapshotsToSend peers that need a snapshot, because the entries they need were compacted
 * @param snapshotChunks snapshot chunks from the current leader, to write to the snapshot being received
 */
public record Ready(
        SoftState softState,
        HardState hardState,
        List<Entry> entries,
        List<Message> messages,
        List<Message> messagesAfterPersist,
        List<Entry> committedEntries,
        List<ReadState> readStates,
        SnapshotMeta snapshot,
        List<SnapshotToSend> snapshotsToSend,
        List<InstallSnapshot> snapshotChunks) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        messagesAfterPersist = List.copyOf(messagesAfterPersist);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
        snapshotsToSend = List.copyOf(snapshotsToSend);
        snapshotChunks = List.copyOf(snapshotChunks);
    }

    /** A Ready without snapshot work. */
    public Ready(SoftState softState, HardState hardState, List<Entry> entries, List<Message> messages,
                 List<Message> messagesAfterPersist, List<Entry> committedEntries, List<ReadState> readStates) {
        this(softState, hardState, entries, messages, messagesAfterPersist, committedEntries, readStates, null,
                List.of(), List.of());
    }

    public boolean needsPersist() {
        return hardState != null || !entries.isEmpty() || snapshot != null;
    }

    /** The index and term of the last entry to persist, or null when there are none. */
    public Entry lastEntry() {
        return entries.isEmpty() ? null : entries.get(entries.size() - 1);
    }
}
