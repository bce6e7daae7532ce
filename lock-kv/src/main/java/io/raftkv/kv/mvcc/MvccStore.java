package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.KeyText;
import io.raftkv.kv.KvException;
import io.raftkv.kv.RequestValidator;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseOp;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

/**
 * The multi-version key-value store of the KV state machine, with etcd v3's semantics: one
 * store revision per write request that changes something, per key its create revision, mod
 * revision, version and lease, reads at past revisions, compaction, and the events of the
 * history for watches.
 *
 * <p>Pure and deterministic: no clock, no randomness, keys in unsigned byte order, so the same
 * writes in the same order give the same store on every replica. Not thread-safe: the state
 * machine calls it from one thread. A refused request ({@link KvException}) changes nothing.
 */
public final class MvccStore {
    /** etcd's first revision: a new store is at 1, and its first write makes revision 2. */
    private static final long INITIAL_REVISION = 1;

    private final KeySpace keys;
    private long revision;
    private long compactRevision;

    /** An empty store at revision 1 (etcd's initial revision), never compacted. */
    public MvccStore() {
        this(new KeySpace(), INITIAL_REVISION, 0);
    }

    private MvccStore(KeySpace keys, long revision, long compactRevision) {
        this.keys = keys;
        this.revision = revision;
        this.compactRevision = compactRevision;
    }

    public long revision() {
        return revision;
    }

    public long compactRevision() {
        return compactRevision;
    }

    /** Live keys (those whose last change is not a delete). */
    public int keyCount() {
        return keys.liveKeys();
    }

    /**
     * A range at {@code request.revision} (0: the current revision). COMPACTED if that is below
     * the compacted revision, FUTURE_REVISION if it is above the current one; the header carries
     * the current revision.
     */
    public RangeResponse range(RangeRequest request) {
        RequestValidator.validateRangeShape(request);
        long at = request.getRevision() == 0 ? revision : request.getRevision();
        Revisions.checkReadable("range", at, revision, compactRevision);
        return RangeQuery.run(keys, request, at, revision);
    }

    /**
     * Applies one put, delete_range or txn (a bare range is allowed and changes nothing),
     * atomically: the compares of every txn on the path are decided first, then every reason to
     * refuse is checked, and only then does anything change. All or nothing: on
     * {@link KvException} the store is as it was.
     *
     * @param leaseExists whether a (non-zero) lease id is live
     */
    public WriteResult write(RequestOp op, LongPredicate leaseExists) {
        RequestValidator.validateShape(op);
        TxnPath path = op.hasRequestTxn() ? TxnPath.decide(op.getRequestTxn(), keys, revision) : null;
        new WriteChecks(keys, revision, compactRevision, leaseExists).check(op, path);
        WriteTxn txn = new WriteTxn(keys, revision);
        ResponseOp response = txn.apply(op, path);
        revision = txn.revisionAfter();
        return new WriteResult(response, txn.events(), revision);
    }

    /**
     * What a write gave.
     *
     * @param events   its changes in sub-revision order, each with prev_kv when the key existed
     * @param revision the store's revision after the write (unchanged if nothing changed)
     */
    public record WriteResult(ResponseOp response, List<Event> events, long revision) {
    }

    /**
     * Drops the history below {@code revision}: afterwards ranges at or above it, and history
     * from it, answer as before. COMPACTED if it is at or below the compacted revision,
     * FUTURE_REVISION if above the current one.
     */
    public void compact(long revision) {
        Revisions.checkNotFuture("compact", revision, this.revision);
        if (revision <= compactRevision) {
            throw new KvException(KvError.Code.COMPACTED, "compact at revision " + revision
                    + " is at or below the compacted revision " + compactRevision);
        }
        keys.compact(revision);
        compactRevision = revision;
    }

    /**
     * The events at or after {@code fromRevision} on the keys of {@code [key, rangeEnd)} (with
     * RangeRequest's conventions), in (revision, sub-revision) order, at most {@code max}; each
     * with prev_kv when the version before it is retained. COMPACTED if {@code fromRevision} is
     * below the compacted revision.
     */
    public List<Event> history(ByteString key, ByteString rangeEnd, long fromRevision, int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("history needs max > 0, got " + max);
        }
        if (fromRevision < compactRevision) {
            throw new KvException(KvError.Code.COMPACTED, "history from revision " + fromRevision
                    + " is below the compacted revision " + compactRevision);
        }
        return HistoryQuery.run(keys, KeyInterval.of(key, rangeEnd), fromRevision, max);
    }

    /** Every live key-value in key order. */
    public void forEachLive(Consumer<KeyValue> action) {
        for (KeyHistory history : keys.all().values()) {
            KeyValue live = history.live();
            if (live != null) {
                action.accept(live);
            }
        }
    }

    /** The retained history of each key, in key order: what a snapshot holds, with {@link #revision()} and {@link #compactRevision()}. */
    public void forEachKeyHistory(Consumer<KeyHistoryRecord> action) {
        for (Map.Entry<ByteString, KeyHistory> key : keys.all().entrySet()) {
            action.accept(HistoryRecords.toRecord(key.getKey(), key.getValue()));
        }
    }

    /**
     * The store a snapshot describes.
     *
     * @throws IllegalArgumentException if the revisions or the records are not a store's (keys
     *                                  out of order, a history that breaks the store's rules), naming where
     */
    public static MvccStore restore(long revision, long compactRevision, Iterator<KeyHistoryRecord> keys) {
        if (revision < INITIAL_REVISION || compactRevision < 0 || compactRevision > revision) {
            throw new IllegalArgumentException("snapshot revision " + revision + " and compacted revision "
                    + compactRevision + " are not a store's (need 1 <= revision and 0 <= compacted <= revision)");
        }
        KeySpace restored = new KeySpace();
        ByteString previous = null;
        while (keys.hasNext()) {
            KeyHistoryRecord record = keys.next();
            if (previous != null && KeyInterval.ORDER.compare(previous, record.getKey()) >= 0) {
                throw new IllegalArgumentException("snapshot key " + KeyText.of(record.getKey())
                        + " does not follow " + KeyText.of(previous) + " in key order");
            }
            restored.restore(record.getKey(), HistoryRecords.fromRecord(record, revision, compactRevision));
            previous = record.getKey();
        }
        return new MvccStore(restored, revision, compactRevision);
    }
}
