package io.raftkv.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.util.List;

/**
 * Refuses a KV request that is malformed or over a limit, before it changes anything, with etcd's
 * rules (v3rpc/key.go) and a message that names what was wrong and the limit. Stateless: whether
 * a key or lease exists, or a revision is compacted, is the store's business.
 *
 * <p>Where we decided:
 * <ul>
 *   <li>An empty key is refused (KEY_MISSING), except in a range, delete or compare whose
 *       {@code range_end} is {@code "\0"}: that means every key. etcd's server refuses it too,
 *       but its clients send {@code "\0"} for "from the first key", which names the same keys,
 *       since no stored key is empty.</li>
 *   <li>Operations in a txn are counted as etcd counts them: the largest of its compares, its
 *       success ops and its failure ops must be at most {@code maxTxnOps}, and a nested txn gets
 *       what its enclosing txn left (maxTxnOps less the enclosing txn's count).</li>
 *   <li>Negative limits and revisions (limit, revision, min/max mod/create revision) are refused
 *       (INVALID_ARGUMENT); etcd reads them as "none". Unknown enum values are refused, as etcd
 *       refuses unknown sort options.</li>
 *   <li>An operation with no request set is INVALID_ARGUMENT (etcd answers KEY_NOT_FOUND).</li>
 *   <li>Duplicate keys: see {@link TxnFootprint}.</li>
 * </ul>
 */
public final class RequestValidator {
    /** For the structural checks alone: the store re-checks the shape of what it applies, the limits are the server's. */
    private static final KvLimits NO_LIMITS = new KvLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, 1,
            Long.MAX_VALUE, Integer.MAX_VALUE);

    private RequestValidator() {
    }

    public static void validate(RequestOp op, KvLimits limits) {
        checkOp(op, limits.maxTxnOps(), limits);
        if (op.hasRequestTxn()) {
            TxnFootprint.check(op.getRequestTxn());
        }
    }

    public static void validateRange(RangeRequest range, KvLimits limits) {
        checkKey("range", range.getKey(), range.getRangeEnd(), limits);
        checkNotNegative("range limit", range.getLimit(), "no limit");
        checkNotNegative("range revision", range.getRevision(), "the current revision");
        checkNotNegative("range min_mod_revision", range.getMinModRevision(), "no bound");
        checkNotNegative("range max_mod_revision", range.getMaxModRevision(), "no bound");
        checkNotNegative("range min_create_revision", range.getMinCreateRevision(), "no bound");
        checkNotNegative("range max_create_revision", range.getMaxCreateRevision(), "no bound");
        if (range.getSortOrder() == RangeRequest.SortOrder.UNRECOGNIZED) {
            throw invalid("range sort_order " + range.getSortOrderValue() + " is not one of NONE, ASCEND, DESCEND");
        }
        if (range.getSortTarget() == RangeRequest.SortTarget.UNRECOGNIZED) {
            throw invalid("range sort_target " + range.getSortTargetValue()
                    + " is not one of KEY, VERSION, CREATE, MOD, VALUE");
        }
    }

    /** The checks that need no limits (keys, arguments, duplicate keys): what the store re-checks before applying. */
    public static void validateShape(RequestOp op) {
        validate(op, NO_LIMITS);
    }

    /** The checks of {@link #validateRange} that need no limits. */
    public static void validateRangeShape(RangeRequest range) {
        validateRange(range, NO_LIMITS);
    }

    /** @param txnOpsMax operations a txn here may hold: maxTxnOps at the top, less at each nesting */
    private static void checkOp(RequestOp op, int txnOpsMax, KvLimits limits) {
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> validateRange(op.getRequestRange(), limits);
            case REQUEST_PUT -> checkPut(op.getRequestPut(), limits);
            case REQUEST_DELETE_RANGE -> checkDelete(op.getRequestDeleteRange(), limits);
            case REQUEST_TXN -> checkTxn(op.getRequestTxn(), txnOpsMax, limits);
            case REQUEST_NOT_SET -> throw invalid("operation names no request (none of range, put, delete_range, txn)");
        }
    }

    private static void checkPut(PutRequest put, KvLimits limits) {
        if (put.getKey().isEmpty()) {
            throw new KvException(KvError.Code.KEY_MISSING, "put has an empty key");
        }
        checkKeySize("put", put.getKey(), limits);
        if (put.getIgnoreValue() && !put.getValue().isEmpty()) {
            throw invalid("put has ignore_value set and a value of " + put.getValue().size()
                    + " bytes; ignore_value keeps the current value, so the value must be empty");
        }
        if (put.getIgnoreLease() && put.getLease() != 0) {
            throw invalid("put has ignore_lease set and lease " + LeaseText.of(put.getLease())
                    + "; ignore_lease keeps the current lease, so the lease must be 0");
        }
    }

    private static void checkDelete(DeleteRangeRequest delete, KvLimits limits) {
        checkKey("delete_range", delete.getKey(), delete.getRangeEnd(), limits);
    }

    private static void checkTxn(TxnRequest txn, int txnOpsMax, KvLimits limits) {
        int ops = Math.max(txn.getCompareCount(), Math.max(txn.getSuccessCount(), txn.getFailureCount()));
        if (ops > txnOpsMax) {
            throw tooManyOps(txn, ops, txnOpsMax, limits);
        }
        for (int i = 0; i < txn.getCompareCount(); i++) {
            try {
                checkCompare(txn.getCompare(i), limits);
            } catch (KvException refused) {
                throw within("compare[" + i + "]", refused);
            }
        }
        checkBranch("success", txn.getSuccessList(), txnOpsMax - ops, limits);
        checkBranch("failure", txn.getFailureList(), txnOpsMax - ops, limits);
    }

    private static void checkBranch(String name, List<RequestOp> ops, int txnOpsMax, KvLimits limits) {
        for (int i = 0; i < ops.size(); i++) {
            try {
                checkOp(ops.get(i), txnOpsMax, limits);
            } catch (KvException refused) {
                // Said only on the way out, so a valid request builds no location strings.
                throw within(name + "[" + i + "]", refused);
            }
        }
    }

    private static void checkCompare(Compare compare, KvLimits limits) {
        checkKey("compare", compare.getKey(), compare.getRangeEnd(), limits);
        if (compare.getResult() == Compare.CompareResult.UNRECOGNIZED) {
            throw invalid("compare result " + compare.getResultValue()
                    + " is not one of EQUAL, NOT_EQUAL, GREATER, LESS");
        }
        if (compare.getTarget() == Compare.CompareTarget.UNRECOGNIZED) {
            throw invalid("compare target " + compare.getTargetValue()
                    + " is not one of VERSION, CREATE, MOD, VALUE, LEASE");
        }
    }

    private static void checkKey(String what, ByteString key, ByteString rangeEnd, KvLimits limits) {
        if (key.isEmpty() && !rangeEnd.equals(KeyInterval.FROM_KEY)) {
            throw new KvException(KvError.Code.KEY_MISSING, what + " has an empty key (allowed only with range_end"
                    + " \"\\0\", which means every key)");
        }
        checkKeySize(what, key, limits);
    }

    private static void checkKeySize(String what, ByteString key, KvLimits limits) {
        if (key.size() > limits.maxKeyBytes()) {
            throw new KvException(KvError.Code.REQUEST_TOO_LARGE, what + " key is " + key.size()
                    + " bytes, the limit is " + limits.maxKeyBytes());
        }
    }

    private static void checkNotNegative(String what, long value, String zeroMeans) {
        if (value < 0) {
            throw invalid(what + " is " + value + "; it must be 0 (" + zeroMeans + ") or more");
        }
    }

    private static KvException tooManyOps(TxnRequest txn, int ops, int txnOpsMax, KvLimits limits) {
        String counted = txn.getCompareCount() == ops ? "compares"
                : txn.getSuccessCount() == ops ? "success operations" : "failure operations";
        if (txnOpsMax == limits.maxTxnOps()) {
            return new KvException(KvError.Code.TOO_MANY_OPS, "txn has " + ops + " " + counted + ", the limit is "
                    + txnOpsMax);
        }
        return new KvException(KvError.Code.TOO_MANY_OPS, "nested txn has " + ops + " " + counted
                + ", the limit there is " + txnOpsMax + " (maxTxnOps " + limits.maxTxnOps() + " less the "
                + (limits.maxTxnOps() - txnOpsMax) + " of the enclosing txns)");
    }

    private static KvException within(String where, KvException refused) {
        return new KvException(refused.code(), "in " + where + ": " + refused.getMessage());
    }

    private static KvException invalid(String message) {
        return new KvException(KvError.Code.INVALID_ARGUMENT, message);
    }
}
