package io.raftkv.simulator.check;

import io.raftkv.raft.HardState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.simulator.disk.DurableLog;
import io.raftkv.simulator.net.SendListener;
import java.util.function.LongFunction;

/**
 * A node never promises what its disk does not hold (Raft §5.1, Figure 2: persist before
 * answering). Checked when the message is handed to the transport:
 * <ul>
 *   <li>a granted vote in term T: the durable hard state has term T and this candidate as its
 *       vote, or already a later term;</li>
 *   <li>a successful append acknowledgement in term T up to index m: term T is durable, and if it
 *       is still the durable term, the durable log reaches m with the entry the node holds there
 *       (where both still know the entry: a compacted prefix is covered by a snapshot). The
 *       snapshot store counts as durable too: a node restarted after saving a snapshot whose
 *       install had not reached its log rightly acknowledges through it.
 *       (After a later term is durable the follower may rightly have replaced the suffix, so a
 *       stale acknowledgement is not judged.)</li>
 * </ul>
 */
public final class DurabilityPromises implements SendListener {
    private final LongFunction<DurableLog> disks;
    private final LongFunction<SnapshotMeta> snapshots;
    private final ProtocolChecker protocol;
    private final Violations violations;

    /** {@code snapshots} gives the newest snapshot durable in a node's snapshot store (NONE if none). */
    public DurabilityPromises(LongFunction<DurableLog> disks, LongFunction<SnapshotMeta> snapshots,
                              ProtocolChecker protocol, Violations violations) {
        this.disks = disks;
        this.snapshots = snapshots;
        this.protocol = protocol;
        this.violations = violations;
    }

    @Override
    public void onSend(long senderId, Message message) {
        if (message instanceof RequestVoteResponse vote && vote.granted() && !vote.preVote()) {
            checkVote(senderId, vote);
        } else if (message instanceof AppendEntriesResponse ack && ack.success()) {
            checkAck(senderId, ack);
        }
    }

    private void checkVote(long senderId, RequestVoteResponse vote) {
        HardState durable = disks.apply(senderId).hardState();
        if (durable.term() < vote.term()
                || (durable.term() == vote.term() && durable.votedFor() != vote.to())) {
            violations.report(senderId, Invariant.DURABILITY_PROMISE, "granted its vote to " + vote.to()
                    + " in term " + vote.term() + " while the durable hard state is " + durable);
        }
    }

    private void checkAck(long senderId, AppendEntriesResponse ack) {
        DurableLog durable = disks.apply(senderId);
        long durableTerm = durable.hardState().term();
        if (ack.term() > durableTerm) {
            violations.report(senderId, Invariant.DURABILITY_PROMISE, "acknowledged appends in term " + ack.term()
                    + " while the durable term is " + durableTerm);
            return;
        }
        if (ack.term() < durableTerm) {
            return;
        }
        long match = ack.matchIndex();
        if (durable.lastIndex() < match && snapshots.apply(senderId).index() < match) {
            violations.report(senderId, Invariant.DURABILITY_PROMISE, "acknowledged up to index " + match
                    + " in term " + ack.term() + " while its durable log ends at " + durable.lastIndex()
                    + " and its newest snapshot is " + snapshots.apply(senderId));
        } else if (protocol.currentTerm(senderId) == ack.term() && match > snapshots.apply(senderId).index()
                && durable.termAt(match) != 0 && protocol.termAt(senderId, match) != 0
                && durable.termAt(match) != protocol.termAt(senderId, match)) {
            violations.report(senderId, Invariant.DURABILITY_PROMISE, "acknowledged index " + match
                    + " holding an entry of term " + protocol.termAt(senderId, match)
                    + " while the durable entry there has term " + durable.termAt(match));
        }
    }
}
