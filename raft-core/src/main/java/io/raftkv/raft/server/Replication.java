package io.raftkv.raft.server;

import io.raftkv.raft.Entry;
import io.raftkv.raft.SnapshotToSend;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.progress.Progress;
import io.raftkv.raft.progress.ProgressState;
import java.util.List;

/** The leader's side of log replication (Raft §5.3) and commitment (§5.4.2). */
public final class Replication {
    private final ServerState state;

    public Replication(ServerState state) {
        this.state = state;
    }

    public void broadcastAppend(boolean sendIfEmpty) {
        for (long peerId : state.peerIds()) {
            sendAppend(peerId, sendIfEmpty);
        }
    }

    /**
     * Sends the entries after the follower's nextIndex, batched up to maxAppendBytes, unless its
     * progress is paused (a probe outstanding, or the in-flight window full). An empty append
     * still carries the commit index, or probes a position.
     */
    public void sendAppend(long peerId, boolean sendIfEmpty) {
        Progress progress = state.leadership().tracker().progress(peerId);
        if (progress.isPaused()) {
            return;
        }
        RaftLog log = state.log();
        if (progress.nextIndex() <= log.snapshot().index()) {
            // Raft §7: the entries this follower needs next are compacted away.
            progress.becomeSnapshot(log.snapshot().index());
            state.outbox().sendSnapshot(new SnapshotToSend(peerId, log.snapshot()));
            return;
        }
        List<Entry> entries = log.slice(progress.nextIndex(), state.config().maxAppendBytes());
        if (entries.isEmpty() && !sendIfEmpty) {
            return;
        }
        long prevLogIndex = progress.nextIndex() - 1;
        AppendEntries append = new AppendEntries(state.selfId(), peerId, state.term(), prevLogIndex,
                log.term(prevLogIndex), entries, log.commitIndex());
        state.outbox().send(append);
        progress.sent(append.lastIndex(), bytesOf(entries), !entries.isEmpty(), log.commitIndex());
    }

    /**
     * Heartbeats carry commitIndex = min(follower's match, leader commit): a follower applies it
     * without a log check, so it must only name entries the follower is known to share.
     */
    public void broadcastHeartbeat(long readContext) {
        for (long peerId : state.peerIds()) {
            Progress progress = state.leadership().tracker().progress(peerId);
            long commitIndex = Math.min(progress.matchIndex(), state.log().commitIndex());
            state.outbox().send(new Heartbeat(state.selfId(), peerId, state.term(), commitIndex, readContext));
        }
    }

    /** Handles a follower's answer to an append; returns whether the commit index moved. */
    public boolean onAppendResponse(AppendEntriesResponse response) {
        Progress progress = state.leadership().tracker().progress(response.from());
        progress.markRecentActive(true);
        if (!response.success()) {
            onRejected(progress, response);
            return false;
        }
        boolean probeAnswered = progress.state() == ProgressState.PROBE
                && response.matchIndex() >= progress.nextIndex() - 1;
        boolean snapshotInstalled = progress.state() == ProgressState.SNAPSHOT
                && response.matchIndex() >= progress.pendingSnapshotIndex();
        progress.maybeUpdate(response.matchIndex());
        if (probeAnswered || snapshotInstalled) {
            progress.becomeReplicate();
        }
        boolean committed = maybeCommit();
        if (committed) {
            broadcastAppend(true);
        } else {
            // A follower that was paused during the broadcast of a new commit index learns it now.
            sendAppend(response.from(), progress.sentCommitIndex() < state.log().commitIndex());
        }
        return committed;
    }

    /**
     * Fast backtracking: jump past the leader's last entry of the follower's conflicting term
     * if the leader has that term, else to the first index the follower holds of it. A hint at
     * or below the known match can only come from a stale (reordered) rejection.
     */
    private void onRejected(Progress progress, AppendEntriesResponse response) {
        if (progress.state() == ProgressState.SNAPSHOT) {
            return; // answers an append sent before the snapshot was asked for
        }
        RaftLog log = state.log();
        long hint = response.conflictIndex();
        if (response.conflictTerm() > 0) {
            long lastOfTerm = log.lastIndexOfTerm(response.conflictTerm());
            if (lastOfTerm > 0) {
                hint = lastOfTerm + 1;
            }
        }
        if (hint <= progress.matchIndex()) {
            return;
        }
        progress.becomeProbe(Math.min(hint, log.lastIndex() + 1));
        sendAppend(response.from(), true);
    }

    /** A heartbeat answer resumes a stalled probe and lets a window whose acks were lost move on. */
    public void onHeartbeatResponse(HeartbeatResponse response) {
        Progress progress = state.leadership().tracker().progress(response.from());
        progress.markRecentActive(true);
        progress.resumeProbe();
        if (progress.state() == ProgressState.REPLICATE && progress.inflights().full()) {
            progress.inflights().freeFirstOne();
        }
        if (progress.matchIndex() < state.log().lastIndex()) {
            sendAppend(response.from(), true);
        }
    }

    /**
     * Raft §5.4.2: commit the majority-matched index only if its entry is of the current term;
     * earlier entries commit with it. The leader's own match is its durable (persisted) index.
     */
    public boolean maybeCommit() {
        RaftLog log = state.log();
        Leadership leadership = state.leadership();
        long oldCommitIndex = log.commitIndex();
        long candidate = leadership.tracker().quorumMatchIndex(log.persistedIndex());
        if (candidate <= oldCommitIndex || log.term(candidate) != state.term()) {
            return false;
        }
        log.commitTo(candidate);
        for (long index = Math.max(oldCommitIndex + 1, leadership.firstIndexOfTerm()); index <= candidate; index++) {
            leadership.releaseUncommitted(log.entry(index).sizeBytes());
        }
        return true;
    }

    private static long bytesOf(List<Entry> entries) {
        long bytes = 0;
        for (Entry entry : entries) {
            bytes += entry.sizeBytes();
        }
        return bytes;
    }
}
