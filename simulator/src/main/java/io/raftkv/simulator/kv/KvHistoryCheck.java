package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.check.linearizability.LinearizabilityChecker;
import io.raftkv.simulator.check.linearizability.Op;
import io.raftkv.simulator.check.linearizability.RevisionOrderCheck;
import io.raftkv.simulator.check.linearizability.RevisionOrderViolation;
import io.raftkv.simulator.check.linearizability.kv.KeyState;
import io.raftkv.simulator.check.linearizability.kv.KvInput;
import io.raftkv.simulator.check.linearizability.kv.KvModel;
import io.raftkv.simulator.check.linearizability.kv.KvOutput;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Judges a run's KV history: linearizability against {@link KvModel}, key by key, within a step
 * budget (running out of it is a violation: a history the checker cannot decide is not a pass),
 * and the order of revisions across keys ({@link RevisionOrderCheck}).
 *
 * <p>The translation: an op that certainly failed is left out; one whose outcome is unknown is
 * kept with a null output. A lease revoke (a client's, or an expiry the leader decided) deletes
 * the keys attached to its lease; the model wants the key, so it becomes one revoke per key the
 * workload may have attached to that lease (by a create or put that succeeded or may have), each
 * with the same times. Splitting it lets each key's copy take effect at its own point, a weaker
 * check than one atomic revoke and never a false alarm; with the correct lock client a lease has
 * at most one such key anyway.
 */
public final class KvHistoryCheck {
    /** Model steps for one run's whole history; the histories of a 10 s run take a few thousand. */
    public static final long STEP_BUDGET = 5_000_000;
    private static final int REPORTED_REVISION_VIOLATIONS_MAX = 5;

    private final Violations violations;
    private CheckResult result;

    public KvHistoryCheck(Violations violations) {
        this.violations = violations;
    }

    /** What the linearizability check found; null before {@link #check}. */
    public CheckResult result() {
        return result;
    }

    public void check(List<KvOp> history) {
        List<Op<KvInput, KvOutput>> ops = translate(history);
        result = LinearizabilityChecker.check(new KvModel(), ops, STEP_BUDGET);
        if (result instanceof CheckResult.NotLinearizable not) {
            violations.report(0, Invariant.LINEARIZABILITY, "the history of " + not.partition()
                    + " is not linearizable: " + not.explanation());
        } else if (result instanceof CheckResult.OutOfBudget out) {
            violations.report(0, Invariant.LINEARIZABILITY, "the checker ran out of its budget of " + STEP_BUDGET
                    + " steps in " + out.partition() + ": the history is not shown linearizable");
        }
        List<RevisionOrderViolation> disorder = RevisionOrderCheck.check(ops);
        for (int i = 0; i < disorder.size(); i++) {
            violations.report(0, Invariant.REVISION_ORDER, i < REPORTED_REVISION_VIOLATIONS_MAX
                    ? disorder.get(i).explanation() : "(more of the same)");
        }
    }

    static List<Op<KvInput, KvOutput>> translate(List<KvOp> history) {
        Map<Long, Set<String>> leaseKeys = attachedKeys(history);
        List<Op<KvInput, KvOutput>> ops = new ArrayList<>();
        for (KvOp op : history) {
            if (op.outcome() == KvOp.Outcome.FAILED) {
                continue;
            }
            if (op.kind() == KvOp.Kind.REVOKE_LEASE) {
                Set<String> keys = leaseKeys.getOrDefault(op.leaseId(), Set.of());
                for (String key : keys) {
                    ops.add(op(ops.size() + 1, op, new KvInput.RevokeLease(op.leaseId(), key)));
                }
            } else {
                ops.add(op(ops.size() + 1, op, input(op)));
            }
        }
        return ops;
    }

    /** For each lease, the keys a create or put may have attached to it, in the order first attached. */
    private static Map<Long, Set<String>> attachedKeys(List<KvOp> history) {
        Map<Long, Set<String>> keys = new TreeMap<>();
        for (KvOp op : history) {
            boolean mayHaveWritten = op.outcome() == KvOp.Outcome.UNKNOWN || op.outcome() == KvOp.Outcome.PENDING
                    || (op.outcome() == KvOp.Outcome.OK && (op.kind() == KvOp.Kind.PUT
                            || (op.kind() == KvOp.Kind.CREATE_IF_ABSENT && ((TxnResponse) op.response()).getSucceeded())));
            if (op.leaseId() != 0 && op.kind() != KvOp.Kind.REVOKE_LEASE && mayHaveWritten) {
                keys.computeIfAbsent(op.leaseId(), id -> new LinkedHashSet<>()).add(op.key().toStringUtf8());
            }
        }
        return keys;
    }

    private static Op<KvInput, KvOutput> op(long opId, KvOp op, KvInput input) {
        int client = (int) op.clientId();
        if (op.outcome() != KvOp.Outcome.OK) {
            return Op.unknown(opId, client, input, op.invokeMicros());
        }
        return new Op<>(opId, client, input, output(op), op.invokeMicros(), op.completeMicros());
    }

    private static KvInput input(KvOp op) {
        String key = op.key().toStringUtf8();
        return switch (op.kind()) {
            case PUT -> new KvInput.Put(key, op.value().toStringUtf8(), op.leaseId());
            case GET -> new KvInput.Get(key);
            case DELETE -> new KvInput.Delete(key);
            case CREATE_IF_ABSENT -> new KvInput.CreateIfAbsent(key, op.value().toStringUtf8(), op.leaseId());
            case REVOKE_LEASE -> throw new IllegalArgumentException("a revoke names a lease, not a key: " + op);
        };
    }

    private static KvOutput output(KvOp op) {
        return switch (op.kind()) {
            case PUT -> new KvOutput.PutResult(((PutResponse) op.response()).getHeader().getRevision(),
                    KvOutput.Prior.NOT_REPORTED);
            case GET -> {
                RangeResponse range = (RangeResponse) op.response();
                yield new KvOutput.GetResult(range.getHeader().getRevision(), first(range));
            }
            case DELETE -> {
                DeleteRangeResponse delete = (DeleteRangeResponse) op.response();
                yield new KvOutput.DeleteResult(delete.getHeader().getRevision(), delete.getDeleted());
            }
            case CREATE_IF_ABSENT -> {
                TxnResponse txn = (TxnResponse) op.response();
                Optional<KeyState> holder = txn.getSucceeded() || txn.getResponsesCount() == 0
                        ? Optional.empty() : first(txn.getResponses(0).getResponseRange());
                yield new KvOutput.CreateResult(txn.getHeader().getRevision(), txn.getSucceeded(), holder);
            }
            case REVOKE_LEASE -> new KvOutput.RevokeResult(((LeaseRevokeResponse) op.response()).getHeader().getRevision());
        };
    }

    private static Optional<KeyState> first(RangeResponse range) {
        if (range.getKvsCount() == 0) {
            return Optional.empty();
        }
        KeyValue kv = range.getKvs(0);
        return Optional.of(new KeyState(text(kv.getValue()), kv.getVersion(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getLease()));
    }

    private static String text(ByteString bytes) {
        return bytes.toStringUtf8();
    }
}
