package io.raftkv.kv.grpc;

import com.google.protobuf.MessageLite;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * The sending side of one server stream: messages from any thread, written in order while the
 * client reads, queued (up to {@code queuedBytesMax}) while it does not. A client that falls further
 * behind has its stream ended with RESOURCE_EXHAUSTED rather than the server's memory filled: a
 * watch over a busy range can produce responses faster than a slow client takes them.
 */
final class StreamOutbox<T extends MessageLite> {
    private final ServerCallStreamObserver<T> out;
    private final long queuedBytesMax;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean completing;
    private boolean closed;

    /**
     * Takes over {@code out}'s ready and cancel handlers. (When the client goes away, gRPC also calls
     * the request observer's onError: that is where the stream's owner stops its work.)
     */
    StreamOutbox(ServerCallStreamObserver<T> out, long queuedBytesMax) {
        if (queuedBytesMax <= 0) {
            throw new IllegalArgumentException("queuedBytesMax must be positive, was " + queuedBytesMax);
        }
        this.out = out;
        this.queuedBytesMax = queuedBytesMax;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(() -> {
            synchronized (this) {
                closed = true;
                queue.clear();
                queuedBytes = 0;
            }
        });
    }

    /**
     * Queues {@code message} behind those before it. False if the stream is over, or if the message
     * overflowed the queue and so ended it: the caller stops producing for it.
     */
    synchronized boolean send(T message) {
        if (closed) {
            return false;
        }
        long size = message.getSerializedSize();
        // One message always fits, however large, so that a single large response is not refused.
        if (!queue.isEmpty() && queuedBytes + size > queuedBytesMax) {
            fail(Status.RESOURCE_EXHAUSTED.withDescription("the client reads too slowly: more than " + queuedBytesMax
                    + " bytes of responses are waiting for it").asRuntimeException());
            return false;
        }
        queue.add(message);
        queuedBytes += size;
        drain();
        return true;
    }

    /** Ends the stream normally once everything queued is written. */
    synchronized void complete() {
        completing = true;
        drain();
    }

    /** Ends the stream with {@code status} at once, dropping what is queued. */
    synchronized void fail(StatusRuntimeException status) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        queuedBytes = 0;
        out.onError(status);
    }

    private synchronized void drain() {
        while (!closed && !queue.isEmpty() && out.isReady()) {
            T message = queue.poll();
            queuedBytes -= message.getSerializedSize();
            out.onNext(message);
        }
        if (completing && !closed && queue.isEmpty()) {
            closed = true;
            out.onCompleted();
        }
    }
}
