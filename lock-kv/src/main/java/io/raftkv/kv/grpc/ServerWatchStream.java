package io.raftkv.kv.grpc;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchRequest;
import io.raftkv.kv.proto.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One Watch stream on the server: many watches, each under an id of this stream (as in etcd, ids
 * are per stream: the client's, or the lowest free one from 0), mapped onto the service's watches.
 * Every response goes out with its stream id. When the stream ends, for whatever reason, its
 * watches are cancelled.
 */
final class ServerWatchStream implements StreamObserver<WatchRequest> {
    /** etcd's reason for a create that names an id already in use on the stream. */
    static final String DUPLICATE_ID = "mvcc: duplicate watch ID provided on the WatchStream";
    /** etcd's watch_id for a response that belongs to no watch. */
    static final long NO_WATCH = -1;

    private final KvService service;
    private final StreamOutbox<WatchResponse> outbox;
    private final TreeMap<Long, StreamWatch> watches = new TreeMap<>();
    private long nextId;
    private boolean ended;

    /** One watch of the stream; its handle is set (under the stream's lock) once the service has taken it. */
    private static final class StreamWatch {
        final long id;
        WatchHandle handle;

        StreamWatch(long id) {
            this.id = id;
        }
    }

    ServerWatchStream(KvService service, ServerCallStreamObserver<WatchResponse> out, long queuedBytesMax) {
        this.service = service;
        this.outbox = new StreamOutbox<>(out, queuedBytesMax);
    }

    @Override
    public void onNext(WatchRequest request) {
        switch (request.getRequestUnionCase()) {
            case CREATE_REQUEST -> create(request.getCreateRequest());
            case CANCEL_REQUEST -> cancel(request.getCancelRequest().getWatchId());
            case PROGRESS_REQUEST -> requestProgress();
            case REQUESTUNION_NOT_SET -> {
                // etcd ignores an empty request; so do we.
            }
        }
    }

    /** The client is done sending: as in etcd, that ends the stream and its watches. */
    @Override
    public void onCompleted() {
        endWatches();
        outbox.complete();
    }

    /** The client went away (gRPC reports a cancelled call here too) or the call failed. */
    @Override
    public void onError(Throwable failure) {
        endWatches();
    }

    private void create(WatchCreateRequest request) {
        StreamWatch watch;
        synchronized (this) {
            if (ended) {
                return;
            }
            long id = request.getWatchId() != 0 ? request.getWatchId() : nextFreeId();
            if (id < 0 || watches.containsKey(id)) {
                outbox.send(WatchResponse.newBuilder().setWatchId(NO_WATCH).setCreated(true).setCanceled(true)
                        .setCancelReason(DUPLICATE_ID).build());
                return;
            }
            watch = new StreamWatch(id);
            watches.put(id, watch);
        }
        // The service's own id is its business: it picks one, and ours replaces it on the way out.
        WatchHandle handle = service.watch(request.toBuilder().setWatchId(0).build(), response -> forward(watch, response));
        boolean orphaned;
        synchronized (this) {
            watch.handle = handle;
            orphaned = ended;
        }
        if (orphaned) {
            handle.cancel();
        }
    }

    private void forward(StreamWatch watch, WatchResponse response) {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (response.getCanceled()) {
                watches.remove(watch.id, watch);
            }
            if (!outbox.send(response.toBuilder().setWatchId(watch.id).build())) {
                endWatches();
            }
        }
    }

    /** Cancels one watch; its "canceled" comes back through {@link #forward}. An unknown id is ignored, as etcd does. */
    private void cancel(long id) {
        WatchHandle handle;
        synchronized (this) {
            StreamWatch watch = watches.get(id);
            handle = watch != null ? watch.handle : null;
        }
        if (handle != null) {
            handle.cancel();
        }
    }

    /** etcd's progress request is for the whole stream: every watch on it reports. */
    private void requestProgress() {
        for (WatchHandle handle : handles(false)) {
            handle.requestProgress();
        }
    }

    private void endWatches() {
        for (WatchHandle handle : handles(true)) {
            handle.cancel();
        }
    }

    private synchronized List<WatchHandle> handles(boolean end) {
        List<WatchHandle> handles = new ArrayList<>();
        for (StreamWatch watch : watches.values()) {
            if (watch.handle != null) {
                handles.add(watch.handle);
            }
        }
        if (end) {
            ended = true;
            watches.clear();
        }
        return handles;
    }

    private long nextFreeId() {
        while (watches.containsKey(nextId)) {
            nextId++;
        }
        return nextId++;
    }
}
