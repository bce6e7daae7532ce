package io.raftkv.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.message.Message;
import io.raftkv.transport.proto.Frame;
import io.raftkv.transport.proto.Handshake;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepting end of one connection. The first frame must be a handshake that
 * {@link HandshakeRules} accepts, within {@code handshakeTimeoutMillis}; after it come Raft
 * messages from that peer to this member, which go to the inbound consumer, and keepalives. Any
 * other sequence closes the connection with a logged reason; other connections are unaffected.
 */
final class InboundConnection extends FramedConnection {
    private static final Logger LOG = LoggerFactory.getLogger(InboundConnection.class);

    private final Supplier<Consumer<Message>> inbound;
    private Handshake hello;
    private ScheduledFuture<?> handshakeDeadline;

    InboundConnection(TransportConfig config, Counters counters, Supplier<Consumer<Message>> inbound) {
        super(config, counters, config.maxFrameBytes());
        this.inbound = inbound;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshakeDeadline = ctx.executor().schedule(() -> {
            if (hello == null) {
                close(ctx, counters.refused, "no handshake within " + config.handshakeTimeoutMillis() + " ms");
            }
        }, config.handshakeTimeoutMillis(), TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, Frame frame) throws CodecException {
        switch (frame.getBodyCase()) {
            case HELLO -> onHello(ctx, frame.getHello());
            case MESSAGE -> {
                if (hello == null) {
                    close(ctx, counters.refused, "a Raft message came before the handshake");
                } else {
                    deliver(ctx, RaftCodec.fromProto(frame.getMessage()));
                }
            }
            case KEEPALIVE -> {
                if (hello == null) {
                    close(ctx, counters.refused, "a keepalive came before the handshake");
                } else {
                    counters.keepalives.incrementAndGet();
                }
            }
            case BODY_NOT_SET -> close(ctx, counters.rejected,
                    "frame has no body (none set, or a field number this version does not know)");
        }
    }

    private void onHello(ChannelHandlerContext ctx, Handshake offered) {
        if (hello != null) {
            close(ctx, counters.rejected, "a second handshake on one connection");
            return;
        }
        Optional<String> refusal = HandshakeRules.refusal(offered, config);
        if (refusal.isPresent()) {
            close(ctx, counters.refused, "handshake refused: " + refusal.get());
            return;
        }
        hello = offered;
        if (handshakeDeadline != null) {
            handshakeDeadline.cancel(false);
        }
        counters.accepted.incrementAndGet();
        LOG.info("node {}: accepted connection {}", config.selfId(), peer(ctx));
    }

    private void deliver(ChannelHandlerContext ctx, Message message) {
        if (message.from() != hello.getFrom() || message.to() != config.selfId()) {
            close(ctx, counters.rejected, "a " + message.getClass().getSimpleName() + " from " + message.from()
                    + " to " + message.to() + " on a connection from member " + hello.getFrom()
                    + "; expected from " + hello.getFrom() + " to " + config.selfId());
            return;
        }
        counters.received.incrementAndGet();
        try {
            inbound.get().accept(message);
        } catch (RuntimeException e) {
            // The consumer's failure, not the peer's: the connection stays.
            counters.unexpected.incrementAndGet();
            LOG.error("node {}: the inbound consumer failed on a {} {}", config.selfId(),
                    message.getClass().getSimpleName(), peer(ctx), e);
        }
    }

    @Override
    protected String peer(ChannelHandlerContext ctx) {
        return hello == null
                ? "from " + ctx.channel().remoteAddress()
                : "from peer " + hello.getFrom() + " at " + ctx.channel().remoteAddress();
    }
}
