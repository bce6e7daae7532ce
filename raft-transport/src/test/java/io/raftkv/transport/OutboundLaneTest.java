package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sending side: queue bounds, what send refuses, lanes, keepalives and reconnects. */
class OutboundLaneTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aPeerThatIsDownGetsAtMostTheQueueBoundAndTheRestIsDropped() {
        try (Loopback net = Loopback.start(2, b -> b.maxQueuedMessages(10))) {
            net.stop(2);
            List<Message> sent = NettyTransportTest.sendHeartbeats(net, 1, 2, 1, 100);
            PeerLane lane = net.get(1).lane(2, Lane.RAFT);
            assertEquals(10, lane.queuedMessages());
            assertEquals(90, net.get(1).stats().messagesDropped());

            net.restart(2);
            assertEquals(sent.subList(0, 10), net.inbox(2).take(10, WAIT), "the first ten waited, in order");
            Await.until("the queue empties", WAIT, () -> lane.queuedMessages() == 0);
            assertEquals(0, lane.queuedBytes());
        }
    }

    @Test
    void theByteBoundHoldsToo() {
        int maxQueuedBytes = 4096;
        try (Loopback net = Loopback.start(2, b -> b.maxFrameBytes(1024).maxQueuedBytes(maxQueuedBytes))) {
            net.stop(2);
            PeerLane lane = net.get(1).lane(2, Lane.RAFT);
            int accepted = 0;
            for (long seq = 1; seq <= 20; seq++) {
                long droppedBefore = net.get(1).stats().messagesDropped();
                net.get(1).send(append(1, 2, seq, 900));
                accepted += net.get(1).stats().messagesDropped() == droppedBefore ? 1 : 0;
                assertTrue(lane.queuedBytes() <= maxQueuedBytes, () -> lane.queuedBytes() + " bytes queued");
            }
            assertEquals(4, accepted, "four frames of about 950 bytes fit in 4096");
            assertEquals(4, lane.queuedMessages());
        }
    }

    @Test
    void aPeerThatStopsReadingNeverMakesTheSenderBufferBeyondTheBound() throws IOException {
        long maxQueuedBytes = 2L << 20;
        try (ServerSocket deaf = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TransportConfig config = Loopback.testDefaults(TransportConfig.builder(Loopback.CLUSTER, 1,
                            new InetSocketAddress("127.0.0.1", 0),
                            Map.of(2L, new InetSocketAddress("127.0.0.1", deaf.getLocalPort()))))
                    .maxFrameBytes(1 << 20).maxQueuedBytes(maxQueuedBytes).build();
            deaf.setSoTimeout((int) WAIT.toMillis());
            try (NettyTransport sender = NettyTransport.start(config)) {
                PeerLane lane = sender.lane(2, Lane.RAFT);
                sender.send(append(1, 2, 1, 64 << 10));
                try (Socket accepted = deaf.accept()) {
                    assertEquals(FrameCodec.hello(Loopback.CLUSTER, 1, 2), RawPeer.readFrame(accepted),
                            "a connection starts with the handshake");
                    long maxSeen = 0;
                    // Up to 64 MiB: far more than the socket buffers of both ends hold.
                    for (long seq = 2; seq <= 1024 && sender.stats().messagesDropped() == 0; seq++) {
                        sender.send(append(1, 2, seq, 64 << 10));
                        maxSeen = Math.max(maxSeen, lane.queuedBytes());
                    }
                    assertTrue(sender.stats().messagesDropped() > 0, "the bound was reached and messages dropped");
                    assertTrue(maxSeen <= maxQueuedBytes, maxSeen + " bytes pending, over the bound");
                    assertTrue(maxSeen > maxQueuedBytes / 2, "the queue filled up to near the bound: " + maxSeen);
                }
            }
        }
    }

    @Test
    void aMessageLargerThanAFrameIsDroppedAtTheSenderAndTheConnectionCarriesOn() {
        try (Loopback net = Loopback.start(2, b -> b.maxFrameBytes(1024).maxQueuedBytes(1 << 20))) {
            net.get(1).send(append(1, 2, 1, 2000));
            Message next = Messages.heartbeat(1, 2, 2);
            net.get(1).send(next);
            assertEquals(List.of(next), net.inbox(2).take(1, WAIT));
            assertEquals(1, net.get(1).stats().messagesDropped());
            assertEquals(0, net.get(2).stats().framesRejected());
        }
    }

    @Test
    void sendNeverThrowsAndCountsWhatItCannotSend() {
        try (Loopback net = Loopback.start(2)) {
            net.get(1).send(Messages.heartbeat(1, 9, 1)); // not a peer
            net.get(1).send(new Heartbeat(0, 2, 1, 0, 0)); // our bug: the codec refuses member id 0
            assertEquals(2, net.get(1).stats().messagesDropped());
            assertEquals(1, net.get(1).stats().unexpectedErrors());
            net.get(1).close();
            net.get(1).send(Messages.heartbeat(1, 2, 3));
            assertEquals(3, net.get(1).stats().messagesDropped());
        }
    }

    @Test
    void aHeartbeatSentAfterFiftyLargeChunksArrivesBeforeTheLastChunk() {
        int chunkBytes = 1 << 20;
        try (Loopback net = Loopback.start(2, b -> b.maxFrameBytes(chunkBytes + 4096).maxQueuedBytes(256L << 20))) {
            // Both lanes connected first, so that only their traffic, not connecting, decides the order.
            net.get(1).send(Messages.chunk(1, 2, 1, 0, 16));
            net.get(1).send(Messages.heartbeat(1, 2, 0));
            net.inbox(2).take(2, WAIT);

            List<Message> chunks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                chunks.add(Messages.chunk(1, 2, 2, (long) i * chunkBytes, chunkBytes));
            }
            Heartbeat heartbeat = Messages.heartbeat(1, 2, 1);
            chunks.forEach(net.get(1)::send);
            net.get(1).send(heartbeat);

            List<Message> before = net.inbox(2).takeUntil(heartbeat::equals, WAIT);
            long chunksBefore = before.stream().filter(m -> m instanceof InstallSnapshot).count();
            assertTrue(chunksBefore < 50, "the heartbeat waited for all 50 chunks");
            List<Message> rest = net.inbox(2).take(50 - (int) chunksBefore, WAIT);
            assertTrue(rest.stream().allMatch(m -> m instanceof InstallSnapshot));
        }
    }

    @Test
    void keepalivesHoldAnIdleConnectionOpenPastTheReadDeadline() {
        // A tenfold margin between keepalive and read deadline: on a loaded 2-core machine a JVM can
        // stall for 150 ms, which cut the connection when the margin was five (30 ms vs 150 ms).
        try (Loopback net = Loopback.start(2, b -> b.keepaliveMillis(100).readIdleMillis(1000))) {
            net.get(1).send(Messages.heartbeat(1, 2, 1));
            net.inbox(2).take(1, WAIT);
            long before = net.get(2).keepalivesReceived();
            // 25 keepalives at 100 ms are over two read deadlines of idleness.
            Await.until("member 2 reads 25 keepalives from member 1", WAIT,
                    () -> net.get(2).keepalivesReceived() >= before + 25);
            Await.until("member 1 reads keepalives from member 2's end", WAIT,
                    () -> net.get(1).keepalivesReceived() >= 25);
            net.get(1).send(Messages.heartbeat(1, 2, 2));
            net.inbox(2).take(1, WAIT);
            assertEquals(1, net.get(2).stats().connectionsAccepted(), "one connection all along");
            assertEquals(0, net.get(1).stats().reconnects());
        }
    }

    @Test
    void theSenderCutsAConnectionThatStaysSilentAndReconnects() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            silent.setSoTimeout((int) WAIT.toMillis());
            TransportConfig config = Loopback.testDefaults(TransportConfig.builder(Loopback.CLUSTER, 1,
                            new InetSocketAddress("127.0.0.1", 0),
                            Map.of(2L, new InetSocketAddress("127.0.0.1", silent.getLocalPort()))))
                    .keepaliveMillis(50).readIdleMillis(200).build();
            try (NettyTransport sender = NettyTransport.start(config)) {
                sender.send(Messages.heartbeat(1, 2, 1));
                try (Socket first = silent.accept()) {
                    assertEquals(FrameCodec.hello(Loopback.CLUSTER, 1, 2), RawPeer.readFrame(first));
                    try (Socket second = silent.accept()) {
                        assertEquals(FrameCodec.hello(Loopback.CLUSTER, 1, 2), RawPeer.readFrame(second),
                                "the sender cut the silent connection and called again");
                        assertTrue(sender.stats().reconnects() >= 1);
                    }
                }
            }
        }
    }

    static AppendEntries append(long from, long to, long seq, int dataBytes) {
        return new AppendEntries(from, to, seq, 0, 0,
                List.of(Entry.normal(1, seq, ByteString.copyFrom(new byte[dataBytes]))), 0);
    }
}
