package io.raftkv.simulator.kv;

import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A KV service that passes every call to another; wrappers override what they watch or change. */
public abstract class ForwardingKvService extends io.raftkv.kv.api.ForwardingKvService {
    protected final KvService delegate;

    protected ForwardingKvService(KvService delegate) {
        this.delegate = delegate;
    }

    @Override
    protected <T> CompletableFuture<T> forward(Function<KvService, CompletableFuture<T>> call) {
        return call.apply(delegate);
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        return delegate.watch(request, sink);
    }
}
