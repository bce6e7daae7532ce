package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.CommandResult;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrantResponse;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.Entry;
import io.raftkv.raft.EntryType;
import io.raftkv.raft.Ready;
import io.raftkv.raft.runtime.RaftObserver;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.loop.TraceHash;
import io.raftkv.simulator.sm.ForwardingStateMachine;
import io.raftkv.simulator.sm.GrowableLongs;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What the simulator sees of the KV nodes, through pass-through wrappers that change nothing:
 * <ul>
 *   <li>every apply, with its result: the first node to apply an index fixes the result there and
 *       every other replica must produce the same bytes (state machine safety at the KV level);
 *       after each index is first applied, the lock keys' create revisions feed the
 *       {@link LockKeyTimeline};</li>
 *   <li>every Ready: when a lease expiry entry first appears, to be appended by the leader that
 *       decided it; when such an entry is first applied and revokes its lease, it enters the history
 *       as a lease revoke by the cluster (client 0) and the {@link LeaseBoundCheck};</li>
 *   <li>every grant and keep-alive a node serves: when it arrived, and whether it was
 *       acknowledged, for the {@link LeaseBoundCheck}.</li>
 * </ul>
 */
public final class KvObservations implements RaftObserver {
    private final EventLoop loop;
    private final Violations violations;
    private final KvHistory history;
    private final List<ByteString> lockKeys;
    private final LockKeyTimeline timeline;
    private final MutexQueues queues;
    private final LeaseBoundCheck leases;
    /** resultAt[index]: digest of the result the first node to apply it got; resultNode[index]: that node. */
    private final GrowableLongs resultAt = new GrowableLongs();
    private final GrowableLongs resultNode = new GrowableLongs();
    private long firstAppliedThrough;
    /** seenTerm[index]: the term of the newest entry seen at that index in any Ready. */
    private final GrowableLongs seenTerm = new GrowableLongs();
    /** (index, term) of lease expiry entries -> their decision; looked up, never iterated. */
    private final Map<IndexTerm, Decision> decisions = new HashMap<>();
    /** (node, index) -> the decision of the expiry that node is about to apply there. */
    private final Map<NodeIndex, Decision> applying = new HashMap<>();
    private long expiries;

    private record IndexTerm(long index, long term) {}

    private record NodeIndex(long nodeId, long index) {}

    private record Decision(long nodeId, long micros, long stamp) {}

    public KvObservations(EventLoop loop, Violations violations, KvHistory history, List<ByteString> lockKeys,
                          LockKeyTimeline timeline, MutexQueues queues, LeaseBoundCheck leases) {
        this.loop = loop;
        this.violations = violations;
        this.history = history;
        this.lockKeys = List.copyOf(lockKeys);
        this.timeline = timeline;
        this.queues = queues;
        this.leases = leases;
    }

    /** Lease expiries the leader decided that were applied and revoked their lease. */
    public long expiriesApplied() {
        return expiries;
    }

    @Override
    public void onReady(long nodeId, Ready ready) {
        for (Entry entry : ready.entries()) {
            if (seenTerm.get(entry.index()) != entry.term()) {
                seenTerm.set(entry.index(), entry.term());
                if (isLeaseExpiry(entry)) {
                    decisions.put(new IndexTerm(entry.index(), entry.term()),
                            new Decision(nodeId, loop.nowMicros(), loop.eventsRun()));
                }
            }
        }
        for (Entry entry : ready.committedEntries()) {
            Decision decision = decisions.get(new IndexTerm(entry.index(), entry.term()));
            if (decision != null) {
                applying.put(new NodeIndex(nodeId, entry.index()), decision);
            }
        }
    }

    private static boolean isLeaseExpiry(Entry entry) {
        if (entry.type() != EntryType.NORMAL) {
            return false;
        }
        try {
            return Command.parseFrom(entry.data()).hasLeaseExpiry();
        } catch (InvalidProtocolBufferException notACommand) {
            return false;
        }
    }

    /** The state machine Raft applies to on {@code nodeId}, watched. */
    public SnapshottingStateMachine machine(long nodeId, KvStateMachine kv, SnapshottingStateMachine machine) {
        return new ForwardingStateMachine(machine) {
            @Override
            public ByteString apply(long index, ByteString command) {
                ByteString result = delegate.apply(index, command);
                onApplied(nodeId, index, command, result, kv);
                return result;
            }
        };
    }

    private void onApplied(long nodeId, long index, ByteString command, ByteString result, KvStateMachine kv) {
        Decision decision = applying.remove(new NodeIndex(nodeId, index));
        long digest = TraceHash.combine(result.size(), result.hashCode());
        if (index > firstAppliedThrough) {
            firstAppliedThrough = index;
            resultAt.set(index, digest);
            resultNode.set(index, nodeId);
            for (ByteString key : lockKeys) {
                timeline.observe(key, createRevision(kv.store(), key), loop.nowMicros());
            }
            queues.observe(kv.store(), timeline, loop.nowMicros());
            if (decision != null) {
                onExpiryApplied(decision, command, result);
            }
        } else if (resultNode.get(index) != 0 && resultAt.get(index) != digest) {
            violations.report(nodeId, Invariant.STATE_MACHINE_SAFETY, "applying index " + index + " gave another result"
                    + " than on node " + resultNode.get(index) + ": the replicas' KV states differ");
        }
    }

    private static long createRevision(MvccStore store, ByteString key) {
        RangeResponse found = store.range(KvRequests.get(key));
        return found.getKvsCount() == 0 ? 0 : found.getKvs(0).getCreateRevision();
    }

    private void onExpiryApplied(Decision decision, ByteString commandBytes, ByteString resultBytes) {
        CommandResult result;
        long leaseId;
        try {
            result = CommandResult.parseFrom(resultBytes);
            leaseId = Command.parseFrom(commandBytes).getLeaseExpiry().getID();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("a lease expiry or its result does not parse", e);
        }
        if (result.hasError()) {
            return;
        }
        expiries++;
        KvOp op = history.invoke(0, KvOp.Kind.REVOKE_LEASE, null, null, leaseId, decision.micros(), decision.stamp());
        history.complete(op, KvOp.Outcome.OK, result.getLeaseRevoke(), loop.nowMicros(), loop.eventsRun());
        leases.onExpiryApplied(leaseId, decision.nodeId(), decision.micros(), loop.nowMicros());
    }

    /** What clients reach on {@code nodeId}, watched. */
    public KvService service(long nodeId, KvService service) {
        return new ForwardingKvService(service) {
            @Override
            public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
                long arrival = loop.nowMicros();
                return delegate.leaseGrant(request).whenComplete((granted, error) -> {
                    if (error == null) {
                        leases.onAcknowledged(nodeId, granted.getID(), granted.getTTL(), arrival);
                    }
                });
            }

            @Override
            public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
                long arrival = loop.nowMicros();
                return delegate.leaseKeepAlive(request).whenComplete((renewed, error) -> {
                    if (error == null && renewed.getTTL() > 0) {
                        leases.onAcknowledged(nodeId, renewed.getID(), renewed.getTTL(), arrival);
                    }
                });
            }
        };
    }
}
