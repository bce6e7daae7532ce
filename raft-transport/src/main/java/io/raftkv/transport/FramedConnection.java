package io.raftkv.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.transport.proto.Frame;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both ends of a connection do alike: decode each frame body (closing the connection on a
 * bad one), answer idleness (a keepalive after {@code keepaliveMillis} without writing; closing
 * after {@code readIdleMillis} without reading, since the other end keeps alive too, so silence
 * means it is dead or the connection half-open), and close with one logged reason on any failure.
 * Nothing thrown inside reaches Netty's pipeline tail: input errors close the connection, and
 * anything else is counted as unexpected and logged with its stack trace.
 */
abstract class FramedConnection extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FramedConnection.class);

    protected final TransportConfig config;
    protected final Counters counters;
    /** The largest frame body this end reads; its decoder refuses longer ones. */
    private final int maxFrameBytes;
    private boolean closing;

    FramedConnection(TransportConfig config, Counters counters, int maxFrameBytes) {
        this.config = config;
        this.counters = counters;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Sets up {@code channel} for this end: idleness is watched on raw reads and writes (first, so
     * that a large frame arriving slowly counts as activity), then frames are split by their
     * length prefix, then this handler takes each frame's body.
     */
    final void install(Channel channel) {
        channel.pipeline().addLast(
                new IdleStateHandler(config.readIdleMillis(), config.keepaliveMillis(), 0, TimeUnit.MILLISECONDS),
                FrameCodec.newFrameDecoder(maxFrameBytes),
                this);
    }

    /** Handles one decoded frame, on the connection's event loop. */
    protected abstract void onFrame(ChannelHandlerContext ctx, Frame frame) throws CodecException;

    /** The other end, for log lines: direction, peer id if known, address. */
    protected abstract String peer(ChannelHandlerContext ctx);

    @Override
    public final void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf body = (ByteBuf) msg;
        try {
            if (!closing) {
                onFrame(ctx, FrameCodec.decode(body));
            }
        } catch (CodecException e) {
            close(ctx, counters.rejected, "malformed frame: " + e.getMessage());
        } finally {
            body.release();
        }
    }

    @Override
    public final void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.READER_IDLE) {
                closeQuietly(ctx, "nothing read for " + config.readIdleMillis()
                        + " ms: the peer is gone or the connection half-open");
            } else if (idle.state() == IdleState.WRITER_IDLE && !closing) {
                ctx.writeAndFlush(FrameCodec.encode(ctx.alloc(), FrameCodec.keepalive()), ctx.voidPromise());
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            // The frame decoder refused a length before reading (or allocating for) the body.
            close(ctx, counters.rejected, "a frame longer than the " + maxFrameBytes
                    + " bytes allowed, refused by its length prefix before its body was read (" + cause.getMessage() + ")");
        } else if (cause instanceof IOException) {
            closeQuietly(ctx, "I/O error: " + cause.getMessage());
        } else {
            counters.unexpected.incrementAndGet();
            LOG.error("node {}: unexpected error on connection {}; closing it", config.selfId(), peer(ctx), cause);
            closing = true;
            ctx.close();
        }
    }

    /** Closes the connection for what the other end did wrong: counted, and logged as a warning. */
    protected final void close(ChannelHandlerContext ctx, AtomicLong counter, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        counter.incrementAndGet();
        LOG.warn("node {}: closing connection {}: {}", config.selfId(), peer(ctx), reason);
        ctx.close();
    }

    /** Closes the connection for an ordinary reason (the network, a timeout): logged at INFO. */
    protected final void closeQuietly(ChannelHandlerContext ctx, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        LOG.info("node {}: closing connection {}: {}", config.selfId(), peer(ctx), reason);
        ctx.close();
    }

    protected final boolean closing() {
        return closing;
    }
}
