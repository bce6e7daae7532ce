package io.raftkv.kv.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox writes in order while the client reads, queues while it does not, and gives up on a client too far behind. */
class StreamOutboxTest {
    /** A server stream whose readiness the test sets, recording what was written. */
    private static final class FakeStream extends ServerCallStreamObserver<LeaseKeepAliveResponse> {
        final List<Long> written = new ArrayList<>();
        boolean ready;
        boolean completed;
        Throwable error;
        Runnable onReady;
        Runnable onCancel;

        void becomeReady() {
            ready = true;
            onReady.run();
        }

        @Override
        public boolean isReady() {
            return ready;
        }

        @Override
        public void setOnReadyHandler(Runnable handler) {
            onReady = handler;
        }

        @Override
        public void setOnCancelHandler(Runnable handler) {
            onCancel = handler;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public void setCompression(String compression) {
        }

        @Override
        public void disableAutoInboundFlowControl() {
        }

        @Override
        public void request(int count) {
        }

        @Override
        public void setMessageCompression(boolean enable) {
        }

        @Override
        public void onNext(LeaseKeepAliveResponse value) {
            written.add(value.getID());
        }

        @Override
        public void onError(Throwable failure) {
            error = failure;
        }

        @Override
        public void onCompleted() {
            completed = true;
        }
    }

    private static LeaseKeepAliveResponse message(long id) {
        return LeaseKeepAliveResponse.newBuilder().setID(id).setTTL(10).build();
    }

    @Test
    void messagesWaitWhileTheClientDoesNotReadAndGoOutInOrderWhenItDoes() {
        FakeStream stream = new FakeStream();
        StreamOutbox<LeaseKeepAliveResponse> outbox = new StreamOutbox<>(stream, 1_000);
        assertTrue(outbox.send(message(1)));
        assertTrue(outbox.send(message(2)));
        outbox.complete();
        assertEquals(List.of(), stream.written);
        assertFalse(stream.completed, "not complete while messages wait");
        stream.becomeReady();
        assertEquals(List.of(1L, 2L), stream.written);
        assertTrue(stream.completed);
        assertFalse(outbox.send(message(3)), "nothing goes out after the end");
    }

    @Test
    void aClientTooFarBehindHasItsStreamEndedWithResourceExhausted() {
        FakeStream stream = new FakeStream();
        long size = message(1).getSerializedSize();
        StreamOutbox<LeaseKeepAliveResponse> outbox = new StreamOutbox<>(stream, 3 * size);
        for (long id = 1; id <= 3; id++) {
            assertTrue(outbox.send(message(id)), "within the bound");
        }
        assertNull(stream.error);
        assertFalse(outbox.send(message(4)), "over the bound");
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, Status.fromThrowable(stream.error).getCode());
        stream.becomeReady();
        assertEquals(List.of(), stream.written, "what was queued is dropped");
    }

    @Test
    void oneMessageLargerThanTheBoundStillGoesThrough() {
        FakeStream stream = new FakeStream();
        StreamOutbox<LeaseKeepAliveResponse> outbox = new StreamOutbox<>(stream, 1);
        assertTrue(outbox.send(message(1)));
        stream.becomeReady();
        assertEquals(List.of(1L), stream.written);
        assertNull(stream.error);
    }

    @Test
    void aCancelledStreamTakesNothingMore() {
        FakeStream stream = new FakeStream();
        StreamOutbox<LeaseKeepAliveResponse> outbox = new StreamOutbox<>(stream, 1_000);
        outbox.send(message(1));
        stream.onCancel.run();
        stream.becomeReady();
        assertFalse(outbox.send(message(2)));
        assertEquals(List.of(), stream.written);
    }
}
