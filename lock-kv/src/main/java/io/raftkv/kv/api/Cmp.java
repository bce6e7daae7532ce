package io.raftkv.kv.api;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.Compare.CompareResult;
import io.raftkv.kv.proto.Compare.CompareTarget;

/**
 * Transaction compares that read like etcd's: {@code Cmp.createRevision(key).eq(0)} (the key is
 * absent), {@code Cmp.value(key).eq(v)}, {@code Cmp.modRevision(key).lt(rev)}... An absent key
 * compares as zeros, except that a value compare on it fails.
 */
public final class Cmp {
    private final ByteString key;
    private final CompareTarget target;

    private Cmp(ByteString key, CompareTarget target) {
        this.key = key;
        this.target = target;
    }

    public static Cmp version(ByteString key) {
        return new Cmp(key, CompareTarget.VERSION);
    }

    public static Cmp createRevision(ByteString key) {
        return new Cmp(key, CompareTarget.CREATE);
    }

    public static Cmp modRevision(ByteString key) {
        return new Cmp(key, CompareTarget.MOD);
    }

    public static Cmp lease(ByteString key) {
        return new Cmp(key, CompareTarget.LEASE);
    }

    public static ValueCmp value(ByteString key) {
        return new ValueCmp(key);
    }

    public Compare eq(long operand) {
        return number(CompareResult.EQUAL, operand);
    }

    public Compare ne(long operand) {
        return number(CompareResult.NOT_EQUAL, operand);
    }

    public Compare gt(long operand) {
        return number(CompareResult.GREATER, operand);
    }

    public Compare lt(long operand) {
        return number(CompareResult.LESS, operand);
    }

    private Compare number(CompareResult result, long operand) {
        Compare.Builder compare = Compare.newBuilder().setKey(key).setTarget(target).setResult(result);
        switch (target) {
            case VERSION -> compare.setVersion(operand);
            case CREATE -> compare.setCreateRevision(operand);
            case MOD -> compare.setModRevision(operand);
            case LEASE -> compare.setLease(operand);
            default -> throw new IllegalStateException("not a numeric target: " + target);
        }
        return compare.build();
    }

    /** A compare on the value, which takes bytes. */
    public static final class ValueCmp {
        private final ByteString key;

        private ValueCmp(ByteString key) {
            this.key = key;
        }

        public Compare eq(ByteString value) {
            return of(CompareResult.EQUAL, value);
        }

        public Compare ne(ByteString value) {
            return of(CompareResult.NOT_EQUAL, value);
        }

        public Compare gt(ByteString value) {
            return of(CompareResult.GREATER, value);
        }

        public Compare lt(ByteString value) {
            return of(CompareResult.LESS, value);
        }

        private Compare of(CompareResult result, ByteString value) {
            return Compare.newBuilder().setKey(key).setTarget(CompareTarget.VALUE).setResult(result).setValue(value).build();
        }
    }
}
