package io.raftkv.raft.server;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.util.Check;
import java.util.List;

/**
 * Builds {@link Ready} values and records what the driver took over. Building changes nothing,
 * so inputs may arrive between {@code ready()} and {@code advance()}: advancing uses only what
 * that Ready actually carried.
 */
public final class ReadyTracker {
    private final ServerState state;
    private SoftState lastSoftState;
    private HardState lastHardState;

    public ReadyTracker(ServerState state) {
        this.state = state;
        this.lastSoftState = state.softState();
        this.lastHardState = state.hardState();
    }

    public boolean hasReady() {
        RaftLog log = state.log();
        return !state.softState().equals(lastSoftState) || !state.hardState().equals(lastHardState)
                || log.hasUnstableEntries() || !state.outbox().isEmpty() || log.hasEntriesToApply()
                || state.installedSnapshot() != null;
    }

    public Ready ready() {
        SoftState softState = state.softState();
        HardState hardState = state.hardState();
        Outbox outbox = state.outbox();
        return new Ready(
                softState.equals(lastSoftState) ? null : softState,
                hardState.equals(lastHardState) ? null : hardState,
                state.log().unstableEntries(),
                outbox.messages(),
                outbox.messagesAfterPersist(),
                state.log().entriesToApply(),
                outbox.readStates(),
                state.installedSnapshot(),
                outbox.snapshotsToSend(),
                outbox.snapshotChunks());
    }

    /**
     * The driver is writing these entries. If a conflicting append replaced part of them since
     * the Ready was built, only the prefix still in the log counts (Log Matching: an entry that
     * still matches implies every earlier one does); the replacement is handed over next time.
     */
    private void markHandedEntriesStable(List<Entry> handed) {
        for (int i = handed.size() - 1; i >= 0; i--) {
            Entry entry = handed.get(i);
            if (entry.index() <= state.log().snapshot().index()) {
                return; // an installed snapshot replaced the rest
            }
            if (state.log().matches(entry.index(), entry.term())) {
                state.log().stableTo(entry.index(), entry.term());
                return;
            }
        }
    }

    public void advance(Ready ready) {
        if (ready.softState() != null) {
            lastSoftState = ready.softState();
        }
        if (ready.hardState() != null) {
            lastHardState = ready.hardState();
        }
        if (ready.snapshot() != null && ready.snapshot().equals(state.installedSnapshot())) {
            state.installedSnapshot(null);
        }
        markHandedEntriesStable(ready.entries());
        List<Entry> committed = ready.committedEntries();
        // Committed entries at or below the applied index were overtaken by a snapshot installed
        // since this Ready was built (the state machine is restored from it instead).
        if (!committed.isEmpty() && committed.get(committed.size() - 1).index() > state.log().appliedIndex()) {
            Check.that(committed.get(0).index() == state.log().appliedIndex() + 1,
                    "committed entries must follow the applied index %d, got %d",
                    state.log().appliedIndex(), committed.get(0).index());
            state.log().appliedTo(committed.get(committed.size() - 1).index());
        }
        state.outbox().handedOver(ready.messages().size(), ready.messagesAfterPersist().size(),
                ready.readStates().size(), ready.snapshotsToSend().size(), ready.snapshotChunks().size());
    }
}
