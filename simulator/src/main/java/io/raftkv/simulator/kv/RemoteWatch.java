package io.raftkv.simulator.kv;

import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.node.SimNode;
import java.util.function.LongSupplier;

/**
 * A client's watch on one node, as a stream over the client's link: the request and every response
 * take a latency, responses keep their order, and the stream breaks (the client's sink hears
 * "canceled", without a compact revision) if the node is down when the request arrives or later
 * crashes. A paused node keeps the stream; its responses come when it resumes.
 */
final class RemoteWatch {
    /** How often the client notices a broken stream, as a connection's keep-alive would. */
    private static final long PROBE_MICROS = 200_000;

    private final EventLoop loop;
    private final SimNode node;
    private final long clientId;
    private final LongSupplier latencyMicros;
    private final long connectTimeoutMicros;
    private WatchSink sink;
    private WatchHandle server;
    private int incarnation;
    private boolean closed;
    /** Responses are delivered no earlier than the one before: a stream keeps its order. */
    private long lastDeliveryMicros;

    RemoteWatch(EventLoop loop, SimNode node, long clientId, LongSupplier latencyMicros, long connectTimeoutMicros) {
        this.loop = loop;
        this.node = node;
        this.clientId = clientId;
        this.latencyMicros = latencyMicros;
        this.connectTimeoutMicros = connectTimeoutMicros;
    }

    WatchHandle open(WatchCreateRequest request, WatchSink responses) {
        this.sink = responses;
        loop.after(latencyMicros.getAsLong(), EventKind.CLIENT_REQUEST, node.id(), clientId, () -> connect(request));
        return new WatchHandle() {
            @Override
            public void requestProgress() {
                toServer(() -> server.requestProgress());
            }

            @Override
            public void cancel() {
                if (!closed) {
                    closed = true;
                    toServer(() -> server.cancel());
                }
            }
        };
    }

    private void toServer(Runnable call) {
        if (server == null) {
            return;
        }
        loop.after(latencyMicros.getAsLong(), EventKind.CLIENT_REQUEST, node.id(), clientId, () -> {
            if (connected()) {
                call.run();
            }
        });
    }

    private void connect(WatchCreateRequest request) {
        if (closed) {
            return;
        }
        if (!node.isUp() || node.kv() == null) {
            loop.after(connectTimeoutMicros, EventKind.CLIENT_TIMEOUT, 0, clientId, this::broken);
            return;
        }
        incarnation = node.incarnation();
        server = node.kv().service().watch(request, response -> {
            if (connected()) {
                lastDeliveryMicros = Math.max(lastDeliveryMicros, loop.nowMicros() + latencyMicros.getAsLong());
                loop.at(lastDeliveryMicros, EventKind.CLIENT_RESPONSE, 0, clientId, () -> forward(response));
            }
        });
        probe();
    }

    private boolean connected() {
        return node.isUp() && node.incarnation() == incarnation;
    }

    private void probe() {
        loop.after(PROBE_MICROS, EventKind.CLIENT_NEXT, 0, clientId, () -> {
            if (closed) {
                return;
            }
            if (connected()) {
                probe();
            } else {
                broken();
            }
        });
    }

    private void broken() {
        if (closed) {
            return;
        }
        closed = true;
        sink.onResponse(WatchResponse.newBuilder().setCanceled(true)
                .setCancelReason("client " + clientId + ": the watch stream to node " + node.id() + " broke").build());
    }

    private void forward(WatchResponse response) {
        if (closed) {
            return;
        }
        if (response.getCanceled()) {
            closed = true;
        }
        sink.onResponse(response);
    }
}
