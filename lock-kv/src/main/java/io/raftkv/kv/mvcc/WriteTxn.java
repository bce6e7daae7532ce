package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.raft.util.Check;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Runs one checked write: every change gets the next revision, {@code beginRevision + 1}, and
 * its own sub-revision in order; the revision is taken only if something changed. Reads see the
 * writes before them. Nothing here refuses: {@link WriteChecks} did, before the first change.
 *
 * <p>Response headers carry what etcd's would: a put, the new revision; a delete, the new
 * revision if anything in the request changed so far, else the old one; a range, the revision
 * it read as current; the outermost txn, the revision after the write; a nested txn, an empty
 * header (etcd fills only the outermost one).
 */
final class WriteTxn {
    private final KeySpace keys;
    private final long beginRevision;
    private final List<Event> events = new ArrayList<>();

    WriteTxn(KeySpace keys, long beginRevision) {
        this.keys = keys;
        this.beginRevision = beginRevision;
    }

    /** @param path for a txn, the path {@link TxnPath#decide} chose before the write; null otherwise */
    ResponseOp apply(RequestOp op, TxnPath path) {
        return execute(op, path, true);
    }

    /** The store's revision once this write is done. */
    long revisionAfter() {
        return events.isEmpty() ? beginRevision : beginRevision + 1;
    }

    List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    private ResponseOp execute(RequestOp op, TxnPath path, boolean outermost) {
        ResponseOp.Builder response = ResponseOp.newBuilder();
        switch (op.getRequestCase()) {
            case REQUEST_RANGE -> response.setResponseRange(range(op.getRequestRange()));
            case REQUEST_PUT -> response.setResponsePut(put(op.getRequestPut()));
            case REQUEST_DELETE_RANGE -> response.setResponseDeleteRange(delete(op.getRequestDeleteRange()));
            case REQUEST_TXN -> response.setResponseTxn(txn(path, outermost));
            case REQUEST_NOT_SET -> throw new IllegalStateException("an empty op was refused as malformed");
        }
        return response.build();
    }

    private RangeResponse range(RangeRequest range) {
        long current = revisionAfter();
        return RangeQuery.run(keys, range, range.getRevision() == 0 ? current : range.getRevision(), current);
    }

    private PutResponse put(PutRequest put) {
        long revision = beginRevision + 1;
        KeyValue previous = keys.live(put.getKey());
        Check.that(previous != null || !(put.getIgnoreValue() || put.getIgnoreLease()),
                "ignore_value and ignore_lease were checked against an existing key");
        KeyValue.Builder written = KeyValue.newBuilder().setKey(put.getKey()).setModRevision(revision)
                .setValue(put.getIgnoreValue() ? previous.getValue() : put.getValue())
                .setLease(put.getIgnoreLease() ? previous.getLease() : put.getLease());
        if (previous == null) {
            written.setCreateRevision(revision).setVersion(1);
        } else {
            written.setCreateRevision(previous.getCreateRevision()).setVersion(previous.getVersion() + 1);
        }
        events.add(keys.put(written.build(), events.size()));
        PutResponse.Builder response = PutResponse.newBuilder().setHeader(header(revision));
        if (put.getPrevKv() && previous != null) {
            response.setPrevKv(previous);
        }
        return response.build();
    }

    private DeleteRangeResponse delete(DeleteRangeRequest delete) {
        long revision = beginRevision + 1;
        DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder();
        long deleted = 0;
        // Deleting appends to a key's history and never adds or removes a key, so the view stays valid.
        for (Map.Entry<ByteString, KeyHistory> key : keys.within(KeyInterval.of(delete.getKey(),
                delete.getRangeEnd())).entrySet()) {
            if (key.getValue().live() != null) {
                Event event = keys.delete(key.getKey(), revision, events.size());
                events.add(event);
                deleted++;
                if (delete.getPrevKv()) {
                    response.addPrevKvs(event.getPrevKv());
                }
            }
        }
        return response.setDeleted(deleted).setHeader(header(revisionAfter())).build();
    }

    private TxnResponse txn(TxnPath path, boolean outermost) {
        TxnResponse.Builder response = TxnResponse.newBuilder().setSucceeded(path.succeeded());
        List<RequestOp> ops = path.ops();
        for (int i = 0; i < ops.size(); i++) {
            RequestOp op = ops.get(i);
            response.addResponses(execute(op, op.hasRequestTxn() ? path.nested(i) : null, false));
        }
        return response.setHeader(outermost ? header(revisionAfter()) : ResponseHeader.getDefaultInstance()).build();
    }

    private static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
