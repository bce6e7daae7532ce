package io.raftkv.kv.mvcc;

import io.raftkv.kv.KeyText;
import io.raftkv.kv.KvException;
import io.raftkv.kv.LeaseText;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import java.util.List;
import java.util.function.LongPredicate;

/**
 * What a well-formed write can still be refused for, checked along the path it will take against
 * the store as it is before the write, so that a refused write changes nothing (etcd's checkTxn):
 * a put with ignore_value or ignore_lease needs its key to exist; a put's lease must exist; a
 * range must ask for a revision the store holds. In op order, the first refusal wins.
 *
 * <p>Checking against the state before the write is exact, not an approximation: the
 * duplicate-key rule lets no earlier op of the same request change a key that a put names.
 */
final class WriteChecks {
    private final KeySpace keys;
    private final long revision;
    private final long compactRevision;
    private final LongPredicate leaseExists;

    WriteChecks(KeySpace keys, long revision, long compactRevision, LongPredicate leaseExists) {
        this.keys = keys;
        this.revision = revision;
        this.compactRevision = compactRevision;
        this.leaseExists = leaseExists;
    }

    /** @param path for a txn, the path it will take; null otherwise */
    void check(RequestOp op, TxnPath path) {
        switch (op.getRequestCase()) {
            case REQUEST_PUT -> checkPut(op.getRequestPut());
            case REQUEST_RANGE -> checkRange(op.getRequestRange());
            case REQUEST_TXN -> checkBranch(path);
            default -> {
                // A delete can always run; an empty op was refused as malformed.
            }
        }
    }

    private void checkBranch(TxnPath path) {
        List<RequestOp> ops = path.ops();
        for (int i = 0; i < ops.size(); i++) {
            check(ops.get(i), ops.get(i).hasRequestTxn() ? path.nested(i) : null);
        }
    }

    private void checkPut(PutRequest put) {
        if ((put.getIgnoreValue() || put.getIgnoreLease()) && keys.live(put.getKey()) == null) {
            throw new KvException(KvError.Code.KEY_NOT_FOUND, "put with " + (put.getIgnoreValue() ? "ignore_value"
                    : "ignore_lease") + " needs key " + KeyText.of(put.getKey()) + " to exist, and it does not");
        }
        if (put.getLease() != 0 && !leaseExists.test(put.getLease())) {
            throw new KvException(KvError.Code.LEASE_NOT_FOUND, "put of key " + KeyText.of(put.getKey())
                    + " names lease " + LeaseText.of(put.getLease()) + ", which does not exist");
        }
    }

    private void checkRange(RangeRequest range) {
        if (range.getRevision() != 0) {
            Revisions.checkReadable("range", range.getRevision(), revision, compactRevision);
        }
    }
}
