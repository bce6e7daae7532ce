package io.raftkv.kv.mvcc;

import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.KeyValue;
import java.util.List;

/**
 * A txn's guard, as etcd's applyCompare: a compare holds when it holds for every key in its range
 * that exists at the revision. A range with no such key compares one absent key, all zeros
 * (so {@code create_revision == 0} means "absent"), except that a VALUE compare on absent keys
 * is false, since an empty value and a missing one would otherwise look alike. A target whose
 * value field is not set compares against zero (or the empty value), as in etcd.
 */
final class Compares {
    private static final KeyValue ABSENT = KeyValue.getDefaultInstance();

    private Compares() {
    }

    static boolean allHold(KeySpace keys, List<Compare> compares, long revision) {
        for (Compare compare : compares) {
            if (!holds(keys, compare, revision)) {
                return false;
            }
        }
        return true;
    }

    static boolean holds(KeySpace keys, Compare compare, long revision) {
        boolean anyKey = false;
        for (KeyHistory history : keys.within(KeyInterval.of(compare.getKey(), compare.getRangeEnd())).values()) {
            KeyValue kv = history.at(revision);
            if (kv != null) {
                anyKey = true;
                if (!matches(compare, kv)) {
                    return false;
                }
            }
        }
        if (anyKey) {
            return true;
        }
        return compare.getTarget() != Compare.CompareTarget.VALUE && matches(compare, ABSENT);
    }

    private static boolean matches(Compare compare, KeyValue kv) {
        int order = switch (compare.getTarget()) {
            case VERSION -> Long.compare(kv.getVersion(), compare.getVersion());
            case CREATE -> Long.compare(kv.getCreateRevision(), compare.getCreateRevision());
            case MOD -> Long.compare(kv.getModRevision(), compare.getModRevision());
            case VALUE -> KeyInterval.ORDER.compare(kv.getValue(), compare.getValue());
            case LEASE -> Long.compare(kv.getLease(), compare.getLease());
            case UNRECOGNIZED -> throw new IllegalStateException("compare target was validated");
        };
        return switch (compare.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            case UNRECOGNIZED -> throw new IllegalStateException("compare result was validated");
        };
    }
}
