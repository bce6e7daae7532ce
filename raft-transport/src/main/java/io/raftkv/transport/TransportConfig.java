package io.raftkv.transport;

import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One member's immutable transport configuration. Validated when built: a bad field fails with
 * {@link IllegalArgumentException} naming the field and the rule it broke.
 *
 * <p>Every limit applies per peer and per lane: each peer has one connection for Raft messages and
 * one for snapshot chunks, and each has its own outbound queue.
 *
 * @param clusterId              names the cluster; a connection whose handshake names another is refused
 * @param selfId                 this member's id (positive)
 * @param listenAddress          where to accept peers' connections; port 0 picks a free port
 *                               ({@link NettyTransport#localAddress()} tells which)
 * @param peers                  every other member's id and address, kept sorted by id; a port of 0
 *                               means not known yet ({@link NettyTransport#updatePeerAddress})
 * @param maxFrameBytes          largest frame accepted or sent, not counting its 4-byte length
 *                               prefix; a larger length closes the connection before its body is read
 * @param maxQueuedMessages      messages to one peer on one lane, queued or written and not yet
 *                               handed to the socket; one more is dropped (and counted)
 * @param maxQueuedBytes         the same in frame bytes; at least one largest frame
 * @param backoffMinMillis       first reconnect delay (before jitter)
 * @param backoffMaxMillis       cap of the reconnect delay, which doubles per failed attempt
 * @param connectTimeoutMillis   a TCP connect that takes longer fails (and is retried)
 * @param handshakeTimeoutMillis an accepted connection that has not sent a valid handshake by then is closed
 * @param readIdleMillis         a connection that carried no frame for this long is closed (dead or half-open)
 * @param keepaliveMillis        a side that wrote nothing for this long sends a keepalive frame; at
 *                               most half of readIdleMillis, so one late keepalive does not cut a
 *                               healthy connection. Both ends keep alive and both keep a read
 *                               deadline, so these two should be the same on every member
 * @param maxInboundConnections  accepted connections open at once; one more is refused
 * @param ioThreads              event loop threads (accepting, reading, writing)
 * @param nativeTransport        use Linux epoll when it is available (NIO otherwise, or when false)
 * @param randomSeed             seeds the reconnect jitter
 */
public record TransportConfig(
        String clusterId,
        long selfId,
        InetSocketAddress listenAddress,
        Map<Long, InetSocketAddress> peers,
        int maxFrameBytes,
        int maxQueuedMessages,
        long maxQueuedBytes,
        long backoffMinMillis,
        long backoffMaxMillis,
        int connectTimeoutMillis,
        long handshakeTimeoutMillis,
        long readIdleMillis,
        long keepaliveMillis,
        int maxInboundConnections,
        int ioThreads,
        boolean nativeTransport,
        long randomSeed) {

    /** Room for a 16 MiB snapshot chunk or append batch, plus the envelope around it. */
    public static final int DEFAULT_MAX_FRAME_BYTES = (16 << 20) + (64 << 10);

    public TransportConfig {
        require(clusterId != null && !clusterId.isEmpty(), "clusterId must not be empty");
        require(selfId > 0, "selfId must be positive, was " + selfId);
        require(listenAddress != null, "listenAddress must be given");
        require(peers != null, "peers must be given (empty for a single member)");
        peers = copyPeers(selfId, peers);
        require(maxFrameBytes >= 1024, "maxFrameBytes must be at least 1024, was " + maxFrameBytes);
        require(maxFrameBytes <= Integer.MAX_VALUE - FrameCodec.LENGTH_PREFIX_BYTES,
                "maxFrameBytes must leave room for the 4-byte length prefix, was " + maxFrameBytes);
        require(maxQueuedMessages >= 1, "maxQueuedMessages must be at least 1, was " + maxQueuedMessages);
        require(maxQueuedBytes >= (long) maxFrameBytes + FrameCodec.LENGTH_PREFIX_BYTES,
                "maxQueuedBytes must hold at least one largest frame (" + maxFrameBytes + " + 4 bytes), was "
                        + maxQueuedBytes);
        require(backoffMinMillis >= 1, "backoffMinMillis must be at least 1, was " + backoffMinMillis);
        require(backoffMaxMillis >= backoffMinMillis,
                "backoffMaxMillis must be at least backoffMinMillis (" + backoffMaxMillis + " < " + backoffMinMillis + ")");
        require(connectTimeoutMillis >= 1, "connectTimeoutMillis must be at least 1, was " + connectTimeoutMillis);
        require(handshakeTimeoutMillis >= 1, "handshakeTimeoutMillis must be at least 1, was " + handshakeTimeoutMillis);
        require(keepaliveMillis >= 1, "keepaliveMillis must be at least 1, was " + keepaliveMillis);
        require(readIdleMillis >= 2 * keepaliveMillis, "readIdleMillis must be at least twice keepaliveMillis ("
                + readIdleMillis + " < 2 * " + keepaliveMillis + ")");
        require(maxInboundConnections >= 1, "maxInboundConnections must be at least 1, was " + maxInboundConnections);
        require(ioThreads >= 1, "ioThreads must be at least 1, was " + ioThreads);
    }

    /**
     * Defaults: 16 MiB + 64 KiB frames; 4,096 messages and 64 MiB queued per peer and lane;
     * reconnects after 50 ms doubling up to 2 s; 3 s to connect and 5 s to handshake; keepalives
     * after 1 s idle and a 5 s read deadline; 64 inbound connections; 2 I/O threads; epoll if
     * available; jitter seeded with the member id.
     */
    public static Builder builder(String clusterId, long selfId, InetSocketAddress listenAddress,
                                  Map<Long, InetSocketAddress> peers) {
        return new Builder(clusterId, selfId, listenAddress, peers);
    }

    private static Map<Long, InetSocketAddress> copyPeers(long selfId, Map<Long, InetSocketAddress> peers) {
        TreeMap<Long, InetSocketAddress> sorted = new TreeMap<>();
        for (Map.Entry<Long, InetSocketAddress> peer : peers.entrySet()) {
            Long id = peer.getKey();
            require(id != null && id > 0, "peers must have positive ids, found " + id);
            require(id != selfId, "peers must not contain selfId " + selfId + ": list the other members only");
            require(peer.getValue() != null, "peer " + id + " has no address");
            sorted.put(id, peer.getValue());
        }
        return Collections.unmodifiableMap(sorted);
    }

    private static void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException("invalid transport configuration: " + message);
        }
    }

    public static final class Builder {
        private final String clusterId;
        private final long selfId;
        private InetSocketAddress listenAddress;
        private Map<Long, InetSocketAddress> peers;
        private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
        private int maxQueuedMessages = 4096;
        private long maxQueuedBytes = 64L << 20;
        private long backoffMinMillis = 50;
        private long backoffMaxMillis = 2_000;
        private int connectTimeoutMillis = 3_000;
        private long handshakeTimeoutMillis = 5_000;
        private long readIdleMillis = 5_000;
        private long keepaliveMillis = 1_000;
        private int maxInboundConnections = 64;
        private int ioThreads = 2;
        private boolean nativeTransport = true;
        private long randomSeed;

        private Builder(String clusterId, long selfId, InetSocketAddress listenAddress,
                        Map<Long, InetSocketAddress> peers) {
            this.clusterId = clusterId;
            this.selfId = selfId;
            this.listenAddress = listenAddress;
            this.peers = peers;
            this.randomSeed = selfId;
        }

        public Builder listenAddress(InetSocketAddress address) { this.listenAddress = address; return this; }
        public Builder peers(Map<Long, InetSocketAddress> addresses) { this.peers = addresses; return this; }
        public Builder maxFrameBytes(int bytes) { this.maxFrameBytes = bytes; return this; }
        public Builder maxQueuedMessages(int count) { this.maxQueuedMessages = count; return this; }
        public Builder maxQueuedBytes(long bytes) { this.maxQueuedBytes = bytes; return this; }
        public Builder backoffMillis(long min, long max) { this.backoffMinMillis = min; this.backoffMaxMillis = max; return this; }
        public Builder connectTimeoutMillis(int millis) { this.connectTimeoutMillis = millis; return this; }
        public Builder handshakeTimeoutMillis(long millis) { this.handshakeTimeoutMillis = millis; return this; }
        public Builder readIdleMillis(long millis) { this.readIdleMillis = millis; return this; }
        public Builder keepaliveMillis(long millis) { this.keepaliveMillis = millis; return this; }
        public Builder maxInboundConnections(int count) { this.maxInboundConnections = count; return this; }
        public Builder ioThreads(int threads) { this.ioThreads = threads; return this; }
        public Builder nativeTransport(boolean enabled) { this.nativeTransport = enabled; return this; }
        public Builder randomSeed(long seed) { this.randomSeed = seed; return this; }

        public TransportConfig build() {
            return new TransportConfig(clusterId, selfId, listenAddress, peers, maxFrameBytes, maxQueuedMessages,
                    maxQueuedBytes, backoffMinMillis, backoffMaxMillis, connectTimeoutMillis, handshakeTimeoutMillis,
                    readIdleMillis, keepaliveMillis, maxInboundConnections, ioThreads, nativeTransport, randomSeed);
        }
    }
}
