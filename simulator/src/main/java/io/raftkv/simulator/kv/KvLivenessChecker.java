package io.raftkv.simulator.kv;

import com.google.protobuf.Message;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.LivenessChecker;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.node.SimNode;
import java.util.List;

/**
 * The KV form of {@link LivenessChecker}: after the quiet period every machine is up and its store
 * has reached the newest revision any client's write was acknowledged with; and a write invoked after the
 * heal was acknowledged, when clients had the time to try.
 */
public final class KvLivenessChecker {
    private final Violations violations;

    public KvLivenessChecker(Violations violations) {
        this.violations = violations;
    }

    public void check(List<KvOp> history, List<SimNode> nodes, long healMicros, long clientStopMicros) {
        long newest = 0;
        KvOp newestOp = null;
        for (KvOp op : history) {
            // A lease expiry (client 0) is acknowledged to nobody; the leader may apply one just before the end.
            long revision = op.outcome() == KvOp.Outcome.OK && op.clientId() != 0 ? writeRevision(op.response()) : 0;
            if (revision > newest) {
                newest = revision;
                newestOp = op;
            }
        }
        for (SimNode node : nodes) {
            if (!node.isUp() || node.kv() == null) {
                violations.report(node.id(), Invariant.ACKNOWLEDGED_LOST, "is not up at the end of the quiet period");
            } else if (node.kv().machine().store().revision() < newest) {
                violations.report(node.id(), Invariant.ACKNOWLEDGED_LOST, "its store is at revision "
                        + node.kv().machine().store().revision() + " after the quiet period, but " + newestOp
                        + " was acknowledged at revision " + newest);
            }
        }
        if (clientStopMicros - healMicros < LivenessChecker.PROGRESS_WINDOW_MIN_MICROS) {
            return;
        }
        boolean progressed = history.stream().anyMatch(op -> op.clientId() != 0 && op.invokeMicros() >= healMicros
                && op.outcome() == KvOp.Outcome.OK && writeRevision(op.response()) > 0);
        if (!progressed) {
            violations.report(0, Invariant.NO_PROGRESS, "no KV write invoked after the heal at t=" + healMicros
                    + "us was acknowledged before the end");
        }
    }

    /** The revision a write's answer carries; 0 for a read or no answer. */
    static long writeRevision(Message response) {
        if (response instanceof PutResponse put) {
            return put.getHeader().getRevision();
        } else if (response instanceof DeleteRangeResponse delete) {
            return delete.getHeader().getRevision();
        } else if (response instanceof TxnResponse txn) {
            return txn.getHeader().getRevision();
        } else if (response instanceof LeaseRevokeResponse revoke) {
            return revoke.getHeader().getRevision();
        }
        return 0;
    }
}
