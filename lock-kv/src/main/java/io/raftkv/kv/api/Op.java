package io.raftkv.kv.api;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;

/** The operations of a transaction branch, as etcd's clientv3.Op* build them. */
public final class Op {
    private Op() {
    }

    public static RequestOp put(ByteString key, ByteString value) {
        return put(PutRequest.newBuilder().setKey(key).setValue(value).build());
    }

    public static RequestOp put(ByteString key, ByteString value, long leaseId) {
        return put(PutRequest.newBuilder().setKey(key).setValue(value).setLease(leaseId).build());
    }

    public static RequestOp put(PutRequest request) {
        return RequestOp.newBuilder().setRequestPut(request).build();
    }

    public static RequestOp get(ByteString key) {
        return get(RangeRequest.newBuilder().setKey(key).build());
    }

    public static RequestOp getPrefix(ByteString prefix) {
        return get(RangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix)).build());
    }

    public static RequestOp get(RangeRequest request) {
        return RequestOp.newBuilder().setRequestRange(request).build();
    }

    public static RequestOp delete(ByteString key) {
        return delete(DeleteRangeRequest.newBuilder().setKey(key).build());
    }

    public static RequestOp delete(DeleteRangeRequest request) {
        return RequestOp.newBuilder().setRequestDeleteRange(request).build();
    }

    public static RequestOp txn(TxnRequest request) {
        return RequestOp.newBuilder().setRequestTxn(request).build();
    }
}
