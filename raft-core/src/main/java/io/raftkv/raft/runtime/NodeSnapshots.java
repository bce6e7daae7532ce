package io.raftkv.raft.runtime;

import io.raftkv.raft.RaftCore;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.SnapshotToSend;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * A node's snapshot duties, for {@link RaftNode}: taking snapshots and compacting behind them,
 * streaming them to followers (as leader), receiving them (as follower), and restoring the state
 * machine from one the core installed. Runs on the node's execution context; an
 * {@link IOException} from here means the snapshot store failed, and the node stops.
 */
final class NodeSnapshots {
    private static final System.Logger LOG = System.getLogger(NodeSnapshots.class.getName());

    private final long selfId;
    private final RaftCore core;
    private final LogStorage storage;
    private final SnapshotStore store;
    private final SnapshotOptions options;
    private final SnapshottingStateMachine stateMachine;
    private final OutgoingSnapshots outgoing;
    private final IncomingSnapshot incoming;
    /** Snapshots received whole, to offer the core once the current Ready is advanced. */
    private final List<IncomingSnapshot.Outcome> received = new ArrayList<>();
    private long lastSnapshotIndex;

    NodeSnapshots(long selfId, RaftCore core, LogStorage storage, SnapshotStore store, SnapshotOptions options,
                  SnapshottingStateMachine stateMachine, Transport transport, SnapshotMeta restored) {
        this.selfId = selfId;
        this.core = core;
        this.storage = storage;
        this.store = store;
        this.options = options;
        this.stateMachine = stateMachine;
        this.outgoing = new OutgoingSnapshots(selfId, options, store, transport::send);
        this.incoming = new IncomingSnapshot(selfId, store);
        this.lastSnapshotIndex = restored.index();
    }

    // ---- leader: sending

    /** The core asks for snapshots to be sent; each starts a transfer in the current term. */
    void startTransfers(List<SnapshotToSend> requests) throws IOException {
        for (SnapshotToSend request : requests) {
            if (!outgoing.start(request.peerId(), core.status().term(), request.snapshot())) {
                LOG.log(Level.WARNING, () -> "node " + selfId + " has no snapshot through " + request.snapshot()
                        + " for node " + request.peerId());
                core.snapshotSendFailed(request.peerId());
            }
        }
    }

    void onResponse(InstallSnapshotResponse response) throws IOException {
        if (outgoing.onResponse(response)) {
            LOG.log(Level.DEBUG, () -> "node " + selfId + ": node " + response.from() + " broke off snapshot "
                    + response.snapshotIndex() + " at offset " + response.nextOffset());
            core.snapshotSendFailed(response.from());
        }
    }

    /** Transfers without progress for too long are aborted, and the core hears of it. */
    void onTick() {
        for (long peerId : outgoing.onTick()) {
            LOG.log(Level.DEBUG, () -> "node " + selfId + ": snapshot transfer to " + peerId + " timed out");
            core.snapshotSendFailed(peerId);
        }
    }

    void onLeadershipLost() {
        outgoing.abortAll();
    }

    // ---- follower: receiving

    /** A receipt from a leader that is no longer the leader will never complete: drop it. */
    void onLeaderChanged() {
        incoming.abort();
    }

    /** Writes chunks the core admitted; their answers go to {@code answers}. */
    void writeChunks(List<InstallSnapshot> chunks, List<Message> answers) throws IOException {
        for (InstallSnapshot chunk : chunks) {
            IncomingSnapshot.Outcome outcome = incoming.onChunk(chunk);
            answers.add(outcome.response());
            if (outcome.completed() != null) {
                received.add(outcome);
            }
        }
    }

    /** Offers every snapshot received whole to the core (outside of a Ready's hand-over). */
    void offerReceived() {
        for (IncomingSnapshot.Outcome snapshot : received) {
            boolean installed = core.installSnapshot(snapshot.leaderId(), snapshot.completed());
            LOG.log(Level.DEBUG, () -> "node " + selfId + (installed ? " installs" : " already holds")
                    + " snapshot " + snapshot.completed() + " from node " + snapshot.leaderId());
        }
        received.clear();
    }

    /** The core installed {@code snapshot}: the state machine jumps to it. */
    void restore(SnapshotMeta snapshot) throws IOException {
        try (InputStream input = store.open(snapshot)) {
            stateMachine.restoreSnapshot(input);
        }
        lastSnapshotIndex = snapshot.index();
        deleteBefore(snapshot);
    }

    // ---- taking snapshots

    /**
     * Once {@code snapshotThresholdEntries} were applied since the last snapshot: saves the state
     * machine (at {@code appliedIndex}, of {@code appliedTerm}), then compacts the core's and the
     * storage's log through the snapshot's index minus the trailing window.
     */
    void maybeTake(long appliedIndex, long appliedTerm) throws IOException {
        if (appliedIndex - lastSnapshotIndex < options.snapshotThresholdEntries()) {
            return;
        }
        SnapshotMeta snapshot = new SnapshotMeta(appliedIndex, appliedTerm);
        SnapshotStore.SnapshotWriter writer = store.begin(snapshot);
        try {
            stateMachine.writeSnapshot(writer.output());
            writer.output().flush();
            writer.commit();
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        lastSnapshotIndex = snapshot.index();
        long compactIndex = snapshot.index() - options.trailingEntries();
        if (compactIndex > 0) {
            core.compact(compactIndex);
            storage.compactThrough(compactIndex);
        }
        LOG.log(Level.DEBUG, () -> "node " + selfId + " saved snapshot " + snapshot + ", log compacted through "
                + Math.max(0, compactIndex));
        deleteBefore(snapshot);
    }

    /** Only the newest snapshot is needed (a transfer reading an older one keeps its open stream). */
    private void deleteBefore(SnapshotMeta newest) throws IOException {
        for (SnapshotMeta old : store.list()) {
            if (old.index() < newest.index()) {
                store.delete(old);
            }
        }
    }

    /** The node stops: transfers and a receipt in progress are dropped. */
    void close() {
        outgoing.abortAll();
        incoming.abort();
        received.clear();
    }
}
