package io.raftkv.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Transports for members 1..n on 127.0.0.1, each on a port of its own choosing: they start with
 * port 0 for every peer, then learn the real ports. A member can be stopped and restarted on the
 * port it had, with a fresh inbox.
 */
final class Loopback implements AutoCloseable {
    static final String CLUSTER = "loopback-test";

    private final UnaryOperator<TransportConfig.Builder> tuning;
    private final Map<Long, InetSocketAddress> addresses = new TreeMap<>();
    private final Map<Long, NettyTransport> transports = new TreeMap<>();
    private final Map<Long, Inbox> inboxes = new TreeMap<>();

    private Loopback(UnaryOperator<TransportConfig.Builder> tuning) {
        this.tuning = tuning;
    }

    static Loopback start(int members) {
        return start(members, b -> b);
    }

    static Loopback start(int members, UnaryOperator<TransportConfig.Builder> tuning) {
        Loopback loopback = new Loopback(tuning);
        for (long id = 1; id <= members; id++) {
            loopback.addresses.put(id, new InetSocketAddress("127.0.0.1", 0));
        }
        for (long id = 1; id <= members; id++) {
            NettyTransport started = loopback.launch(id);
            loopback.addresses.put(id, started.localAddress());
        }
        for (NettyTransport transport : loopback.transports.values()) {
            for (long peer : transport.config().peers().keySet()) {
                transport.updatePeerAddress(peer, loopback.addresses.get(peer));
            }
        }
        return loopback;
    }

    /** Fast reconnects and short deadlines, so that tests about them finish quickly. */
    static TransportConfig.Builder testDefaults(TransportConfig.Builder builder) {
        return builder.backoffMillis(5, 100).keepaliveMillis(500).readIdleMillis(5_000).handshakeTimeoutMillis(5_000)
                .ioThreads(2);
    }

    TransportConfig.Builder configFor(long id) {
        Map<Long, InetSocketAddress> peers = new TreeMap<>(addresses);
        peers.remove(id);
        return tuning.apply(testDefaults(TransportConfig.builder(CLUSTER, id, addresses.get(id), peers)));
    }

    private NettyTransport launch(long id) {
        Inbox inbox = new Inbox();
        try {
            NettyTransport transport = NettyTransport.start(configFor(id).build(), inbox);
            transports.put(id, transport);
            inboxes.put(id, inbox);
            return transport;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    NettyTransport get(long id) {
        return transports.get(id);
    }

    Inbox inbox(long id) {
        return inboxes.get(id);
    }

    InetSocketAddress address(long id) {
        return addresses.get(id);
    }

    void stop(long id) {
        transports.get(id).close();
    }

    /** Starts member {@code id} again on its old port, with a new inbox. */
    NettyTransport restart(long id) {
        return launch(id);
    }

    @Override
    public void close() {
        transports.values().forEach(NettyTransport::close);
    }
}
