package io.raftkv.kv.mvcc;

import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.ResponseHeader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A range read at one revision, step for step as etcd's executeRange (etcdserver/txn): walk the
 * keys in order, counting every key that exists at the revision; keep at most limit + 1 of them
 * unless a sort order or a revision filter asks for all; drop what the filters exclude; sort;
 * cut to the limit, saying whether there was more. {@code count} is every key in the range at
 * the revision, before filters and limit, as in etcd.
 *
 * <p>One quirk kept on purpose: with sort_order NONE and a sort target other than KEY, etcd sorts
 * ascending, but only the limit + 1 keys it fetched in key order. Sorting is stable (ties keep key
 * order), where etcd's unstable sort leaves ties in an unspecified order.
 */
final class RangeQuery {
    private RangeQuery() {
    }

    static RangeResponse run(KeySpace keys, RangeRequest request, long atRevision, long headerRevision) {
        long limit = request.getLimit();
        boolean fetchAll = request.getSortOrder() != RangeRequest.SortOrder.NONE || hasRevisionFilter(request);
        long kept = request.getCountOnly() ? 0 : !fetchAll && limit > 0 ? limit + 1 : Long.MAX_VALUE;
        List<KeyValue> kvs = new ArrayList<>((int) Math.min(kept, 16));
        long count = 0;
        for (KeyHistory history : keys.within(KeyInterval.of(request.getKey(), request.getRangeEnd())).values()) {
            KeyValue kv = history.at(atRevision);
            if (kv != null) {
                count++;
                if (kvs.size() < kept) {
                    kvs.add(kv);
                }
            }
        }
        if (hasRevisionFilter(request)) {
            kvs.removeIf(kv -> !passesRevisionFilters(request, kv));
        }
        sort(kvs, request);
        RangeResponse.Builder response = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setRevision(headerRevision)).setCount(count);
        if (limit > 0 && kvs.size() > limit) {
            kvs = kvs.subList(0, (int) limit);
            response.setMore(true);
        }
        for (KeyValue kv : kvs) {
            response.addKvs(request.getKeysOnly() ? kv.toBuilder().clearValue().build() : kv);
        }
        return response.build();
    }

    private static boolean hasRevisionFilter(RangeRequest request) {
        return request.getMinModRevision() != 0 || request.getMaxModRevision() != 0
                || request.getMinCreateRevision() != 0 || request.getMaxCreateRevision() != 0;
    }

    /** A bound of 0 is no bound. */
    private static boolean passesRevisionFilters(RangeRequest request, KeyValue kv) {
        return (request.getMaxModRevision() == 0 || kv.getModRevision() <= request.getMaxModRevision())
                && (request.getMinModRevision() == 0 || kv.getModRevision() >= request.getMinModRevision())
                && (request.getMaxCreateRevision() == 0 || kv.getCreateRevision() <= request.getMaxCreateRevision())
                && (request.getMinCreateRevision() == 0 || kv.getCreateRevision() >= request.getMinCreateRevision());
    }

    /** etcd: a target other than KEY with order NONE sorts ascending; KEY ascending is the order already. */
    private static void sort(List<KeyValue> kvs, RangeRequest request) {
        RangeRequest.SortOrder order = request.getSortOrder();
        RangeRequest.SortTarget target = request.getSortTarget();
        if (target != RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.NONE) {
            order = RangeRequest.SortOrder.ASCEND;
        }
        if (order == RangeRequest.SortOrder.NONE
                || (target == RangeRequest.SortTarget.KEY && order == RangeRequest.SortOrder.ASCEND)) {
            return;
        }
        Comparator<KeyValue> byTarget = comparator(target);
        kvs.sort(order == RangeRequest.SortOrder.DESCEND ? byTarget.reversed() : byTarget);
    }

    private static Comparator<KeyValue> comparator(RangeRequest.SortTarget target) {
        return switch (target) {
            case KEY -> Comparator.comparing(KeyValue::getKey, KeyInterval.ORDER);
            case VERSION -> Comparator.comparingLong(KeyValue::getVersion);
            case CREATE -> Comparator.comparingLong(KeyValue::getCreateRevision);
            case MOD -> Comparator.comparingLong(KeyValue::getModRevision);
            case VALUE -> Comparator.comparing(KeyValue::getValue, KeyInterval.ORDER);
            case UNRECOGNIZED -> throw new IllegalStateException("sort target was validated: " + target);
        };
    }
}
