package io.raftkv.raft;

import com.google.protobuf.ByteString;
import io.raftkv.raft.election.ElectionTimer;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.log.RestoredLog;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.message.TimeoutNow;
import io.raftkv.raft.server.Election;
import io.raftkv.raft.server.FollowerRole;
import io.raftkv.raft.server.LeaderRole;
import io.raftkv.raft.server.ReadyTracker;
import io.raftkv.raft.server.ServerState;
import io.raftkv.raft.server.TermGate;
import io.raftkv.raft.util.Check;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The Raft protocol as a pure, single-threaded state machine (the shape of etcd's RawNode).
 * Inputs are method calls; everything to do next comes back as a {@link Ready} value. It owns no
 * thread, reads no clock and touches no file or socket: time arrives as {@link #tick()},
 * randomness from the injected generator. Not thread-safe: the driver calls it from one thread.
 *
 * <p>This class only dispatches; the rules live in {@code io.raftkv.raft.server} (one class per
 * role or concern) and the data structures in the sibling packages.
 */
public final class RaftCore {
    private final ServerState state;
    private final TermGate termGate;
    private final LeaderRole leaderRole;
    private final Election election;
    private final FollowerRole followerRole;
    private final ReadyTracker readyTracker;

    private RaftCore(ServerState state) {
        this.state = state;
        this.termGate = new TermGate(state);
        this.leaderRole = new LeaderRole(state);
        this.election = new Election(state, leaderRole);
        this.followerRole = new FollowerRole(state, election);
        this.readyTracker = new ReadyTracker(state);
    }

    /**
     * @param config   this node's configuration
     * @param restored what was durable when the node started
     * @param random   the only source of randomness (election timeout jitter)
     */
    public static RaftCore create(RaftConfig config, PersistentState restored, RandomGenerator random) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(restored, "restored");
        Objects.requireNonNull(random, "random");
        List<Entry> entries = RestoredLog.followingSnapshot(restored.snapshot(), restored.entries());
        validateRestored(config, restored, entries);
        RaftLog log = RaftLog.restored(restored.snapshot(), entries, restored.hardState().commitIndex(),
                restored.appliedIndex());
        ElectionTimer timer = new ElectionTimer(config.electionTimeoutTicks(), random);
        return new RaftCore(new ServerState(config, log, restored.hardState(), timer));
    }

    /** Storage hands over what it found; a bad restored state is the caller's input, not our bug. */
    private static void validateRestored(RaftConfig config, PersistentState restored, List<Entry> entries) {
        HardState hardState = restored.hardState();
        SnapshotMeta snapshot = restored.snapshot();
        if (!entries.isEmpty() && entries.get(0).index() != snapshot.index() + 1) {
            throw new IllegalArgumentException("restored log must start right after the snapshot, at index "
                    + (snapshot.index() + 1) + ", starts at " + entries.get(0).index());
        }
        if (snapshot.term() > hardState.term()) {
            throw new IllegalArgumentException("restored snapshot " + snapshot + " is beyond the restored term "
                    + hardState.term());
        }
        long previousTerm = snapshot.term();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.index() != snapshot.index() + i + 1 || entry.term() < previousTerm) {
                throw new IllegalArgumentException("restored log is not contiguous with non-decreasing terms at " + entry);
            }
            previousTerm = entry.term();
        }
        if (previousTerm > hardState.term()) {
            throw new IllegalArgumentException("restored log's last term " + previousTerm
                    + " is beyond the restored term " + hardState.term());
        }
        if (hardState.votedFor() != HardState.NO_VOTE && !config.members().contains(hardState.votedFor())) {
            throw new IllegalArgumentException("restored vote for " + hardState.votedFor()
                    + " is not a member of " + config.members());
        }
        long lastIndex = snapshot.index() + entries.size();
        if (restored.appliedIndex() < snapshot.index() || restored.appliedIndex() > lastIndex) {
            throw new IllegalArgumentException("restored applied index " + restored.appliedIndex()
                    + " is outside the restored snapshot and log [" + snapshot.index() + ", " + lastIndex + "]");
        }
    }

    /** One unit of logical time: election and heartbeat timers advance. */
    public void tick() {
        if (state.role() == Role.LEADER) {
            leaderRole.tick();
        } else {
            election.tick();
        }
    }

    /**
     * A message from a peer. Messages not addressed to this node, or from non-members, are dropped.
     * Snapshot chunks ({@link InstallSnapshot}) come here too, so that the term rules apply to
     * them (a stale leader's chunk is refused, a newer leader's is followed) and they restart the
     * election timer; admitted ones come back in {@link Ready#snapshotChunks()} for the driver to
     * write. An {@link io.raftkv.raft.message.InstallSnapshotResponse} only passes the term rules
     * here (a leader that sees a newer term steps down); its flow control is the driver's.
     */
    public void step(Message message) {
        Objects.requireNonNull(message, "message");
        if (!termGate.admit(message)) {
            return;
        }
        if (message instanceof RequestVote request) {
            election.onRequestVote(request);
        } else if (message instanceof RequestVoteResponse response) {
            election.onVoteResponse(response);
        } else if (message instanceof AppendEntries append) {
            followLeaderOfThisTerm(append);
            followerRole.onAppendEntries(append);
        } else if (message instanceof Heartbeat heartbeat) {
            followLeaderOfThisTerm(heartbeat);
            followerRole.onHeartbeat(heartbeat);
        } else if (message instanceof InstallSnapshot chunk) {
            followLeaderOfThisTerm(chunk);
            followerRole.onInstallSnapshot(chunk);
        } else if (message instanceof TimeoutNow timeoutNow) {
            followerRole.onTimeoutNow(timeoutNow);
        } else if (message instanceof AppendEntriesResponse response && state.role() == Role.LEADER) {
            leaderRole.onAppendResponse(response);
        } else if (message instanceof HeartbeatResponse response && state.role() == Role.LEADER) {
            leaderRole.onHeartbeatResponse(response);
        }
    }

    /** Raft §5.2: a (pre-)candidate that hears from a leader of its own term becomes its follower. */
    private void followLeaderOfThisTerm(Message fromLeader) {
        Check.that(state.role() != Role.LEADER, "two leaders in term %d: %d and %d",
                state.term(), state.selfId(), fromLeader.from());
        if (state.role() != Role.FOLLOWER) {
            state.becomeFollower(state.term(), fromLeader.from());
        }
    }

    /** Proposes a command for the log. */
    public Admission propose(ByteString command) {
        Objects.requireNonNull(command, "command");
        if (state.role() != Role.LEADER) {
            return new Admission.NotLeader(state.leaderId());
        }
        return leaderRole.propose(command);
    }

    /**
     * Asks for a linearizable read (ReadIndex, thesis §6.4). When accepted, a {@link ReadState}
     * with the same {@code readId} comes in a later Ready once a quorum confirmed leadership; if
     * leadership is lost first, no ReadState comes and the driver fails the read when it sees the
     * role change.
     */
    public Admission requestRead(long readId) {
        if (state.role() != Role.LEADER) {
            return new Admission.NotLeader(state.leaderId());
        }
        return leaderRole.reads().requestRead(readId);
    }

    /** Hands leadership to {@code targetId} once its log is up to date (thesis §3.10). */
    public Admission transferLeadership(long targetId) {
        if (state.role() != Role.LEADER) {
            return new Admission.NotLeader(state.leaderId());
        }
        return leaderRole.transfers().transferLeadership(targetId);
    }

    /** The driver's write of the log up to (index, term) is durable. Stale reports are ignored. */
    public void onPersisted(long index, long term) {
        if (state.log().persistedTo(index, term) && state.role() == Role.LEADER) {
            leaderRole.onPersisted();
        }
    }

    /**
     * The driver saved a snapshot of the state machine that covers the log through at least
     * {@code index}, which must not exceed the applied index: the core drops its entries up to
     * {@code index} and keeps only the term at that boundary. Followers that still need a dropped
     * entry are sent a snapshot instead (they appear in {@link Ready#snapshotsToSend()}). A stale
     * index (at or below an earlier compaction) changes nothing.
     */
    public void compact(long index) {
        RaftLog log = state.log();
        if (index > log.appliedIndex()) {
            throw new IllegalArgumentException("cannot compact through index " + index
                    + ": only applied entries are in a snapshot, and the applied index is " + log.appliedIndex());
        }
        log.compact(index);
    }

    /**
     * The driver received, verified (checksum) and durably saved the whole snapshot
     * {@code snapshot} from {@code leaderId}. If it is beyond the commit index, the core installs
     * it: the log now follows the snapshot (entries after it are kept if this log holds its last
     * entry), commit and applied index move to it, and the next {@link Ready} carries it in
     * {@link Ready#snapshot()} (record it in the log storage, restore the state machine from it)
     * with the acknowledgement to the leader held until that write is durable. Returns whether it
     * was installed; a stale snapshot, or one offered to a leader, is not (the driver may drop it).
     */
    public boolean installSnapshot(long leaderId, SnapshotMeta snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.isNone() || snapshot.term() > state.term() || !state.isMember(leaderId)
                || leaderId == state.selfId()) {
            throw new IllegalArgumentException("cannot install snapshot " + snapshot + " from node " + leaderId
                    + " in term " + state.term() + ": it must be a real snapshot of a term not above the current"
                    + " one, sent by another member");
        }
        return followerRole.installSnapshot(leaderId, snapshot);
    }

    /**
     * The driver could not send a snapshot to {@code peerId} (the transfer failed, broke off or
     * made no progress within its timeout). The leader probes that follower again at its next
     * heartbeat answer, and asks for a snapshot again if it still needs one. Ignored unless this
     * node leads and is sending that peer a snapshot.
     */
    public void snapshotSendFailed(long peerId) {
        if (state.role() == Role.LEADER && state.isMember(peerId) && peerId != state.selfId()) {
            leaderRole.snapshotSendFailed(peerId);
        }
    }

    public boolean hasReady() {
        return readyTracker.hasReady();
    }

    public Ready ready() {
        return readyTracker.ready();
    }

    /** The driver has taken over everything in {@code ready} (see the Ready contract). */
    public void advance(Ready ready) {
        readyTracker.advance(Objects.requireNonNull(ready, "ready"));
    }

    public NodeStatus status() {
        RaftLog log = state.log();
        return new NodeStatus(state.selfId(), state.role(), state.term(), state.leaderId(), state.votedFor(),
                log.commitIndex(), log.appliedIndex(), log.lastIndex(), log.lastTerm(), log.persistedIndex());
    }
}
