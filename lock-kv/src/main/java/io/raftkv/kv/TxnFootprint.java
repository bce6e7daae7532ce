package io.raftkv.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * etcd's duplicate-key rule for transactions: within one branch of a txn, nested txns included,
 * no key may be put twice and no put may fall inside a delete range. A nested txn's success and
 * failure branches never both run, so they may touch the same keys; everything else in one
 * branch may run together and must not conflict. Reads are free.
 *
 * <p>etcd's checkIntervals (v3rpc/key.go) is looser in two corners, both by accident rather than
 * by design, and we close them: it collects the deletes of sibling nested txns in order, so a
 * put in one nested txn followed by a covering delete in a later sibling passes; and its interval
 * tree reads a from-key delete ({@code range_end "\0"}) as an empty interval, so puts inside it
 * pass. Both are refused here.
 *
 * <p>What a branch touches: the keys it may put, and the union of the ranges it may delete, kept
 * as disjoint, non-adjacent intervals (start to end, {@link ByteString#EMPTY} for no end) so that
 * both questions ("is this key deleted?", "does this range hold a put?") are one tree lookup.
 */
final class TxnFootprint {
    private final TreeSet<ByteString> puts = new TreeSet<>(KeyInterval.ORDER);
    private final TreeMap<ByteString, ByteString> deletes = new TreeMap<>(KeyInterval.ORDER);

    private TxnFootprint() {
    }

    /** Throws DUPLICATE_KEY if either branch of {@code txn} breaks the rule. */
    static void check(TxnRequest txn) {
        ofBranch(txn.getSuccessList());
        ofBranch(txn.getFailureList());
    }

    private static TxnFootprint ofBranch(List<RequestOp> ops) {
        TxnFootprint branch = new TxnFootprint();
        for (RequestOp op : ops) {
            switch (op.getRequestCase()) {
                case REQUEST_PUT -> branch.addPut(op.getRequestPut().getKey());
                case REQUEST_DELETE_RANGE -> branch.addDelete(interval(op.getRequestDeleteRange()));
                case REQUEST_TXN -> branch.addAll(either(op.getRequestTxn()));
                default -> {
                    // Ranges read, and an empty op is refused elsewhere.
                }
            }
        }
        return branch;
    }

    /** What a nested txn may touch: either of its branches, each checked on its own. */
    private static TxnFootprint either(TxnRequest txn) {
        TxnFootprint success = ofBranch(txn.getSuccessList());
        TxnFootprint failure = ofBranch(txn.getFailureList());
        success.puts.addAll(failure.puts);
        for (Map.Entry<ByteString, ByteString> delete : failure.deletes.entrySet()) {
            success.mergeDelete(new KeyInterval(delete.getKey(), delete.getValue()));
        }
        return success;
    }

    private static KeyInterval interval(DeleteRangeRequest delete) {
        return KeyInterval.of(delete.getKey(), delete.getRangeEnd());
    }

    private void addPut(ByteString key) {
        refuseConflicts(key);
        puts.add(key);
    }

    private void addDelete(KeyInterval range) {
        refuseConflicts(range);
        mergeDelete(range);
    }

    /** Adds what a sibling may touch; the sibling's own puts and deletes were checked against each other already. */
    private void addAll(TxnFootprint sibling) {
        for (ByteString key : sibling.puts) {
            refuseConflicts(key);
        }
        for (Map.Entry<ByteString, ByteString> delete : sibling.deletes.entrySet()) {
            refuseConflicts(new KeyInterval(delete.getKey(), delete.getValue()));
        }
        puts.addAll(sibling.puts);
        for (Map.Entry<ByteString, ByteString> delete : sibling.deletes.entrySet()) {
            mergeDelete(new KeyInterval(delete.getKey(), delete.getValue()));
        }
    }

    private void refuseConflicts(ByteString put) {
        if (puts.contains(put)) {
            throw duplicate("txn puts key " + KeyText.of(put) + " more than once in one branch");
        }
        KeyInterval deleted = deleteCovering(put);
        if (deleted != null) {
            throw duplicate("txn puts key " + KeyText.of(put) + " and deletes it (range " + deleted
                    + ") in one branch");
        }
    }

    private void refuseConflicts(KeyInterval delete) {
        if (delete.isEmpty()) {
            return;
        }
        ByteString put = puts.ceiling(delete.start());
        if (put != null && delete.isBelowEnd(put)) {
            throw duplicate("txn puts key " + KeyText.of(put) + " and deletes it (range " + delete
                    + ") in one branch");
        }
    }

    private KeyInterval deleteCovering(ByteString key) {
        Map.Entry<ByteString, ByteString> below = deletes.floorEntry(key);
        if (below == null) {
            return null;
        }
        KeyInterval candidate = new KeyInterval(below.getKey(), below.getValue());
        return candidate.isBelowEnd(key) ? candidate : null;
    }

    /** Adds {@code range} to the union of deleted ranges, merging it with every interval it overlaps or touches. */
    private void mergeDelete(KeyInterval range) {
        if (range.isEmpty()) {
            return;
        }
        ByteString start = range.start();
        ByteString end = range.end();
        Map.Entry<ByteString, ByteString> below = deletes.floorEntry(start);
        if (below != null && reaches(below.getValue(), start)) {
            start = below.getKey();
            end = later(end, below.getValue());
            deletes.remove(below.getKey());
        }
        Map.Entry<ByteString, ByteString> above = deletes.ceilingEntry(start);
        while (above != null && reaches(end, above.getKey())) {
            end = later(end, above.getValue());
            deletes.remove(above.getKey());
            above = deletes.ceilingEntry(start);
        }
        deletes.put(start, end);
    }

    /** Whether an interval ending at {@code end} reaches {@code key} (touching counts: [a,b) and [b,c) merge). */
    private static boolean reaches(ByteString end, ByteString key) {
        return end.isEmpty() || KeyInterval.ORDER.compare(end, key) >= 0;
    }

    private static ByteString later(ByteString end, ByteString other) {
        if (end.isEmpty() || other.isEmpty()) {
            return ByteString.EMPTY;
        }
        return KeyInterval.ORDER.compare(end, other) >= 0 ? end : other;
    }

    private static KvException duplicate(String message) {
        return new KvException(KvError.Code.DUPLICATE_KEY, message);
    }
}
