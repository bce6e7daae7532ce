package io.raftkv.simulator.planted;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.simulator.kv.ForwardingKvService;
import io.raftkv.simulator.kv.KvNodeContext;
import io.raftkv.simulator.kv.KvNodeWrapper;
import java.util.concurrent.CompletableFuture;

/**
 * PLANTED BUG: a follower answers a linearizable range from its own replica, without a ReadIndex
 * round (as if a "read from any member" shortcut had lost its serializable flag). A follower's
 * replica lags the leader's, and a cut-off one lags without bound.
 */
final class FollowerReadService extends ForwardingKvService {
    static final KvNodeWrapper WRAPPER = new KvNodeWrapper() {
        @Override
        public KvService service(KvNodeContext node, KvService service) {
            return new FollowerReadService(node, service);
        }
    };

    private final KvNodeContext node;

    private FollowerReadService(KvNodeContext node, KvService delegate) {
        super(delegate);
        this.node = node;
    }

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        if (node.leads()) {
            return delegate.range(request);
        }
        CompletableFuture<RangeResponse> local = new CompletableFuture<>();
        node.scheduler().execute(() -> local.complete(node.machine().store().range(request)));
        return local;
    }
}
