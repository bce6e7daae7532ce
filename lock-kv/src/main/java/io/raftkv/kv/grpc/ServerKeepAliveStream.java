package io.raftkv.kv.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;

/**
 * One LeaseKeepAlive stream on the server: each request renews once and gets one response (TTL 0
 * if the lease is gone). A failure (say, this member does not lead) ends the stream with its status,
 * as etcd does. At most {@code inFlightMax} renewals are pending at once; a client that sends more
 * without waiting has its stream ended.
 */
final class ServerKeepAliveStream implements StreamObserver<LeaseKeepAliveRequest> {
    private final KvService service;
    private final StreamOutbox<LeaseKeepAliveResponse> outbox;
    private final int inFlightMax;
    private int inFlight;
    private boolean halfClosed;

    ServerKeepAliveStream(KvService service, ServerCallStreamObserver<LeaseKeepAliveResponse> out, int inFlightMax,
                          long queuedBytesMax) {
        this.service = service;
        this.inFlightMax = inFlightMax;
        this.outbox = new StreamOutbox<>(out, queuedBytesMax);
    }

    @Override
    public void onNext(LeaseKeepAliveRequest request) {
        synchronized (this) {
            if (++inFlight > inFlightMax) {
                outbox.fail(Status.RESOURCE_EXHAUSTED.withDescription("more than " + inFlightMax
                        + " keep-alives in flight on one stream").asRuntimeException());
                return;
            }
        }
        KvGrpcService.invoke(() -> service.leaseKeepAlive(request)).whenComplete((response, failure) -> {
            if (failure != null) {
                outbox.fail(EtcdStatus.toStatus(failure));
            } else {
                outbox.send(response);
            }
            answered();
        });
    }

    /** The client sends no more: the stream ends once every renewal it sent is answered. */
    @Override
    public void onCompleted() {
        synchronized (this) {
            halfClosed = true;
        }
        completeIfDone();
    }

    @Override
    public void onError(Throwable failure) {
        // The call is over; answers still in flight find the outbox closed.
    }

    private void answered() {
        synchronized (this) {
            inFlight--;
        }
        completeIfDone();
    }

    private void completeIfDone() {
        boolean done;
        synchronized (this) {
            done = halfClosed && inFlight == 0;
        }
        if (done) {
            outbox.complete();
        }
    }
}
