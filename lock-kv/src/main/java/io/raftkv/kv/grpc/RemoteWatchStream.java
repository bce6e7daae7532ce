package io.raftkv.kv.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCancelRequest;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchGrpc;
import io.raftkv.kv.proto.WatchProgressRequest;
import io.raftkv.kv.proto.WatchRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.watch.WatchSink;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * One Watch stream from the client to one member, shared by many watches. The server answers
 * creates in the order they were sent, each with "created" and the watch's id, so a new watch is
 * matched to the first create still waiting (as etcd's client does); after that its responses are
 * found by id. When the stream ends, every watch on it gets a "canceled" response saying why
 * (compact_revision 0: it was not compaction), and the next watch opens a new stream.
 */
final class RemoteWatchStream implements ClientResponseObserver<WatchRequest, WatchResponse> {
    private final long memberId;
    private final ArrayDeque<RemoteWatch> awaitingCreated = new ArrayDeque<>();
    private final TreeMap<Long, RemoteWatch> open = new TreeMap<>();
    private ClientCallStreamObserver<WatchRequest> requests;
    private String endedBecause;

    private RemoteWatchStream(long memberId) {
        this.memberId = memberId;
    }

    static RemoteWatchStream open(Channel channel, long memberId) {
        RemoteWatchStream stream = new RemoteWatchStream(memberId);
        ClientCalls.asyncBidiStreamingCall(channel.newCall(WatchGrpc.getWatchMethod(), CallOptions.DEFAULT), stream);
        return stream;
    }

    synchronized boolean ended() {
        return endedBecause != null;
    }

    /** Sends a create; the watch's responses go to {@code sink}. */
    WatchHandle create(WatchCreateRequest request, WatchSink sink) {
        RemoteWatch watch = new RemoteWatch(sink);
        String ended;
        synchronized (this) {
            ended = endedBecause;
            if (ended == null) {
                awaitingCreated.add(watch);
                requests.onNext(WatchRequest.newBuilder().setCreateRequest(request).build());
            }
        }
        if (ended != null) {
            sink.onResponse(canceled(WatchResponse.newBuilder().setCreated(true), ended));
        }
        return watch;
    }

    /** Ends the stream from this side; its watches get "canceled". */
    void close() {
        String reason = "the client closed its watch stream to member " + memberId;
        end(reason);
        requests.cancel(reason, null);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<WatchRequest> requests) {
        this.requests = requests;
    }

    @Override
    public void onNext(WatchResponse response) {
        List<RemoteWatch> targets = new ArrayList<>(1);
        synchronized (this) {
            if (response.getCreated()) {
                RemoteWatch watch = awaitingCreated.poll();
                if (watch == null) {
                    return;
                }
                watch.id = response.getWatchId();
                if (!response.getCanceled()) {
                    open.put(watch.id, watch);
                    if (watch.cancelWanted) {
                        sendCancel(watch.id);
                    }
                }
                targets.add(watch);
            } else if (response.getWatchId() == ServerWatchStream.NO_WATCH) {
                // etcd answers a progress request with one response for the whole stream.
                targets.addAll(open.values());
            } else {
                RemoteWatch watch = response.getCanceled() ? open.remove(response.getWatchId()) : open.get(response.getWatchId());
                if (watch != null) {
                    targets.add(watch);
                }
            }
        }
        // Outside the lock, so that a sink may cancel or watch again; gRPC calls onNext one at a time, in order.
        for (RemoteWatch watch : targets) {
            watch.sink.onResponse(response);
        }
    }

    @Override
    public void onError(Throwable failure) {
        end("the watch stream to member " + memberId + " failed: " + Status.fromThrowable(failure));
    }

    @Override
    public void onCompleted() {
        end("member " + memberId + " ended the watch stream");
    }

    private void end(String reason) {
        List<RemoteWatch> watches = new ArrayList<>();
        synchronized (this) {
            if (endedBecause != null) {
                return;
            }
            endedBecause = reason;
            watches.addAll(awaitingCreated);
            watches.addAll(open.values());
            awaitingCreated.clear();
            open.clear();
        }
        for (RemoteWatch watch : watches) {
            WatchResponse.Builder response = WatchResponse.newBuilder().setWatchId(watch.id);
            watch.sink.onResponse(canceled(watch.id == RemoteWatch.UNKNOWN_ID ? response.setCreated(true) : response, reason));
        }
    }

    private static WatchResponse canceled(WatchResponse.Builder response, String reason) {
        return response.setCanceled(true).setCancelReason(reason).build();
    }

    private void sendCancel(long id) {
        requests.onNext(WatchRequest.newBuilder().setCancelRequest(WatchCancelRequest.newBuilder().setWatchId(id)).build());
    }

    /** One watch on the stream: its id is known once "created" came back. */
    private final class RemoteWatch implements WatchHandle {
        static final long UNKNOWN_ID = Long.MIN_VALUE;
        final WatchSink sink;
        long id = UNKNOWN_ID;
        boolean cancelWanted;

        RemoteWatch(WatchSink sink) {
            this.sink = sink;
        }

        /** Progress is asked of the whole stream (etcd's progress request names no watch): every watch on it reports. */
        @Override
        public void requestProgress() {
            synchronized (RemoteWatchStream.this) {
                if (endedBecause == null) {
                    requests.onNext(WatchRequest.newBuilder().setProgressRequest(WatchProgressRequest.getDefaultInstance())
                            .build());
                }
            }
        }

        /** Sends the cancel now, or as soon as the id is known; the sink then receives "canceled". */
        @Override
        public void cancel() {
            synchronized (RemoteWatchStream.this) {
                if (endedBecause != null || cancelWanted) {
                    return;
                }
                cancelWanted = true;
                if (id != UNKNOWN_ID && open.containsKey(id)) {
                    sendCancel(id);
                }
            }
        }
    }
}
