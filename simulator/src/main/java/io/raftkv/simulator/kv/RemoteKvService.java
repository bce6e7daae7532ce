package io.raftkv.simulator.kv;

import io.raftkv.kv.api.ForwardingKvService;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The cluster as a simulated client process reaches it, as a {@link KvService} for code written
 * against the API (the recipes): every call goes over the client's {@link Link}, with its latency,
 * lost requests, NotLeader hints and timeouts (an indeterminate failure).
 */
final class RemoteKvService extends ForwardingKvService {
    /** How a client reaches the cluster. */
    interface Link {
        <T> CompletableFuture<T> request(Function<KvService, CompletableFuture<T>> call);

        WatchHandle watch(WatchCreateRequest request, WatchSink sink);
    }

    private final Link link;

    RemoteKvService(Link link) {
        this.link = link;
    }

    @Override
    protected <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call) {
        return link.request(call);
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return link.watch(request, sink);
    }
}
