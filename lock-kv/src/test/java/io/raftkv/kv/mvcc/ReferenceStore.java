package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeRequest.SortOrder;
import io.raftkv.kv.proto.RangeRequest.SortTarget;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongPredicate;

/**
 * A deliberately dumb KV store with etcd's semantics, to check {@link MvccStore} against: the
 * whole key space is copied at every revision and never dropped, events are kept per revision,
 * compaction only moves the floor, and every question is answered by looking at everything. No
 * code is shared with the store: keys are compared with {@link Arrays#compareUnsigned}, ranges by
 * filtering every key, the duplicate-key rule by listing every way a branch may run.
 */
final class ReferenceStore {
    static final Comparator<ByteString> BYTES = (a, b) -> Arrays.compareUnsigned(a.toByteArray(), b.toByteArray());

    /** states.get(r): every key-value at revision r; index 0 is unused (revisions start at 1). */
    private final List<TreeMap<ByteString, KeyValue>> states = new ArrayList<>();
    /** events.get(r): the events of revision r, in sub-revision order, each with its full prev_kv. */
    private final List<List<Event>> events = new ArrayList<>();
    private long compactRevision;

    ReferenceStore() {
        for (int i = 0; i < 2; i++) {
            states.add(new TreeMap<>(BYTES));
            events.add(List.of());
        }
    }

    long revision() {
        return states.size() - 1;
    }

    long compactRevision() {
        return compactRevision;
    }

    int keyCount() {
        return current().size();
    }

    List<KeyValue> live() {
        return new ArrayList<>(current().values());
    }

    private TreeMap<ByteString, KeyValue> current() {
        return states.get((int) revision());
    }

    // ---- reads

    RangeResponse range(RangeRequest request) {
        long at = request.getRevision() == 0 ? revision() : request.getRevision();
        checkReadable(at);
        return rangeOf(states.get((int) at), request, revision());
    }

    private void checkReadable(long at) {
        if (at > revision()) {
            throw new KvException(KvError.Code.FUTURE_REVISION, "future");
        }
        if (at < compactRevision) {
            throw new KvException(KvError.Code.COMPACTED, "compacted");
        }
    }

    /** etcd's executeRange, spelled out. */
    static RangeResponse rangeOf(Map<ByteString, KeyValue> state, RangeRequest request, long header) {
        List<KeyValue> matching = new ArrayList<>();
        for (KeyValue kv : state.values()) {
            if (inRange(kv.getKey(), request.getKey(), request.getRangeEnd())) {
                matching.add(kv);
            }
        }
        boolean filtered = request.getMinModRevision() != 0 || request.getMaxModRevision() != 0
                || request.getMinCreateRevision() != 0 || request.getMaxCreateRevision() != 0;
        List<KeyValue> fetched = new ArrayList<>(matching);
        if (request.getCountOnly()) {
            fetched.clear();
        } else if (request.getSortOrder() == SortOrder.NONE && !filtered && request.getLimit() > 0
                && fetched.size() > request.getLimit() + 1) {
            fetched = new ArrayList<>(fetched.subList(0, (int) request.getLimit() + 1));
        }
        fetched.removeIf(kv -> (request.getMaxModRevision() != 0 && kv.getModRevision() > request.getMaxModRevision())
                || (request.getMinModRevision() != 0 && kv.getModRevision() < request.getMinModRevision())
                || (request.getMaxCreateRevision() != 0 && kv.getCreateRevision() > request.getMaxCreateRevision())
                || (request.getMinCreateRevision() != 0 && kv.getCreateRevision() < request.getMinCreateRevision()));
        sortLikeEtcd(fetched, request);
        boolean more = false;
        if (request.getLimit() > 0 && fetched.size() > request.getLimit()) {
            fetched = fetched.subList(0, (int) request.getLimit());
            more = true;
        }
        RangeResponse.Builder response = RangeResponse.newBuilder().setHeader(header(header)).setMore(more)
                .setCount(matching.size());
        for (KeyValue kv : fetched) {
            response.addKvs(request.getKeysOnly() ? kv.toBuilder().setValue(ByteString.EMPTY).build() : kv);
        }
        return response.build();
    }

    private static void sortLikeEtcd(List<KeyValue> kvs, RangeRequest request) {
        SortTarget target = request.getSortTarget();
        SortOrder order = request.getSortOrder();
        if (order == SortOrder.NONE && target != SortTarget.KEY) {
            order = SortOrder.ASCEND;
        }
        if (order == SortOrder.NONE) {
            return;
        }
        Comparator<KeyValue> by = switch (target) {
            case KEY -> (a, b) -> BYTES.compare(a.getKey(), b.getKey());
            case VALUE -> (a, b) -> BYTES.compare(a.getValue(), b.getValue());
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            default -> throw new AssertionError(target);
        };
        kvs.sort(order == SortOrder.DESCEND ? by.reversed() : by);
    }

    static boolean inRange(ByteString candidate, ByteString key, ByteString rangeEnd) {
        if (rangeEnd.isEmpty()) {
            return candidate.equals(key);
        }
        boolean fromKey = rangeEnd.size() == 1 && rangeEnd.byteAt(0) == 0;
        return BYTES.compare(candidate, key) >= 0 && (fromKey || BYTES.compare(candidate, rangeEnd) < 0);
    }

    List<Event> history(ByteString key, ByteString rangeEnd, long from, int max) {
        if (from < compactRevision) {
            throw new KvException(KvError.Code.COMPACTED, "compacted");
        }
        List<Event> found = new ArrayList<>();
        for (long revision = Math.max(from, 1); revision <= revision() && found.size() < max; revision++) {
            for (Event event : events.get((int) revision)) {
                if (found.size() < max && inRange(event.getKv().getKey(), key, rangeEnd)) {
                    // A put at the compacted revision lost the version before it; a delete keeps what it deleted.
                    boolean prevDropped = revision == compactRevision && event.getType() == Event.EventType.PUT;
                    found.add(prevDropped ? event.toBuilder().clearPrevKv().build() : event);
                }
            }
        }
        return found;
    }

    void compact(long revision) {
        if (revision > revision()) {
            throw new KvException(KvError.Code.FUTURE_REVISION, "future");
        }
        if (revision <= compactRevision) {
            throw new KvException(KvError.Code.COMPACTED, "compacted");
        }
        compactRevision = revision;
    }

    // ---- writes

    ResponseOp write(RequestOp op, LongPredicate leaseExists) {
        if (op.hasRequestTxn() && (conflicts(op.getRequestTxn().getSuccessList())
                || conflicts(op.getRequestTxn().getFailureList()))) {
            throw new KvException(KvError.Code.DUPLICATE_KEY, "duplicate");
        }
        Run run = new Run(revision());
        check(op, leaseExists);
        ResponseOp response = run.execute(op, true);
        if (!run.events.isEmpty()) {
            states.add(run.state);
            events.add(run.events);
        }
        return response;
    }

    List<Event> lastEvents(long revisionBefore) {
        return revision() == revisionBefore ? List.of() : events.get((int) revision());
    }

    /** Whether any way the branch may run puts a key twice or puts a key it also deletes. */
    private static boolean conflicts(List<RequestOp> branch) {
        for (List<RequestOp> run : waysToRun(branch)) {
            List<ByteString> puts = new ArrayList<>();
            List<DeleteRangeRequest> deletes = new ArrayList<>();
            for (RequestOp op : run) {
                if (op.hasRequestPut()) {
                    puts.add(op.getRequestPut().getKey());
                } else if (op.hasRequestDeleteRange()) {
                    deletes.add(op.getRequestDeleteRange());
                }
            }
            for (int i = 0; i < puts.size(); i++) {
                if (puts.subList(0, i).contains(puts.get(i))) {
                    return true;
                }
                for (DeleteRangeRequest delete : deletes) {
                    if (inRange(puts.get(i), delete.getKey(), delete.getRangeEnd())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Every sequence of plain ops the branch may run: each nested txn runs one branch or the other. */
    private static List<List<RequestOp>> waysToRun(List<RequestOp> branch) {
        List<List<RequestOp>> ways = new ArrayList<>();
        ways.add(List.of());
        for (RequestOp op : branch) {
            List<List<RequestOp>> tails = new ArrayList<>();
            if (op.hasRequestTxn()) {
                tails.addAll(waysToRun(op.getRequestTxn().getSuccessList()));
                tails.addAll(waysToRun(op.getRequestTxn().getFailureList()));
            } else {
                tails.add(List.of(op));
            }
            List<List<RequestOp>> longer = new ArrayList<>();
            for (List<RequestOp> way : ways) {
                for (List<RequestOp> tail : tails) {
                    List<RequestOp> joined = new ArrayList<>(way);
                    joined.addAll(tail);
                    longer.add(joined);
                }
            }
            ways = longer;
        }
        return ways;
    }

    /** etcd's checkTxn, in op order along the branches the compares choose. */
    private void check(RequestOp op, LongPredicate leaseExists) {
        if (op.hasRequestPut()) {
            PutRequest put = op.getRequestPut();
            if ((put.getIgnoreValue() || put.getIgnoreLease()) && !current().containsKey(put.getKey())) {
                throw new KvException(KvError.Code.KEY_NOT_FOUND, "missing");
            }
            if (put.getLease() != 0 && !leaseExists.test(put.getLease())) {
                throw new KvException(KvError.Code.LEASE_NOT_FOUND, "lease");
            }
        } else if (op.hasRequestRange() && op.getRequestRange().getRevision() != 0) {
            checkReadable(op.getRequestRange().getRevision());
        } else if (op.hasRequestTxn()) {
            for (RequestOp inner : branch(op.getRequestTxn())) {
                check(inner, leaseExists);
            }
        }
    }

    /** The branch a txn takes, judged on the store before the write. */
    private List<RequestOp> branch(TxnRequest txn) {
        return succeeds(txn) ? txn.getSuccessList() : txn.getFailureList();
    }

    private boolean succeeds(TxnRequest txn) {
        for (Compare compare : txn.getCompareList()) {
            List<KeyValue> kvs = new ArrayList<>();
            for (KeyValue kv : current().values()) {
                if (inRange(kv.getKey(), compare.getKey(), compare.getRangeEnd())) {
                    kvs.add(kv);
                }
            }
            if (kvs.isEmpty() && compare.getTarget() == Compare.CompareTarget.VALUE) {
                return false;
            }
            if (kvs.isEmpty()) {
                kvs.add(KeyValue.getDefaultInstance());
            }
            for (KeyValue kv : kvs) {
                if (!holds(compare, kv)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(Compare compare, KeyValue kv) {
        int order = switch (compare.getTarget()) {
            case VERSION -> Long.compare(kv.getVersion(), compare.getVersion());
            case CREATE -> Long.compare(kv.getCreateRevision(), compare.getCreateRevision());
            case MOD -> Long.compare(kv.getModRevision(), compare.getModRevision());
            case LEASE -> Long.compare(kv.getLease(), compare.getLease());
            case VALUE -> BYTES.compare(kv.getValue(), compare.getValue());
            default -> throw new AssertionError(compare);
        };
        return switch (compare.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            default -> throw new AssertionError(compare);
        };
    }

    /** One write, on a copy of the current state. Branches were chosen on the state before it. */
    private final class Run {
        final long before;
        final TreeMap<ByteString, KeyValue> state;
        final List<Event> events = new ArrayList<>();

        Run(long before) {
            this.before = before;
            this.state = new TreeMap<>(current());
        }

        long now() {
            return events.isEmpty() ? before : before + 1;
        }

        ResponseOp execute(RequestOp op, boolean outermost) {
            ResponseOp.Builder response = ResponseOp.newBuilder();
            if (op.hasRequestPut()) {
                response.setResponsePut(put(op.getRequestPut()));
            } else if (op.hasRequestDeleteRange()) {
                response.setResponseDeleteRange(delete(op.getRequestDeleteRange()));
            } else if (op.hasRequestRange()) {
                RangeRequest range = op.getRequestRange();
                Map<ByteString, KeyValue> seen = range.getRevision() == 0 ? state : states.get((int) range.getRevision());
                response.setResponseRange(rangeOf(seen, range, now()));
            } else {
                TxnRequest txn = op.getRequestTxn();
                List<RequestOp> branch = branch(txn); // the compares read the store before the write
                TxnResponse.Builder inner = TxnResponse.newBuilder().setSucceeded(succeeds(txn));
                for (RequestOp each : branch) {
                    inner.addResponses(execute(each, false));
                }
                response.setResponseTxn(inner.setHeader(outermost ? header(now()) : ResponseHeader.getDefaultInstance()));
            }
            return response.build();
        }

        PutResponse put(PutRequest put) {
            KeyValue previous = state.get(put.getKey());
            KeyValue written = KeyValue.newBuilder().setKey(put.getKey()).setModRevision(before + 1)
                    .setCreateRevision(previous == null ? before + 1 : previous.getCreateRevision())
                    .setVersion(previous == null ? 1 : previous.getVersion() + 1)
                    .setValue(put.getIgnoreValue() ? previous.getValue() : put.getValue())
                    .setLease(put.getIgnoreLease() ? previous.getLease() : put.getLease()).build();
            state.put(put.getKey(), written);
            Event.Builder event = Event.newBuilder().setType(Event.EventType.PUT).setKv(written);
            PutResponse.Builder response = PutResponse.newBuilder().setHeader(header(before + 1));
            if (previous != null) {
                event.setPrevKv(previous);
                if (put.getPrevKv()) {
                    response.setPrevKv(previous);
                }
            }
            events.add(event.build());
            return response.build();
        }

        DeleteRangeResponse delete(DeleteRangeRequest delete) {
            DeleteRangeResponse.Builder response = DeleteRangeResponse.newBuilder();
            for (KeyValue kv : new ArrayList<>(state.values())) {
                if (inRange(kv.getKey(), delete.getKey(), delete.getRangeEnd())) {
                    state.remove(kv.getKey());
                    events.add(Event.newBuilder().setType(Event.EventType.DELETE).setPrevKv(kv)
                            .setKv(KeyValue.newBuilder().setKey(kv.getKey()).setModRevision(before + 1)).build());
                    response.setDeleted(response.getDeleted() + 1);
                    if (delete.getPrevKv()) {
                        response.addPrevKvs(kv);
                    }
                }
            }
            return response.setHeader(header(now())).build();
        }
    }

    private static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
