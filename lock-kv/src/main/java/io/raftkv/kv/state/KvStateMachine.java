package io.raftkv.kv.state;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.kv.KvException;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.RequestValidator;
import io.raftkv.kv.lease.LeaseDeadlines;
import io.raftkv.kv.lease.LeaseTable;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.CommandResult;
import io.raftkv.kv.proto.CompactionResponse;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrantResponse;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.watch.WatchHub;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The replicated KV state machine: applies {@link Command}s from the Raft log to the MVCC store
 * and the lease table, answers each with a {@link CommandResult}, and feeds what changed to the
 * node's watches and lease deadlines. Deterministic: a command's effect and result depend only on
 * the commands before it, so every replica holds the same bytes (its own watches and deadlines
 * are local views, not replicated state).
 *
 * <p>A command that breaks a rule (unknown lease, compacted revision, duplicate key in a txn...)
 * is applied as a refusal: it changes nothing and its result carries the {@link KvError}.
 */
public final class KvStateMachine implements SnapshottingStateMachine {
    private final KvLimits limits;
    private final LeaseTable leases = new LeaseTable();
    private final LeaseDeadlines deadlines;
    private final WatchHub watches = new WatchHub();
    private MvccStore store = new MvccStore();
    private long appliedIndex;

    public KvStateMachine(KvLimits limits, long expiryRetryMillis) {
        this.limits = limits;
        this.deadlines = new LeaseDeadlines(expiryRetryMillis);
    }

    public KvLimits limits() {
        return limits;
    }

    /** The store as of the last applied command; read it only on the node's execution context. */
    public MvccStore store() {
        return store;
    }

    public LeaseTable leases() {
        return leases;
    }

    public LeaseDeadlines deadlines() {
        return deadlines;
    }

    public WatchHub watches() {
        return watches;
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    @Override
    public ByteString apply(long index, ByteString command) {
        appliedIndex = index;
        CommandResult.Builder result = CommandResult.newBuilder();
        try {
            apply(Command.parseFrom(command), result);
        } catch (InvalidProtocolBufferException malformed) {
            result.setError(KvError.newBuilder().setCode(KvError.Code.INVALID_ARGUMENT)
                    .setMessage("malformed command at index " + index + ": " + malformed.getMessage()));
        } catch (KvException refused) {
            result.setError(refused.toError());
        }
        return result.setRevision(store.revision()).build().toByteString();
    }

    private void apply(Command command, CommandResult.Builder result) {
        switch (command.getOpCase()) {
            case WRITE -> result.setWrite(write(command.getWrite()));
            case COMPACTION -> {
                store.compact(command.getCompaction().getRevision());
                result.setCompaction(CompactionResponse.newBuilder().setHeader(header()));
            }
            case LEASE_GRANT -> result.setLeaseGrant(grant(command.getLeaseGrant()));
            case LEASE_REVOKE -> {
                revoke(command.getLeaseRevoke().getID());
                result.setLeaseRevoke(LeaseRevokeResponse.newBuilder().setHeader(header()));
            }
            case LEASE_EXPIRY -> {
                revoke(command.getLeaseExpiry().getID());
                result.setLeaseRevoke(LeaseRevokeResponse.newBuilder().setHeader(header()));
            }
            case OP_NOT_SET -> throw new KvException(KvError.Code.INVALID_ARGUMENT, "command names no operation");
        }
    }

    private io.raftkv.kv.proto.ResponseOp write(RequestOp op) {
        RequestValidator.validate(op, limits);
        MvccStore.WriteResult written = store.write(op, leases::exists);
        followLeases(written.events());
        watches.onApplied(written.events(), written.revision());
        return written.response();
    }

    private LeaseGrantResponse grant(LeaseGrantRequest request) {
        long ttl = request.getTTL();
        if (ttl < limits.minLeaseTtlSeconds() || ttl > limits.maxLeaseTtlSeconds()) {
            throw new KvException(KvError.Code.TTL_OUT_OF_RANGE, "lease TTL " + ttl + " s is outside ["
                    + limits.minLeaseTtlSeconds() + ", " + limits.maxLeaseTtlSeconds() + "] s");
        }
        leases.grant(request.getID(), ttl, limits.maxLeases());
        deadlines.start(request.getID(), ttl);
        return LeaseGrantResponse.newBuilder().setHeader(header()).setID(request.getID()).setTTL(ttl).build();
    }

    /** Deletes the lease's keys in one revision (none if it has no keys), then the lease. */
    private void revoke(long id) {
        if (!leases.exists(id)) {
            throw LeaseTable.notFound(id);
        }
        List<ByteString> keys = leases.get(id).keys();
        if (!keys.isEmpty()) {
            TxnRequest.Builder deletes = TxnRequest.newBuilder();
            for (ByteString key : keys) {
                deletes.addSuccess(RequestOp.newBuilder().setRequestDeleteRange(DeleteRangeRequest.newBuilder().setKey(key)));
            }
            MvccStore.WriteResult written = store.write(RequestOp.newBuilder().setRequestTxn(deletes).build(),
                    leases::exists);
            followLeases(written.events());
            watches.onApplied(written.events(), written.revision());
        }
        leases.remove(id);
        deadlines.remove(id);
    }

    /** Keeps the lease table's key sets in step with the store: a write moves a key between leases. */
    private void followLeases(List<Event> events) {
        for (Event event : events) {
            ByteString key = event.getKv().getKey();
            if (event.hasPrevKv()) {
                leases.detach(event.getPrevKv().getLease(), key);
            }
            if (event.getType() == Event.EventType.PUT) {
                leases.attach(event.getKv().getLease(), key);
            }
        }
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setRevision(store.revision()).build();
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        KvSnapshotFormat.write(out, store, leases);
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        KvSnapshotFormat.Restored restored = KvSnapshotFormat.read(in, limits);
        store = restored.store();
        leases.clear();
        deadlines.clear();
        for (var lease : restored.leases()) {
            leases.grant(lease.getID(), lease.getTTL(), Integer.MAX_VALUE);
            deadlines.start(lease.getID(), lease.getTTL());
        }
        List<String> orphans = new java.util.ArrayList<>();
        store.forEachLive(kv -> {
            if (kv.getLease() != 0 && !leases.exists(kv.getLease())) {
                orphans.add(kv.getKey().toStringUtf8() + " -> lease " + kv.getLease());
            } else {
                leases.attach(kv.getLease(), kv.getKey());
            }
        });
        if (!orphans.isEmpty()) {
            throw new KvSnapshotFormat.CorruptSnapshotException(orphans.size() + " snapshot keys are attached to "
                    + "leases the snapshot does not hold, first " + orphans.get(0));
        }
        watches.afterRestore(store);
    }
}
