package io.raftkv.kv.api;

import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/**
 * A transaction that reads like etcd's: {@code kv.txn().when(compares).then(ops).otherwise(ops).commit()}.
 * Each part may be given once, in that order; the request is checked against the limits when committed.
 */
public final class Txn {
    private final KvService service;
    private final TxnRequest.Builder request = TxnRequest.newBuilder();
    private int stage;

    Txn(KvService service) {
        this.service = service;
    }

    public Txn when(Compare... compares) {
        advanceTo(1, "when");
        request.addAllCompare(Arrays.asList(compares));
        return this;
    }

    public Txn then(RequestOp... ops) {
        advanceTo(2, "then");
        request.addAllSuccess(Arrays.asList(ops));
        return this;
    }

    public Txn otherwise(RequestOp... ops) {
        advanceTo(3, "otherwise");
        request.addAllFailure(Arrays.asList(ops));
        return this;
    }

    public TxnRequest request() {
        return request.build();
    }

    public CompletableFuture<TxnResponse> commit() {
        return service.txn(request.build());
    }

    private void advanceTo(int next, String part) {
        if (next <= stage) {
            throw new IllegalStateException("txn part '" + part + "' given twice or out of order (when, then, otherwise)");
        }
        stage = next;
    }
}
