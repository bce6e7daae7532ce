package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Admission;
import io.raftkv.raft.Entry;
import io.raftkv.raft.EntryType;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.RaftCore;
import io.raftkv.raft.ReadState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.Role;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Drives one {@link RaftCore} against storage, transport, state machine and scheduler. Every
 * method may be called from any thread; all work happens on the scheduler's execution context,
 * so the simulator runs exactly this code.
 *
 * <p>Inputs that arrive together are folded into one {@link Ready}: many proposals then share
 * one log write and one sync, and one append message per follower.
 *
 * <p>With a {@link SnapshotStore} (see the second {@code start}), the node snapshots its
 * {@link SnapshottingStateMachine} every {@link SnapshotOptions#snapshotThresholdEntries()}
 * applied entries and compacts its log behind it; as leader it streams snapshots in chunks to
 * followers that need compacted entries; as follower it receives them (each chunk passes the
 * core's term rules first, which also keeps the follower from campaigning during a long
 * transfer), saves them atomically once the checksum matches, and installs them. Snapshot I/O
 * runs on the node's execution context; a snapshot store failure stops the node.
 */
public final class RaftNode {
    private static final System.Logger LOG = System.getLogger(RaftNode.class.getName());

    private final RaftConfig config;
    private final RaftCore core;
    private final LogStorage storage;
    private final Transport transport;
    private final StateMachine stateMachine;
    private final Scheduler scheduler;
    private final RaftObserver observer;

    private final PendingProposals proposals = new PendingProposals();
    private final PendingReads reads = new PendingReads();
    private final WritePipeline writes = new WritePipeline();

    /** Null when this node does not snapshot (no store given). */
    private final NodeSnapshots snapshots;
    private long appliedTerm;

    private Role role = Role.FOLLOWER;
    private long leaderId = SoftState.NO_LEADER;
    private long appliedIndex;
    private long nextReadId = 1;
    private boolean readyQueued;
    private boolean stopped;
    private Scheduler.Cancellable tickTimer;
    private volatile NodeStatus status;

    private RaftNode(RaftConfig config, RaftCore core, long appliedIndex, LogStorage storage,
                     Transport transport, StateMachine stateMachine, Scheduler scheduler, RaftObserver observer) {
        this(config, core, SnapshotMeta.NONE, appliedIndex, storage, null, null, transport, stateMachine, scheduler,
                observer);
    }

    private RaftNode(RaftConfig config, RaftCore core, SnapshotMeta restoredSnapshot, long appliedIndex,
                     LogStorage storage, SnapshotStore snapshotStore, SnapshotOptions snapshotOptions,
                     Transport transport, StateMachine stateMachine, Scheduler scheduler, RaftObserver observer) {
        this.config = config;
        this.core = core;
        this.appliedIndex = appliedIndex;
        this.appliedTerm = restoredSnapshot.term();
        this.snapshots = snapshotStore == null ? null : new NodeSnapshots(config.nodeId(), core, storage,
                snapshotStore, snapshotOptions, (SnapshottingStateMachine) stateMachine, transport, restoredSnapshot);
        this.storage = storage;
        this.transport = transport;
        this.stateMachine = stateMachine;
        this.scheduler = scheduler;
        this.observer = observer;
        this.status = core.status();
    }

    /**
     * Loads what {@code storage} holds and starts the node: its timers run on {@code scheduler}
     * from now on. The state machine must already reflect {@code storage}'s applied index.
     */
    public static RaftNode start(RaftConfig config, LogStorage storage, Transport transport,
                                 StateMachine stateMachine, Scheduler scheduler, RandomGenerator random,
                                 RaftObserver observer) throws IOException {
        PersistentState restored = storage.load();
        RaftCore core = RaftCore.create(config, restored, random);
        RaftNode node = new RaftNode(config, core, restored.appliedIndex(), storage, transport,
                stateMachine, scheduler, observer);
        LOG.log(Level.DEBUG, () -> "node " + config.nodeId() + " starting in term "
                + restored.hardState().term() + " with " + restored.entries().size() + " log entries");
        node.execute(node::scheduleTick);
        return node;
    }

    /**
     * Like {@link #start(RaftConfig, LogStorage, Transport, StateMachine, Scheduler, RandomGenerator,
     * RaftObserver)}, with snapshots: the state machine is restored from the newest snapshot in
     * {@code snapshotStore} (if any), then the log after it is loaded and applied. The state
     * machine must start empty; {@code storage} must implement
     * {@link LogStorage#installSnapshot(SnapshotMeta)} (and should implement
     * {@link LogStorage#compactThrough(long)}).
     */
    public static RaftNode start(RaftConfig config, LogStorage storage, SnapshotStore snapshotStore,
                                 SnapshotOptions snapshotOptions, Transport transport,
                                 SnapshottingStateMachine stateMachine, Scheduler scheduler, RandomGenerator random,
                                 RaftObserver observer) throws IOException {
        Objects.requireNonNull(snapshotStore, "snapshotStore");
        Objects.requireNonNull(snapshotOptions, "snapshotOptions");
        SnapshotRecovery.Recovered recovered = SnapshotRecovery.recover(config.nodeId(), storage, snapshotStore,
                stateMachine);
        PersistentState restored = recovered.restored();
        SnapshotMeta snapshot = recovered.snapshot();
        long appliedIndex = restored.appliedIndex();
        RaftCore core = RaftCore.create(config, restored, random);
        RaftNode node = new RaftNode(config, core, snapshot, appliedIndex, storage, snapshotStore, snapshotOptions,
                transport, stateMachine, scheduler, observer);
        LOG.log(Level.DEBUG, () -> "node " + config.nodeId() + " starting in term " + restored.hardState().term()
                + " from snapshot " + snapshot + " with " + restored.entries().size() + " stored log entries");
        node.execute(node::scheduleTick);
        return node;
    }

    public long id() {
        return config.nodeId();
    }

    /** A message from a peer; may be called from any thread. */
    public void receive(Message message) {
        Objects.requireNonNull(message, "message");
        runOnNode(null, () -> {
            if (!stopped) {
                core.step(message);
                if (message instanceof InstallSnapshotResponse response && snapshots != null
                        && role == Role.LEADER) {
                    snapshotWork(() -> snapshots.onResponse(response));
                }
                queueReady();
            }
        });
    }

    /**
     * Proposes {@code command}. The future completes with the state machine's result once the
     * command is applied on this node, or fails with a {@link RaftException} saying whether it
     * may still apply.
     */
    public CompletableFuture<ByteString> propose(ByteString command) {
        Objects.requireNonNull(command, "command");
        CompletableFuture<ByteString> future = new CompletableFuture<>();
        runOnNode(future, () -> {
            if (failIfStopped(future)) {
                return;
            }
            Admission admission = core.propose(command);
            if (admission instanceof Admission.Accepted accepted) {
                proposals.add(accepted.index(), accepted.term(), future);
                queueReady();
            } else {
                future.completeExceptionally(refusal(admission));
            }
        });
        return future;
    }

    /**
     * Runs {@code query} on the node's execution context at a linearizable point: after the
     * leader confirmed with a quorum that it still leads, and this node applied up to the
     * commit index it had when the read arrived (ReadIndex, thesis §6.4).
     */
    public <T> CompletableFuture<T> read(Supplier<T> query) {
        Objects.requireNonNull(query, "query");
        CompletableFuture<T> future = new CompletableFuture<>();
        runOnNode(future, () -> {
            if (failIfStopped(future)) {
                return;
            }
            long readId = nextReadId++;
            Admission admission = core.requestRead(readId);
            if (admission instanceof Admission.Accepted) {
                reads.awaitConfirmation(readId, query, future);
                queueReady();
            } else {
                future.completeExceptionally(refusal(admission));
            }
        });
        return future;
    }

    /** Starts handing leadership to {@code targetId}; completes when the transfer has started. */
    public CompletableFuture<Void> transferLeadership(long targetId) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        runOnNode(future, () -> {
            if (failIfStopped(future)) {
                return;
            }
            Admission admission = core.transferLeadership(targetId);
            if (admission instanceof Admission.Accepted) {
                future.complete(null);
                queueReady();
            } else {
                future.completeExceptionally(refusal(admission));
            }
        });
        return future;
    }

    /** The latest status; may be called from any thread. */
    public NodeStatus status() {
        return status;
    }

    /** Stops timers, fails pending requests as indeterminate and closes the storage. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        runOnNode(done, () -> {
            shutDown(new IndeterminateStateException("node " + id() + " stopped before the outcome was known"));
            done.complete(null);
        });
        return done;
    }

    private void scheduleTick() {
        if (!stopped) {
            tickTimer = scheduler.schedule(config.tickIntervalMillis(), guarded(this::onTick));
        }
    }

    private void onTick() {
        if (stopped) {
            return;
        }
        core.tick();
        if (snapshots != null) {
            snapshots.onTick();
        }
        scheduleTick();
        queueReady();
    }

    /** Folds every input that arrives before the queued task runs into one Ready. */
    private void queueReady() {
        if (!readyQueued) {
            readyQueued = true;
            execute(this::processReady);
        }
    }

    private void processReady() {
        readyQueued = false;
        while (!stopped && core.hasReady()) {
            Ready ready = core.ready();
            observer.onReady(id(), ready);
            handle(ready);
            core.advance(ready);
            if (snapshots != null && !stopped) {
                // Taken first, so that it is of the state machine as applied so far, before a
                // received snapshot is offered (which moves the core, not yet the state machine).
                snapshotWork(() -> snapshots.maybeTake(appliedIndex, appliedTerm));
                if (!stopped) {
                    snapshots.offerReceived();
                }
            }
        }
        status = core.status();
    }

    private void handle(Ready ready) {
        if (ready.softState() != null) {
            onSoftState(ready.softState());
        }
        ready.messages().forEach(transport::send);
        List<Message> chunkAnswers = new ArrayList<>();
        if (snapshots != null) {
            snapshotWork(() -> snapshots.startTransfers(ready.snapshotsToSend()));
            snapshotWork(() -> snapshots.writeChunks(ready.snapshotChunks(), chunkAnswers));
        }
        if (stopped) {
            return;
        }
        persist(ready);
        // Chunk answers carry the term a chunk may just have taught this node: like every other
        // answer, they wait for the write of that term.
        if (!writes.holdBehindNewest(chunkAnswers)) {
            chunkAnswers.forEach(transport::send);
        }
        if (ready.snapshot() != null) {
            restoreFromSnapshot(ready.snapshot());
        }
        if (stopped) {
            return;
        }
        apply(ready.committedEntries());
        for (ReadState readState : ready.readStates()) {
            reads.onConfirmed(readState, appliedIndex);
        }
    }

    private void onSoftState(SoftState softState) {
        if (softState.role() != role) {
            LOG.log(Level.INFO, () -> "node " + id() + " became " + softState.role() + " in term "
                    + softState.term() + (softState.leaderId() == SoftState.NO_LEADER ? "" : ", leader " + softState.leaderId()));
        }
        if (snapshots != null && softState.leaderId() != leaderId) {
            snapshots.onLeaderChanged();
        }
        leaderId = softState.leaderId();
        if (role == Role.LEADER && softState.role() != Role.LEADER) {
            reads.failUnconfirmed(new NotLeaderException(id(), softState.leaderId()));
            if (snapshots != null) {
                snapshots.onLeadershipLost();
            }
        }
        role = softState.role();
    }

    private void persist(Ready ready) {
        if (!ready.needsPersist()) {
            if (!writes.holdBehindNewest(ready.messagesAfterPersist())) {
                ready.messagesAfterPersist().forEach(transport::send);
            }
            return;
        }
        WritePipeline.Write write = writes.begin(ready.lastEntry(), ready.messagesAfterPersist());
        if (ready.snapshot() != null) {
            // In order with, and made durable by, the write right after it.
            storage.installSnapshot(ready.snapshot());
        }
        storage.write(ready.hardState(), ready.entries(), new LogStorage.WriteCallback() {
            @Override
            public void onDurable() {
                execute(() -> onWriteDurable(write));
            }

            @Override
            public void onFailure(Exception cause) {
                execute(() -> onStorageFailure(cause));
            }
        });
    }

    private void onWriteDurable(WritePipeline.Write write) {
        if (stopped) {
            return;
        }
        WritePipeline.Write newestWithEntries = null;
        for (WritePipeline.Write completed : writes.completeThrough(write)) {
            completed.messagesAfterPersist.forEach(transport::send);
            if (completed.hasEntries()) {
                newestWithEntries = completed;
            }
        }
        if (newestWithEntries != null) {
            core.onPersisted(newestWithEntries.lastIndex, newestWithEntries.lastTerm);
        }
        queueReady();
    }

    private void apply(List<Entry> committed) {
        for (Entry entry : committed) {
            Check.that(entry.index() == appliedIndex + 1,
                    "node %d must apply index %d next, was given %d", id(), appliedIndex + 1, entry.index());
            ByteString result = entry.type() == EntryType.NORMAL
                    ? stateMachine.apply(entry.index(), entry.data())
                    : ByteString.EMPTY;
            appliedIndex = entry.index();
            appliedTerm = entry.term();
            proposals.onApplied(entry, result);
        }
        if (!committed.isEmpty()) {
            reads.onApplied(appliedIndex);
        }
    }

    /** The core installed a snapshot from the leader: the state machine jumps to it. */
    private void restoreFromSnapshot(SnapshotMeta snapshot) {
        snapshotWork(() -> snapshots.restore(snapshot));
        if (stopped) {
            return;
        }
        appliedIndex = snapshot.index();
        appliedTerm = snapshot.term();
        proposals.failThrough(snapshot.index(), new IndeterminateStateException("node " + id()
                + " restored its state machine from a snapshot through index " + snapshot.index()
                + " before it saw the outcome"));
        reads.onApplied(appliedIndex);
    }

    private interface SnapshotWork {
        void run() throws IOException;
    }

    /** Runs snapshot work unless the node stopped; a snapshot store failure stops it. */
    private void snapshotWork(SnapshotWork work) {
        if (stopped) {
            return;
        }
        try {
            work.run();
        } catch (IOException e) {
            onSnapshotStoreFailure(e);
        }
    }

    private void onSnapshotStoreFailure(IOException cause) {
        LOG.log(Level.ERROR, "node " + id() + " stops: its snapshot store failed", cause);
        shutDown(new IndeterminateStateException("node " + id() + " stopped: snapshot store failed", cause));
    }

    private void onStorageFailure(Exception cause) {
        LOG.log(Level.ERROR, "node " + id() + " stops: its log storage failed", cause);
        shutDown(new IndeterminateStateException("node " + id() + " stopped: log storage failed", cause));
    }

    private void shutDown(RaftException cause) {
        if (stopped) {
            return;
        }
        stopped = true;
        if (tickTimer != null) {
            tickTimer.cancel();
        }
        proposals.failAll(cause);
        reads.failAll(cause);
        if (snapshots != null) {
            snapshots.close();
        }
        storage.close();
        status = core.status();
    }

    private void execute(Runnable task) {
        scheduler.execute(guarded(task));
    }

    /**
     * A task that, should it throw (a bug, or a state machine that broke its contract), stops the
     * node loudly: logged, pending requests failed as indeterminate. A production scheduler would
     * otherwise swallow the exception and leave the node wedged in silence. It is rethrown so that
     * a scheduler that reports failures (the simulator's) still sees it.
     */
    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error failure) {
                LOG.log(Level.ERROR, "node " + id() + " stops: a task failed", failure);
                shutDown(new IndeterminateStateException("node " + id() + " stopped after an internal failure: "
                        + failure, failure));
                throw failure;
            }
        };
    }

    /**
     * Hands a task to the node's context. A scheduler that was already shut down refuses it: the
     * request is then failed (it certainly did nothing), and a message is simply dropped.
     */
    private void runOnNode(CompletableFuture<?> failOnRefusal, Runnable task) {
        try {
            execute(task);
        } catch (RejectedExecutionException refused) {
            if (failOnRefusal != null) {
                failOnRefusal.completeExceptionally(new RequestRejectedException("node " + id() + " is stopped"));
            }
        }
    }

    private boolean failIfStopped(CompletableFuture<?> future) {
        if (stopped) {
            future.completeExceptionally(new RequestRejectedException("node " + id() + " is stopped"));
        }
        return stopped;
    }

    private RaftException refusal(Admission admission) {
        if (admission instanceof Admission.NotLeader notLeader) {
            return new NotLeaderException(id(), notLeader.leaderId());
        }
        if (admission instanceof Admission.Rejected rejected) {
            return new RequestRejectedException("node " + id() + " refused: " + rejected.reason());
        }
        throw new IllegalStateException("not a refusal: " + admission);
    }
}
