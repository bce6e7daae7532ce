package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the acceptor refuses (handshake) and rejects (frames): each closes that one connection,
 * is counted, and leaves the member serving its real peers.
 */
class InboundRefusalTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aWrongClusterIdIsRefused() throws IOException {
        assertRefused(RawPeer.hello("another-cluster", 1, 2));
    }

    @Test
    void anUnknownSenderIsRefused() throws IOException {
        assertRefused(RawPeer.hello(Loopback.CLUSTER, 99, 2));
    }

    @Test
    void aHandshakeAddressedToAnotherMemberIsRefused() throws IOException {
        assertRefused(RawPeer.hello(Loopback.CLUSTER, 1, 3));
    }

    @Test
    void anotherProtocolVersionIsRefused() throws IOException {
        assertRefused(RawPeer.bytes(FrameCodec.hello(Loopback.CLUSTER, 1, 2).toBuilder()
                .setHello(FrameCodec.hello(Loopback.CLUSTER, 1, 2).getHello().toBuilder().setProtocolVersion(2))
                .build()));
    }

    @Test
    void aMessageBeforeTheHandshakeIsRefused() throws IOException {
        assertRefused(RawPeer.message(Messages.heartbeat(1, 2, 7)));
    }

    @Test
    void aKeepaliveBeforeTheHandshakeIsRefused() throws IOException {
        assertRefused(RawPeer.bytes(FrameCodec.keepalive()));
    }

    @Test
    void aConnectionWithoutAHandshakeIsClosedAtTheDeadline() throws IOException {
        try (Loopback net = Loopback.start(3, b -> b.handshakeTimeoutMillis(200));
             RawPeer raw = new RawPeer(net.address(2))) {
            assertTrue(raw.closedByTransportWithin(WAIT));
            assertEquals(1, net.get(2).stats().connectionsRefused());
            assertStillServing(net);
        }
    }

    @Test
    void aMessageAddressedToAnotherMemberIsRejected() throws IOException {
        assertRejectedAfterHandshake(RawPeer.message(Messages.heartbeat(1, 3, 7)));
    }

    @Test
    void aMessageFromAnotherSenderThanTheHandshakeSaidIsRejected() throws IOException {
        assertRejectedAfterHandshake(RawPeer.message(Messages.heartbeat(3, 2, 7)));
    }

    @Test
    void aSecondHandshakeIsRejected() throws IOException {
        assertRejectedAfterHandshake(RawPeer.hello(Loopback.CLUSTER, 1, 2));
    }

    @Test
    void anOversizedLengthPrefixClosesTheConnectionWithoutWaitingForTheBody() throws IOException {
        // Nothing follows the length: the transport can only close if it judged the length alone.
        int justTooLong = TransportConfig.DEFAULT_MAX_FRAME_BYTES + 1;
        assertRejectedAfterHandshake(RawPeer.lengthPrefix(justTooLong));
        assertRejectedAfterHandshake(RawPeer.lengthPrefix(Integer.MAX_VALUE));
        assertRejectedAfterHandshake(RawPeer.lengthPrefix(-1)); // 4 GiB - 1 unsigned
    }

    @Test
    void anOversizedLengthPrefixBeforeTheHandshakeClosesTheConnection() throws IOException {
        assertRejected(RawPeer.lengthPrefix(Integer.MAX_VALUE));
    }

    @Test
    void garbageBytesCloseTheConnection() throws IOException {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertRejectedAfterHandshake(RawPeer.lengthPrefix(garbage.length), garbage);
        assertRejected(RawPeer.lengthPrefix(garbage.length), garbage);
    }

    @Test
    void anInvalidRaftMessageClosesTheConnection() throws IOException {
        // A frame whose message has no body: it parses as protobuf, but RaftCodec refuses it.
        byte[] noBody = RawPeer.bytes(io.raftkv.transport.proto.Frame.newBuilder()
                .setMessage(io.raftkv.raft.proto.RaftMessageProto.newBuilder().setFrom(1).setTo(2).setTerm(1))
                .build());
        assertRejectedAfterHandshake(noBody);
    }

    @Test
    void anEmptyFrameClosesTheConnection() throws IOException {
        assertRejectedAfterHandshake(RawPeer.lengthPrefix(0));
    }

    @Test
    void aSilentPeerIsCutAtTheReadDeadline() throws IOException {
        try (Loopback net = Loopback.start(3, b -> b.keepaliveMillis(50).readIdleMillis(300));
             RawPeer raw = new RawPeer(net.address(2))) {
            assertTrue(raw.write(RawPeer.hello(Loopback.CLUSTER, 1, 2)));
            assertTrue(raw.closedByTransportWithin(WAIT), "a connection that sends no keepalives is cut");
            assertEquals(1, net.get(2).stats().connectionsAccepted());
            assertEquals(0, net.get(2).stats().framesRejected());
            assertStillServing(net);
        }
    }

    @Test
    void connectionsBeyondTheLimitAreRefused() throws IOException {
        try (Loopback net = Loopback.start(3, b -> b.maxInboundConnections(2))) {
            try (RawPeer first = new RawPeer(net.address(2));
                 RawPeer second = new RawPeer(net.address(2));
                 RawPeer third = new RawPeer(net.address(2))) {
                assertTrue(third.closedByTransportWithin(WAIT));
                assertEquals(1, net.get(2).stats().connectionsRefused());
                assertTrue(first.write(RawPeer.hello(Loopback.CLUSTER, 1, 2)));
                assertTrue(second.write(RawPeer.hello(Loopback.CLUSTER, 3, 2)));
                Await.until("the first two are served", WAIT, () -> net.get(2).stats().connectionsAccepted() == 2);
            }
            assertStillServing(net); // once the raw connections are gone, members 1 and 3 get in
        }
    }

    @Test
    void aTransportOfAnotherClusterIsRefusedWhileTheRealPeersGetThrough() throws IOException {
        try (Loopback net = Loopback.start(3)) {
            Inbox impostorInbox = new Inbox();
            TransportConfig impostorConfig = Loopback.testDefaults(TransportConfig.builder("another-cluster", 1,
                    new InetSocketAddress("127.0.0.1", 0), Map.of(2L, net.address(2)))).build();
            try (NettyTransport impostor = NettyTransport.start(impostorConfig, impostorInbox)) {
                impostor.send(Messages.heartbeat(1, 2, 666));
                Await.until("member 2 refuses the impostor twice (it reconnects)", WAIT,
                        () -> net.get(2).stats().connectionsRefused() >= 2);
                assertStillServing(net);
                assertTrue(impostor.stats().reconnects() >= 1);
            }
            assertEquals(0, net.inbox(2).size(), "nothing of the impostor's was delivered");
            assertEquals(2, net.get(2).stats().connectionsAccepted(), "only members 1 and 3 were accepted");
        }
    }

    /** Member 2 of a fresh 3-member loopback cluster refuses {@code bytes} at the handshake. */
    private static void assertRefused(byte[]... bytes) throws IOException {
        try (Loopback net = Loopback.start(3); RawPeer raw = new RawPeer(net.address(2))) {
            raw.write(bytes);
            assertTrue(raw.closedByTransportWithin(WAIT), "the connection is closed");
            assertEquals(1, net.get(2).stats().connectionsRefused(), () -> "stats: " + net.get(2).stats());
            assertEquals(0, net.get(2).stats().connectionsAccepted());
            assertStillServing(net);
        }
    }

    /** Member 2 closes a connection that sends {@code bytes} first, as a bad frame. */
    private static void assertRejected(byte[]... bytes) throws IOException {
        try (Loopback net = Loopback.start(3); RawPeer raw = new RawPeer(net.address(2))) {
            raw.write(bytes);
            assertTrue(raw.closedByTransportWithin(WAIT), "the connection is closed");
            assertEquals(1, net.get(2).stats().framesRejected(), () -> "stats: " + net.get(2).stats());
            assertStillServing(net);
        }
    }

    /** Member 2 accepts a valid handshake from member 1, then closes the connection for {@code bytes}. */
    private static void assertRejectedAfterHandshake(byte[]... bytes) throws IOException {
        try (Loopback net = Loopback.start(3); RawPeer raw = new RawPeer(net.address(2))) {
            raw.write(RawPeer.hello(Loopback.CLUSTER, 1, 2));
            Await.until("member 2 accepts the handshake", WAIT, () -> net.get(2).stats().connectionsAccepted() == 1);
            raw.write(bytes);
            assertTrue(raw.closedByTransportWithin(WAIT), "the connection is closed");
            assertEquals(1, net.get(2).stats().framesRejected(), () -> "stats: " + net.get(2).stats());
            assertEquals(0, net.inbox(2).size(), "nothing was delivered");
            assertStillServing(net);
        }
    }

    /** Members 1 and 3 still reach member 2, and nothing went wrong inside it. */
    private static void assertStillServing(Loopback net) {
        Message fromOne = Messages.heartbeat(1, 2, 1001);
        Message fromThree = Messages.heartbeat(3, 2, 3001);
        net.get(1).send(fromOne);
        net.get(3).send(fromThree);
        assertEquals(Set.of(fromOne, fromThree), Set.copyOf(net.inbox(2).take(2, WAIT)));
        assertEquals(0, net.get(2).stats().unexpectedErrors());
    }
}
