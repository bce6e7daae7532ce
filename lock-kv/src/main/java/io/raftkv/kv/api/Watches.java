package io.raftkv.kv.api;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;

/** The watch handle: a key or a range, from a start revision (0: from the next write). */
public final class Watches {
    private final KvService service;

    public Watches(KvService service) {
        this.service = service;
    }

    public WatchHandle watch(ByteString key, long startRevision, WatchSink sink) {
        return watch(WatchCreateRequest.newBuilder().setKey(key).setStartRevision(startRevision).build(), sink);
    }

    public WatchHandle watchPrefix(ByteString prefix, long startRevision, WatchSink sink) {
        return watch(WatchCreateRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix))
                .setStartRevision(startRevision).build(), sink);
    }

    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return service.watch(request, sink);
    }
}
