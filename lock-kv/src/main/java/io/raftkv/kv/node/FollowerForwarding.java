package io.raftkv.kv.node;

import io.raftkv.kv.api.ForwardingKvService;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.NotLeaderException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * What a node serves to clients on its client URL, as etcd does: every request goes to the local
 * server first, and one it refuses because this node does not lead (nothing was proposed, so
 * nothing happened) is forwarded to the leader through the cluster service. A client of etcd's API
 * (etcdctl, jetcd) can therefore use any member. Serializable reads and watches are answered
 * locally, and anything else the local server answers, failure included, goes back unchanged.
 */
final class FollowerForwarding extends ForwardingKvService {
    private final KvService local;
    private final KvService cluster;

    FollowerForwarding(KvService local, KvService cluster) {
        this.local = local;
        this.cluster = cluster;
    }

    @Override
    protected <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call) {
        return call.apply(local).exceptionallyCompose(error -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            return cause instanceof NotLeaderException ? call.apply(cluster) : CompletableFuture.failedFuture(cause);
        });
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return local.watch(request, sink);
    }
}
