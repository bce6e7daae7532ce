package io.raftkv.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import io.raftkv.transport.proto.Frame;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One outbound connection to one peer for one {@link Lane}, with its bounded queue.
 *
 * <p>Order: frames leave in the order {@link #offer} accepted them, on one connection at a time.
 * Bound: a frame counts against {@code maxQueuedMessages} and {@code maxQueuedBytes} from the
 * moment it is accepted until the socket took it (or the connection failed), so the queue and
 * Netty's write buffer together never hold more; a frame that does not fit is dropped and
 * counted, and Raft sends again. Batching: offers that arrive while a drain is pending share it,
 * and a drain writes everything the channel accepts and flushes once.
 *
 * <p>Threads: {@link #offer}, {@link #close} and {@link #updateAddress} may be called from any
 * thread; everything else runs on the lane's event loop, which owns the connection state. The
 * queue and its counts are guarded by this object's monitor, held only for a few field updates.
 */
final class PeerLane {
    private static final Logger LOG = LoggerFactory.getLogger(PeerLane.class);
    /**
     * When Netty's write buffer holds this much, the drain stops moving frames out of the queue
     * until it fell to the low mark, so a slow peer's backlog stays in the queue, where it is counted
     * and bounded, and frames are encoded only shortly before the socket takes them.
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 << 10, 1 << 20);

    private record Queued(Frame frame, long bytes) {}

    private final TransportConfig config;
    private final long peerId;
    private final Lane lane;
    private final EventLoop loop;
    private final Counters counters;
    private final Bootstrap bootstrap;
    private final Backoff backoff;
    private volatile InetSocketAddress address;

    // Guarded by this.
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int pendingMessages;
    private long pendingBytes;
    private boolean drainScheduled;
    private boolean dropping;
    private boolean closed;

    // Confined to the event loop.
    private Channel channel;
    private boolean connecting;
    private ScheduledFuture<?> retry;
    private long attempts;
    private int failedInARow;
    private long connectedAtNanos;
    private volatile boolean connected;

    PeerLane(TransportConfig config, long peerId, Lane lane, EventLoops loops, EventLoop loop, Counters counters,
             RandomGenerator random) {
        this.config = config;
        this.peerId = peerId;
        this.lane = lane;
        this.loop = loop;
        this.counters = counters;
        this.address = config.peers().get(peerId);
        this.backoff = new Backoff(config.backoffMinMillis(), config.backoffMaxMillis(), random);
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(loops.channelType())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        new OutboundConnection(config, counters, PeerLane.this).install(ch);
                    }
                });
    }

    /** Queues {@code frame} ({@code bytes} on the wire) if it fits the bounds; counts it as dropped if not. */
    void offer(Frame frame, long bytes) {
        boolean firstDrop = false;
        boolean schedule = false;
        synchronized (this) {
            if (closed) {
                counters.dropped.incrementAndGet();
                return;
            }
            if (pendingMessages >= config.maxQueuedMessages() || pendingBytes + bytes > config.maxQueuedBytes()) {
                counters.dropped.incrementAndGet();
                firstDrop = !dropping;
                dropping = true;
            } else {
                queue.add(new Queued(frame, bytes));
                pendingMessages++;
                pendingBytes += bytes;
                schedule = !drainScheduled;
                drainScheduled = true;
            }
        }
        if (firstDrop) {
            LOG.warn("node {}: queue {} is full (limits: {} messages, {} bytes): dropping messages until it empties",
                    config.selfId(), this, config.maxQueuedMessages(), config.maxQueuedBytes());
        }
        if (schedule) {
            onLoop(this::drain);
        }
    }

    /** Writes what the channel takes, then flushes once. Connects first if there is no connection. */
    void drain() {
        synchronized (this) {
            drainScheduled = false;
        }
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            connectIfIdle();
            return;
        }
        boolean wrote = false;
        while (ch.isWritable()) {
            Queued next;
            synchronized (this) {
                next = queue.poll();
            }
            if (next == null) {
                break;
            }
            long bytes = next.bytes();
            ch.write(FrameCodec.encode(ch.alloc(), next.frame()))
                    .addListener(written -> onWritten(bytes, written.isSuccess()));
            wrote = true;
        }
        if (wrote) {
            ch.flush();
        }
    }

    private void onWritten(long bytes, boolean success) {
        synchronized (this) {
            pendingMessages--;
            pendingBytes -= bytes;
            if (pendingMessages == 0) {
                dropping = false;
            }
        }
        (success ? counters.sent : counters.lost).incrementAndGet();
    }

    private void connectIfIdle() {
        if (isClosed() || channel != null || connecting || retry != null) {
            return;
        }
        InetSocketAddress target = address;
        if (target.getPort() == 0) {
            return; // not known yet: updateAddress connects once it is
        }
        connecting = true;
        if (attempts++ > 0) {
            counters.reconnects.incrementAndGet();
        }
        bootstrap.connect(target).addListener((ChannelFuture done) -> onConnect(done, target));
    }

    private void onConnect(ChannelFuture done, InetSocketAddress target) {
        connecting = false;
        if (!done.isSuccess()) {
            failedInARow++;
            if (failedInARow == 1) {
                LOG.info("node {}: cannot connect {} at {}: {}; retrying with backoff", config.selfId(), this, target,
                        done.cause().toString());
            } else {
                LOG.debug("node {}: cannot connect {} at {} (attempt {}): {}", config.selfId(), this, target,
                        failedInARow, done.cause().toString());
            }
            scheduleRetry();
            return;
        }
        Channel ch = done.channel();
        if (isClosed()) {
            ch.close();
            return;
        }
        LOG.info("node {}: connected {} at {}{}", config.selfId(), this, target,
                failedInARow == 0 ? "" : " after " + failedInARow + " failed attempts");
        failedInARow = 0;
        channel = ch;
        connected = true;
        connectedAtNanos = System.nanoTime();
        ch.closeFuture().addListener(closed -> onClosed(ch));
        ch.writeAndFlush(FrameCodec.encode(ch.alloc(), FrameCodec.hello(config.clusterId(), config.selfId(), peerId)));
        drain();
    }

    private void onClosed(Channel ch) {
        if (channel != ch) {
            return;
        }
        channel = null;
        connected = false;
        long livedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - connectedAtNanos);
        if (livedMillis >= config.backoffMaxMillis()) {
            // It held: a fresh outage, not a peer that keeps refusing us.
            backoff.reset();
        }
        LOG.info("node {}: connection {} closed after {} ms", config.selfId(), this, livedMillis);
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (isClosed()) {
            return;
        }
        long delayMillis = backoff.nextDelayMillis();
        retry = loop.schedule(() -> {
            retry = null;
            connectIfIdle();
        }, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Points the lane at a peer's new address; the current connection, if any, is replaced. */
    void updateAddress(InetSocketAddress newAddress) {
        address = newAddress;
        onLoop(() -> {
            if (channel != null) {
                channel.close(); // reconnects to the new address after the usual backoff
            } else if (queuedMessages() > 0) {
                connectIfIdle();
            }
        });
    }

    /** Stops the lane: what is queued is counted as lost, and the connection closes. */
    void close() {
        int discarded;
        synchronized (this) {
            closed = true;
            discarded = queue.size();
            for (Queued queued : queue) {
                pendingBytes -= queued.bytes();
            }
            queue.clear();
            pendingMessages -= discarded;
        }
        counters.lost.addAndGet(discarded);
        onLoop(() -> {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
            if (channel != null) {
                channel.close();
            }
        });
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** Messages accepted and not yet handed to the socket (queued or in Netty's write buffer). */
    synchronized int queuedMessages() {
        return pendingMessages;
    }

    synchronized long queuedBytes() {
        return pendingBytes;
    }

    boolean isConnected() {
        return connected;
    }

    private void onLoop(Runnable task) {
        try {
            loop.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    counters.unexpected.incrementAndGet();
                    LOG.error("node {}: unexpected error in {}", config.selfId(), this, e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The event loops are shutting down with the transport; close() accounts for the queue.
        }
    }

    @Override
    public String toString() {
        return "to peer " + peerId + " (" + lane + ")";
    }
}
