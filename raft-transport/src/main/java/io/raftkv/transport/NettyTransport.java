package io.raftkv.transport;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.Transport;
import io.raftkv.transport.proto.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft messages between the members of one cluster over TCP, as length-prefixed protobuf frames
 * ({@code transport.proto}).
 *
 * <p>Outbound, each peer has two lanes ({@link Lane}): one connection for Raft messages, in the
 * order they were sent, and one for snapshot chunks, so that chunks never hold up heartbeats and
 * appends. Each lane connects when it first has something to send, says who is calling in a
 * handshake, reconnects with jittered exponential backoff, and queues within its bounds; what does
 * not fit is dropped and counted, and Raft sends again.
 *
 * <p>Inbound, every connection must start with a handshake naming this cluster, a configured
 * peer as sender and this member as target; its messages go to the consumer set with
 * {@link #setInbound} (typically {@code RaftNode::receive}), on an event loop thread. A connection
 * that breaks any rule (frame too long, unparseable, invalid message, wrong sender or target) is
 * closed with a logged reason; the others go on.
 *
 * <p>{@link #send} never blocks and never throws, as {@link Transport} requires. Every method may
 * be called from any thread.
 */
public final class NettyTransport implements Transport, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;
    private static final Consumer<Message> NOT_READY = message -> {};

    private final TransportConfig config;
    private final EventLoops loops;
    private final Counters counters;
    private final Map<Long, Map<Lane, PeerLane>> lanes;
    private final Acceptor acceptor;
    private final Set<Long> reportedUnknown = ConcurrentHashMap.newKeySet();
    private volatile Consumer<Message> inbound;
    private volatile boolean closed;

    private NettyTransport(TransportConfig config, Consumer<Message> inbound) throws IOException {
        this.config = config;
        this.inbound = inbound;
        this.counters = new Counters();
        this.loops = EventLoops.create(config);
        this.lanes = createLanes(config, loops, counters);
        try {
            this.acceptor = Acceptor.bind(config, loops, counters, () -> this.inbound);
        } catch (IOException | RuntimeException e) {
            loops.shutdown(SHUTDOWN_TIMEOUT_MILLIS);
            throw e;
        }
    }

    /**
     * Listens on {@code config.listenAddress()} and returns at once; peers are connected when
     * there is something to send them. Messages that arrive before {@link #setInbound} are
     * dropped (Raft sends again).
     *
     * @throws IOException if the address cannot be bound
     */
    public static NettyTransport start(TransportConfig config) throws IOException {
        return start(config, NOT_READY);
    }

    /** Like {@link #start(TransportConfig)}, handing inbound messages to {@code inbound} from the start. */
    public static NettyTransport start(TransportConfig config, Consumer<Message> inbound) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(inbound, "inbound");
        NettyTransport transport = new NettyTransport(config, inbound);
        LOG.info("node {}: transport listening on {} ({}, cluster '{}', peers {})", config.selfId(),
                transport.localAddress(), transport.loops.kind(), config.clusterId(), config.peers());
        return transport;
    }

    private static Map<Long, Map<Lane, PeerLane>> createLanes(TransportConfig config, EventLoops loops,
                                                             Counters counters) {
        SplittableRandom random = new SplittableRandom(config.randomSeed());
        Map<Long, Map<Lane, PeerLane>> byPeer = new TreeMap<>();
        for (long peerId : config.peers().keySet()) {
            Map<Lane, PeerLane> byLane = new EnumMap<>(Lane.class);
            for (Lane lane : Lane.values()) {
                byLane.put(lane, new PeerLane(config, peerId, lane, loops, loops.group().next(), counters,
                        random.split()));
            }
            byPeer.put(peerId, Collections.unmodifiableMap(byLane));
        }
        return Collections.unmodifiableMap(byPeer);
    }

    /** Where inbound messages go from now on; may be called from any thread, at any time. */
    public void setInbound(Consumer<Message> consumer) {
        this.inbound = Objects.requireNonNull(consumer, "consumer");
    }

    /** Queues {@code message} for its peer; drops it (counted) if it cannot be sent. */
    @Override
    public void send(Message message) {
        try {
            route(message);
        } catch (RuntimeException e) {
            // Transport.send must not throw; a message we cannot even encode is our bug.
            counters.dropped.incrementAndGet();
            counters.unexpected.incrementAndGet();
            LOG.error("node {}: cannot send {}", config.selfId(), message, e);
        }
    }

    private void route(Message message) {
        if (closed) {
            counters.dropped.incrementAndGet();
            return;
        }
        Map<Lane, PeerLane> peer = lanes.get(message.to());
        if (peer == null) {
            counters.dropped.incrementAndGet();
            if (reportedUnknown.add(message.to())) {
                LOG.warn("node {}: dropping messages to {}: not a configured peer (peers are {})", config.selfId(),
                        message.to(), config.peers().keySet());
            }
            return;
        }
        Frame frame = FrameCodec.message(message);
        long bytes = FrameCodec.wireBytes(frame);
        if (bytes - FrameCodec.LENGTH_PREFIX_BYTES > config.maxFrameBytes()) {
            counters.dropped.incrementAndGet();
            LOG.error("node {}: dropping a {} to peer {} of {} bytes: larger than maxFrameBytes {}, which every peer"
                    + " would refuse", config.selfId(), message.getClass().getSimpleName(), message.to(),
                    bytes - FrameCodec.LENGTH_PREFIX_BYTES, config.maxFrameBytes());
            return;
        }
        peer.get(Lane.of(message)).offer(frame, bytes);
    }

    /**
     * Tells where peer {@code peerId} listens now (it moved, or its port was not known at start);
     * its connections are re-established there.
     */
    public void updatePeerAddress(long peerId, InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        Map<Lane, PeerLane> peer = lanes.get(peerId);
        if (peer == null) {
            throw new IllegalArgumentException("node " + config.selfId() + ": " + peerId
                    + " is not a configured peer (peers are " + config.peers().keySet() + ")");
        }
        peer.values().forEach(lane -> lane.updateAddress(address));
    }

    /** The address this transport listens on, with the port it was given if the configured one was 0. */
    public InetSocketAddress localAddress() {
        return acceptor.localAddress();
    }

    public TransportConfig config() {
        return config;
    }

    /** "epoll" or "nio": the I/O this transport runs on. */
    public String ioKind() {
        return loops.kind();
    }

    public TransportStats stats() {
        return counters.snapshot();
    }

    /** For tests: keepalive frames read on all connections, both ways. */
    long keepalivesReceived() {
        return counters.keepalives.get();
    }

    /** For tests: one lane's queue and connection. */
    PeerLane lane(long peerId, Lane lane) {
        return lanes.get(peerId).get(lane);
    }

    /**
     * Stops listening, closes every connection (messages still queued are counted as lost) and
     * stops the event loop threads. Idempotent; {@link #send} drops everything afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        acceptor.close();
        lanes.values().forEach(peer -> peer.values().forEach(PeerLane::close));
        boolean stopped = loops.shutdown(SHUTDOWN_TIMEOUT_MILLIS);
        if (!stopped) {
            LOG.warn("node {}: transport threads did not stop within {} ms", config.selfId(), SHUTDOWN_TIMEOUT_MILLIS);
        }
        LOG.info("node {}: transport closed ({})", config.selfId(), stats());
    }
}
