package io.raftkv.raft.server;

import io.raftkv.raft.HardState;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.election.ElectionTimer;
import io.raftkv.raft.log.RaftLog;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.List;

/**
 * The state every role shares (Raft Figure 2: currentTerm, votedFor, the log) plus who this
 * node is and whom it follows. Role-specific state hangs off it: {@link Leadership} exists only
 * while leading, so nothing of a lost leadership can leak into the next one.
 */
public final class ServerState {
    private final RaftConfig config;
    private final RaftLog log;
    private final Outbox outbox = new Outbox();
    private final ElectionTimer electionTimer;
    private final List<Long> peerIds;
    private long term;
    private long votedFor;
    private long leaderId = SoftState.NO_LEADER;
    private Role role = Role.FOLLOWER;
    private Leadership leadership;
    /** A snapshot installed from the leader that no Ready has handed to the driver yet. */
    private SnapshotMeta installedSnapshot;

    public ServerState(RaftConfig config, RaftLog log, HardState hardState, ElectionTimer electionTimer) {
        this.config = config;
        this.log = log;
        this.electionTimer = electionTimer;
        this.term = hardState.term();
        this.votedFor = hardState.votedFor();
        List<Long> peers = new ArrayList<>(config.members());
        peers.remove(config.nodeId());
        this.peerIds = List.copyOf(peers);
    }

    public RaftConfig config() { return config; }
    public RaftLog log() { return log; }
    public Outbox outbox() { return outbox; }
    public ElectionTimer electionTimer() { return electionTimer; }
    public long selfId() { return config.nodeId(); }
    /** The other members, in configured order. */
    public List<Long> peerIds() { return peerIds; }
    public long term() { return term; }
    public long votedFor() { return votedFor; }
    public long leaderId() { return leaderId; }
    public Role role() { return role; }

    /** The installed snapshot the driver has not taken over yet, or null. */
    public SnapshotMeta installedSnapshot() { return installedSnapshot; }

    public void installedSnapshot(SnapshotMeta snapshot) { this.installedSnapshot = snapshot; }

    public boolean isMember(long id) {
        return config.members().contains(id);
    }

    /** Only valid while leading. */
    public Leadership leadership() {
        Check.that(role == Role.LEADER && leadership != null, "node %d is not leading", selfId());
        return leadership;
    }

    public HardState hardState() {
        return new HardState(term, votedFor, log.commitIndex());
    }

    public SoftState softState() {
        return new SoftState(role, term, leaderId);
    }

    /**
     * Leader stickiness (thesis §4.2.3): this node heard from a live leader within the election
     * timeout, so a vote request is more likely a disruption than a real need. Only under
     * CheckQuorum: a leader without it never steps down, so one that still reaches a follower but
     * no longer hears a quorum would keep that follower from ever voting again (as in etcd).
     */
    public boolean inLease() {
        return config.checkQuorum() && leaderId != SoftState.NO_LEADER && electionTimer.withinBaseTimeout();
    }

    /** Adopts {@code newTerm} (never lower) and follows {@code newLeaderId} (0 if unknown). */
    public void becomeFollower(long newTerm, long newLeaderId) {
        Check.that(newTerm >= term, "term must not go back: %d -> %d", term, newTerm);
        if (newTerm > term) {
            term = newTerm;
            votedFor = HardState.NO_VOTE;
        }
        role = Role.FOLLOWER;
        leaderId = newLeaderId;
        leadership = null;
        electionTimer.reset();
    }

    /** Pre-vote (thesis §9.6): campaign without touching the term or the vote. */
    public void becomePreCandidate() {
        Check.that(role != Role.LEADER, "a leader does not campaign");
        role = Role.PRE_CANDIDATE;
        leaderId = SoftState.NO_LEADER;
        electionTimer.reset();
    }

    /** Raft §5.2: increment currentTerm and vote for self. */
    public void becomeCandidate() {
        Check.that(role != Role.LEADER, "a leader does not campaign");
        term++;
        votedFor = selfId();
        role = Role.CANDIDATE;
        leaderId = SoftState.NO_LEADER;
        electionTimer.reset();
    }

    public void becomeLeader(Leadership newLeadership) {
        Check.that(role == Role.CANDIDATE && votedFor == selfId(), "only a candidate that voted for itself leads");
        role = Role.LEADER;
        leaderId = selfId();
        leadership = newLeadership;
        electionTimer.reset();
    }

    /** Records a granted vote in this term (Raft §5.2: at most one per term). */
    public void voteFor(long candidateId) {
        Check.that(votedFor == HardState.NO_VOTE || votedFor == candidateId,
                "node %d already voted for %d in term %d", selfId(), votedFor, term);
        votedFor = candidateId;
        electionTimer.reset();
    }

    /** A message from the current leader of this term arrived. */
    public void heardFromLeader(long id) {
        Check.that(role == Role.FOLLOWER, "only a follower hears from a leader, node %d is %s", selfId(), role);
        leaderId = id;
        electionTimer.reset();
    }
}
