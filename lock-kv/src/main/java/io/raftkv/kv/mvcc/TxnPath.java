package io.raftkv.kv.mvcc;

import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.util.List;

/**
 * Which branch a txn takes, and the paths of the txns nested in that branch: all decided before
 * anything is written, so nested compares too see the store as it was before the request
 * (etcd's compareToPath). Reads inside the txn do see its earlier writes; compares do not.
 */
final class TxnPath {
    private final boolean succeeded;
    private final List<RequestOp> ops;
    /** Aligned with {@link #ops}: the path of each nested txn, null for other ops. */
    private final TxnPath[] nested;

    private TxnPath(boolean succeeded, List<RequestOp> ops, TxnPath[] nested) {
        this.succeeded = succeeded;
        this.ops = ops;
        this.nested = nested;
    }

    static TxnPath decide(TxnRequest txn, KeySpace keys, long revision) {
        boolean succeeded = Compares.allHold(keys, txn.getCompareList(), revision);
        List<RequestOp> ops = succeeded ? txn.getSuccessList() : txn.getFailureList();
        TxnPath[] nested = new TxnPath[ops.size()];
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).hasRequestTxn()) {
                nested[i] = decide(ops.get(i).getRequestTxn(), keys, revision);
            }
        }
        return new TxnPath(succeeded, ops, nested);
    }

    boolean succeeded() {
        return succeeded;
    }

    /** The ops of the branch taken. */
    List<RequestOp> ops() {
        return ops;
    }

    /** The path of the nested txn at {@code index} of {@link #ops()}. */
    TxnPath nested(int index) {
        TxnPath path = nested[index];
        if (path == null) {
            throw new IllegalStateException("op " + index + " of the branch is not a txn");
        }
        return path;
    }
}
