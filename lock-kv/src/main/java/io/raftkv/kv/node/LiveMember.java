package io.raftkv.kv.node;

import io.raftkv.kv.api.ForwardingKvService;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One member of a {@link LocalCluster} as a service that outlives the member's restarts: each call
 * goes to the node running now. While the member is stopped a call is refused as certainly not
 * applied (a router then tries another member), and a watch is cancelled at once.
 */
final class LiveMember extends ForwardingKvService {
    private final String name;
    private final Supplier<RaftKvNode> running;

    /** {@code running} gives the member's node, or null while it is stopped. */
    LiveMember(String name, Supplier<RaftKvNode> running) {
        this.name = name;
        this.running = running;
    }

    @Override
    protected <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call) {
        RaftKvNode node = running.get();
        if (node == null) {
            return CompletableFuture.failedFuture(new RequestRejectedException("member " + name + " is stopped"));
        }
        return call.apply(node.service());
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        RaftKvNode node = running.get();
        if (node != null) {
            return node.service().watch(request, sink);
        }
        sink.onResponse(WatchResponse.newBuilder().setCanceled(true)
                .setCancelReason("member " + name + " is stopped").build());
        return new WatchHandle() {
            @Override
            public void requestProgress() {}

            @Override
            public void cancel() {}
        };
    }
}
