package io.raftkv.kv.api;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.CompactionResponse;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The key-value handle: get, put, delete, txn, compact. Reads are linearizable unless asked otherwise. */
public final class Kv {
    private final KvService service;

    public Kv(KvService service) {
        this.service = service;
    }

    /** The key's current key-value, if it exists. */
    public CompletableFuture<Optional<KeyValue>> get(ByteString key) {
        return range(RangeRequest.newBuilder().setKey(key).build())
                .thenApply(response -> response.getKvsCount() == 0 ? Optional.empty() : Optional.of(response.getKvs(0)));
    }

    public CompletableFuture<Optional<KeyValue>> get(String key) {
        return get(Bytes.of(key));
    }

    public CompletableFuture<RangeResponse> getPrefix(ByteString prefix) {
        return range(RangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix)).build());
    }

    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return service.range(request);
    }

    public CompletableFuture<PutResponse> put(ByteString key, ByteString value) {
        return put(PutRequest.newBuilder().setKey(key).setValue(value).build());
    }

    public CompletableFuture<PutResponse> put(String key, String value) {
        return put(Bytes.of(key), Bytes.of(value));
    }

    public CompletableFuture<PutResponse> put(ByteString key, ByteString value, long leaseId) {
        return put(PutRequest.newBuilder().setKey(key).setValue(value).setLease(leaseId).build());
    }

    public CompletableFuture<PutResponse> put(PutRequest request) {
        return service.put(request);
    }

    public CompletableFuture<DeleteRangeResponse> delete(ByteString key) {
        return delete(DeleteRangeRequest.newBuilder().setKey(key).build());
    }

    public CompletableFuture<DeleteRangeResponse> deletePrefix(ByteString prefix) {
        return delete(DeleteRangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix)).build());
    }

    public CompletableFuture<DeleteRangeResponse> delete(DeleteRangeRequest request) {
        return service.deleteRange(request);
    }

    public Txn txn() {
        return new Txn(service);
    }

    public CompletableFuture<CompactionResponse> compact(long revision) {
        return service.compact(CompactionRequest.newBuilder().setRevision(revision).build());
    }
}
