package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.Cmp;
import io.raftkv.kv.api.Op;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.TxnRequest;

/** The requests of the workload, built one way for every client. */
public final class KvRequests {
    private KvRequests() {}

    public static PutRequest put(ByteString key, ByteString value) {
        return PutRequest.newBuilder().setKey(key).setValue(value).build();
    }

    /** A linearizable get of one key. */
    public static RangeRequest get(ByteString key) {
        return RangeRequest.newBuilder().setKey(key).build();
    }

    public static DeleteRangeRequest delete(ByteString key) {
        return DeleteRangeRequest.newBuilder().setKey(key).build();
    }

    /**
     * The seed's lock transaction: if the key does not exist, create it (attached to
     * {@code leaseId}, 0 for none), else read it (and so learn who holds it). When it succeeds,
     * the key's create revision, the revision in the answer's header, is the fencing token.
     */
    public static TxnRequest createIfAbsent(ByteString key, ByteString value, long leaseId) {
        return TxnRequest.newBuilder()
                .addCompare(Cmp.createRevision(key).eq(0))
                .addSuccess(Op.put(key, value, leaseId))
                .addFailure(Op.get(key))
                .build();
    }
}
