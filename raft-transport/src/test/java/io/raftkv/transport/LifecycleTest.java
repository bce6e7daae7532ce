package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start, I/O kinds, and a close that gives back every thread and the port. */
class LifecycleTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void closeStopsEveryThreadAndFreesThePort() throws IOException {
        InetSocketAddress address;
        try (Loopback net = Loopback.start(2)) {
            net.get(1).send(Messages.heartbeat(1, 2, 1));
            net.get(2).send(Messages.heartbeat(2, 1, 1));
            net.inbox(2).take(1, WAIT);
            net.inbox(1).take(1, WAIT);
            address = net.address(1);
            net.stop(1);
            net.stop(1); // idempotent
            Await.until(() -> "member 1's event loop threads stop: " + threadsOf(1), WAIT, () -> threadsOf(1).isEmpty());
            assertTrue(threadsOf(2).size() > 0, "member 2's are still running");
        }
        Await.until(() -> "member 2's event loop threads stop: " + threadsOf(2), WAIT, () -> threadsOf(2).isEmpty());
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(address);
            assertEquals(address.getPort(), again.getLocalPort());
        }
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNoThreads() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TransportConfig config = TransportConfig.builder(Loopback.CLUSTER, 7,
                    new InetSocketAddress("127.0.0.1", taken.getLocalPort()), Map.of()).build();
            IOException failure = assertThrows(IOException.class, () -> NettyTransport.start(config));
            assertTrue(failure.getMessage().contains("node 7: cannot listen on"), failure.getMessage());
            Await.until("member 7's threads stop", WAIT, () -> threadsOf(7).isEmpty());
        }
    }

    @Test
    void epollIsUsedWhereAvailableAndNioOtherwise() {
        try (Loopback net = Loopback.start(2, b -> b.nativeTransport(true))) {
            assertEquals(Epoll.isAvailable() ? "epoll" : "nio", net.get(1).ioKind());
            exchange(net);
        }
        try (Loopback net = Loopback.start(2, b -> b.nativeTransport(false))) {
            assertEquals("nio", net.get(1).ioKind());
            exchange(net);
        }
    }

    @Test
    void messagesThatArriveBeforeAnInboundConsumerIsSetAreDroppedThenDeliveryStarts() throws IOException {
        try (Loopback net = Loopback.start(2)) {
            TransportConfig config = net.configFor(2).build();
            net.stop(2);
            try (NettyTransport late = NettyTransport.start(config)) {
                net.get(1).send(Messages.heartbeat(1, 2, 1));
                Await.until("the message arrives", WAIT, () -> late.stats().messagesReceived() == 1);
                Inbox inbox = new Inbox();
                late.setInbound(inbox);
                Message next = Messages.heartbeat(1, 2, 2);
                net.get(1).send(next);
                assertEquals(List.of(next), inbox.take(1, WAIT));
            }
        }
    }

    private static void exchange(Loopback net) {
        Message ping = Messages.heartbeat(1, 2, 1);
        Message pong = Messages.heartbeat(2, 1, 1);
        net.get(1).send(ping);
        net.get(2).send(pong);
        assertEquals(List.of(ping), net.inbox(2).take(1, WAIT));
        assertEquals(List.of(pong), net.inbox(1).take(1, WAIT));
    }

    private static List<String> threadsOf(long member) {
        String prefix = "raftkv-transport-" + member + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }
}
