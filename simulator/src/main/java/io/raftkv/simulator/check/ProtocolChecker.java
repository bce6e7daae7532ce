package io.raftkv.simulator.check;

import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.PersistentState;
import io.raftkv.raft.Ready;
import io.raftkv.raft.Role;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.runtime.RaftObserver;
import io.raftkv.simulator.sm.GrowableLongs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft's safety properties, checked on every Ready of every node (the runtime shows each Ready to
 * its observer before acting on it) and whenever a node loads its log on start. Keeps a model of
 * each node's log (see {@link LogModel}) and what the whole cluster has committed so far.
 *
 * <p>The maps here are only looked up, never iterated, so their order cannot leak into a run.
 */
public final class ProtocolChecker implements RaftObserver {
    private final Violations violations;
    private final NodeView[] views;
    /** The leader of each term, once one was seen. */
    private final Map<Long, Long> leaderByTerm = new HashMap<>();
    /** The chain hash at (index, term), from the first node seen holding that entry. */
    private final Map<IndexTerm, Long> chainByEntry = new HashMap<>();
    /** What the cluster committed: the chain hash at each index, and the term of the node that reported it first. */
    private final GrowableLongs committedChain = new GrowableLongs();
    private final GrowableLongs commitTerm = new GrowableLongs();
    private final GrowableLongs committedEntryTerm = new GrowableLongs();
    private long committedIndex;
    private long leadersElected;

    public ProtocolChecker(int clusterSize, Violations violations) {
        this.violations = violations;
        this.views = new NodeView[clusterSize + 1];
        for (int id = 1; id <= clusterSize; id++) {
            views[id] = new NodeView();
        }
    }

    private record IndexTerm(long index, long term) {}

    /** One incarnation of one node, as far as the checker knows it. */
    private static final class NodeView {
        final LogModel log = new LogModel();
        Role role = Role.FOLLOWER;
        long term;
        /** The highest commit index reported in this incarnation (the monotonic one). */
        long commitIndex;
        /** The commit index found durable at start: known committed, so never to be truncated. */
        long restoredCommitIndex;
        long lastCommittedIndex;
    }

    /** A node is starting from what its log storage holds, without snapshots. */
    public void onLoad(long nodeId, PersistentState restored) {
        onLoad(nodeId, restored, SnapshotMeta.NONE);
    }

    /**
     * A node is starting from what its log storage holds and the newest snapshot in its store
     * (which its state machine is restored from): everything before belonged to the dead
     * incarnation.
     */
    public void onLoad(long nodeId, PersistentState restored, SnapshotMeta newestSnapshot) {
        NodeView view = new NodeView();
        views[(int) nodeId] = view;
        view.term = restored.hardState().term();
        view.restoredCommitIndex = restored.hardState().commitIndex();
        SnapshotMeta snapshot = newestSnapshot.index() > restored.snapshot().index() ? newestSnapshot : restored.snapshot();
        view.lastCommittedIndex = Math.max(restored.appliedIndex(), newestSnapshot.index());
        if (!snapshot.isNone()) {
            startAfterSnapshot(nodeId, view, snapshot);
        }
        List<Entry> entries = restored.entries().stream().filter(e -> e.index() > snapshot.index()).toList();
        appendAll(nodeId, view, entries);
    }

    /**
     * A follower installed a snapshot from the leader: its log follows the snapshot now (keeping
     * the suffix if it holds the snapshot's last entry, Raft §7), and its state machine continues
     * from the snapshot's index.
     */
    private void onSnapshotInstalled(long nodeId, NodeView view, SnapshotMeta snapshot) {
        if (view.log.termAt(snapshot.index()) == snapshot.term() && snapshot.index() <= view.log.lastIndex()) {
            checkSnapshotCommitted(nodeId, snapshot);
            view.log.compactThrough(snapshot.index());
        } else {
            startAfterSnapshot(nodeId, view, snapshot);
        }
        view.lastCommittedIndex = Math.max(view.lastCommittedIndex, snapshot.index());
    }

    private void startAfterSnapshot(long nodeId, NodeView view, SnapshotMeta snapshot) {
        checkSnapshotCommitted(nodeId, snapshot);
        view.log.startAfterSnapshot(snapshot.index(), snapshot.term(), committedChain.get(snapshot.index()));
    }

    /** A snapshot holds only committed entries, so its last one is the committed entry at its index. */
    private void checkSnapshotCommitted(long nodeId, SnapshotMeta snapshot) {
        if (snapshot.index() > committedIndex) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "holds a snapshot through index "
                    + snapshot.index() + ", beyond anything committed (" + committedIndex + ")");
        } else if (commitTerm.get(snapshot.index()) != 0 && termOfCommitted(snapshot.index()) != snapshot.term()) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "holds a snapshot through index "
                    + snapshot.index() + " of term " + snapshot.term() + ", but a different entry was committed there");
        }
    }

    private long termOfCommitted(long index) {
        return committedEntryTerm.get(index);
    }

    @Override
    public void onReady(long nodeId, Ready ready) {
        NodeView view = views[(int) nodeId];
        // What was known committed before this Ready: its own hard state may commit the entries it appends.
        long committedBefore = Math.max(Math.max(view.commitIndex, view.restoredCommitIndex), view.lastCommittedIndex);
        boolean becameLeader = ready.softState() != null && onSoftState(nodeId, view, ready.softState());
        if (ready.snapshot() != null) {
            onSnapshotInstalled(nodeId, view, ready.snapshot());
        }
        if (ready.hardState() != null) {
            onHardState(nodeId, view, ready.hardState());
        }
        if (!ready.entries().isEmpty()) {
            onEntries(nodeId, view, ready.entries(), committedBefore);
        }
        if (becameLeader) {
            checkLeaderCompleteness(nodeId, view);
        }
        if (view.commitIndex > view.log.lastIndex()) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "commit index " + view.commitIndex
                    + " is beyond its last log index " + view.log.lastIndex());
        }
        if (!ready.committedEntries().isEmpty()) {
            onCommitted(nodeId, view, ready.committedEntries());
        }
    }

    public long currentTerm(long nodeId) {
        return views[(int) nodeId].term;
    }

    public long termAt(long nodeId, long index) {
        return views[(int) nodeId].log.termAt(index);
    }

    /** The highest index any node reported committed. */
    public long committedIndex() {
        return committedIndex;
    }

    public long leadersElected() {
        return leadersElected;
    }

    private boolean onSoftState(long nodeId, NodeView view, SoftState soft) {
        if (soft.term() < view.term) {
            violations.report(nodeId, Invariant.MONOTONIC, "term went back from " + view.term + " to " + soft.term());
        }
        boolean becameLeader = soft.role() == Role.LEADER && (view.role != Role.LEADER || soft.term() != view.term);
        view.role = soft.role();
        view.term = Math.max(view.term, soft.term());
        if (becameLeader) {
            leadersElected++;
            Long other = leaderByTerm.putIfAbsent(soft.term(), nodeId);
            if (other != null && other != nodeId) {
                violations.report(nodeId, Invariant.ELECTION_SAFETY,
                        "became leader of term " + soft.term() + ", which node " + other + " already leads");
            }
        }
        return becameLeader;
    }

    private void onHardState(long nodeId, NodeView view, HardState hard) {
        if (hard.term() < view.term) {
            violations.report(nodeId, Invariant.MONOTONIC, "persists term " + hard.term() + " after term " + view.term);
        }
        if (hard.commitIndex() < view.commitIndex) {
            violations.report(nodeId, Invariant.MONOTONIC,
                    "commit index went back from " + view.commitIndex + " to " + hard.commitIndex());
        }
        view.term = Math.max(view.term, hard.term());
        view.commitIndex = Math.max(view.commitIndex, hard.commitIndex());
    }

    private void onEntries(long nodeId, NodeView view, List<Entry> entries, long committed) {
        long first = entries.get(0).index();
        long last = entries.get(entries.size() - 1).index();
        if (first <= committed) {
            long checkedTo = Math.min(committed, last);
            for (Entry entry : entries) {
                if (entry.index() <= checkedTo && entry.term() != view.log.termAt(entry.index())) {
                    violations.report(nodeId, Invariant.COMMITTED_TRUNCATED, "overwrote committed index "
                            + entry.index() + " (term " + view.log.termAt(entry.index()) + ") with term " + entry.term());
                    break;
                }
            }
            if (last < committed && last < view.log.lastIndex()) {
                violations.report(nodeId, Invariant.COMMITTED_TRUNCATED, "truncated its log to index " + last
                        + " below its commit index " + committed);
            }
        }
        appendAll(nodeId, view, entries);
    }

    private void appendAll(long nodeId, NodeView view, List<Entry> entries) {
        for (Entry entry : entries) {
            if (entry.index() > view.log.lastIndex() + 1) {
                violations.report(nodeId, Invariant.LOG_MATCHING, "appended index " + entry.index()
                        + " after its last index " + view.log.lastIndex() + ", leaving a gap");
                return;
            }
            long chain = view.log.append(entry);
            Long known = chainByEntry.putIfAbsent(new IndexTerm(entry.index(), entry.term()), chain);
            if (known != null && known != chain) {
                violations.report(nodeId, Invariant.LOG_MATCHING, "holds index " + entry.index() + " term "
                        + entry.term() + " but its log up to there differs from another node's");
                // Keep going with the node's own view; one report per divergence is enough.
                chainByEntry.put(new IndexTerm(entry.index(), entry.term()), chain);
            }
        }
    }

    private void checkLeaderCompleteness(long nodeId, NodeView view) {
        long index = committedIndex;
        // Entries first committed in this term or later are not yet this leader's concern.
        while (index > 0 && commitTerm.get(index) >= view.term) {
            index--;
        }
        if (index <= view.log.snapshotIndex()) {
            // Covered by a snapshot, which was checked against the committed log when it was taken in.
            return;
        }
        if (view.log.lastIndex() < index) {
            violations.report(nodeId, Invariant.LEADER_COMPLETENESS, "leader of term " + view.term
                    + " has a log ending at " + view.log.lastIndex() + ", but index " + index + " was committed");
        } else if (view.log.chainAt(index) != committedChain.get(index)) {
            violations.report(nodeId, Invariant.LEADER_COMPLETENESS, "leader of term " + view.term
                    + " holds a different entry history up to committed index " + index);
        }
    }

    private void onCommitted(long nodeId, NodeView view, List<Entry> committed) {
        long expected = view.lastCommittedIndex + 1;
        for (Entry entry : committed) {
            if (entry.index() != expected) {
                violations.report(nodeId, Invariant.COMMITTED_CONTIGUOUS,
                        "committed entries jump to index " + entry.index() + " where " + expected + " was next");
                expected = entry.index();
            }
            expected++;
            if (view.log.termAt(entry.index()) != entry.term()) {
                violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "commits index " + entry.index()
                        + " term " + entry.term() + " while its log holds term " + view.log.termAt(entry.index()));
                continue;
            }
            recordCommitted(nodeId, view, entry.index());
        }
        view.lastCommittedIndex = committed.get(committed.size() - 1).index();
    }

    private void recordCommitted(long nodeId, NodeView view, long index) {
        long chain = view.log.chainAt(index);
        if (index <= committedIndex) {
            if (committedChain.get(index) != chain) {
                violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY,
                        "commits index " + index + " with a history that differs from what another node committed");
            }
        } else if (index == committedIndex + 1) {
            committedChain.set(index, chain);
            commitTerm.set(index, view.term);
            committedEntryTerm.set(index, view.log.termAt(index));
            committedIndex = index;
        }
    }
}
