package io.raftkv.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;

/** Short builders for KV requests in tests, with keys and values as text. */
public final class KvRequests {
    private KvRequests() {
    }

    public static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }

    public static PutRequest.Builder putRequest(String key, String value) {
        return PutRequest.newBuilder().setKey(bytes(key)).setValue(bytes(value));
    }

    public static RangeRequest.Builder rangeRequest(String key, String rangeEnd) {
        return RangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd));
    }

    public static DeleteRangeRequest.Builder deleteRequest(String key, String rangeEnd) {
        return DeleteRangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd));
    }

    public static RequestOp put(String key, String value) {
        return op(putRequest(key, value));
    }

    public static RequestOp range(String key, String rangeEnd) {
        return op(rangeRequest(key, rangeEnd));
    }

    public static RequestOp delete(String key, String rangeEnd) {
        return op(deleteRequest(key, rangeEnd));
    }

    public static RequestOp op(PutRequest.Builder put) {
        return RequestOp.newBuilder().setRequestPut(put).build();
    }

    public static RequestOp op(RangeRequest.Builder range) {
        return RequestOp.newBuilder().setRequestRange(range).build();
    }

    public static RequestOp op(DeleteRangeRequest.Builder delete) {
        return RequestOp.newBuilder().setRequestDeleteRange(delete).build();
    }

    public static RequestOp op(TxnRequest.Builder txn) {
        return RequestOp.newBuilder().setRequestTxn(txn).build();
    }

    public static Compare.Builder compare(String key, Compare.CompareTarget target, Compare.CompareResult result) {
        return Compare.newBuilder().setKey(bytes(key)).setTarget(target).setResult(result);
    }

    /** etcd's "the key does not exist": create_revision == 0. */
    public static Compare.Builder absent(String key) {
        return compare(key, Compare.CompareTarget.CREATE, Compare.CompareResult.EQUAL).setCreateRevision(0);
    }
}
