package io.raftkv.transport;

import io.netty.channel.ChannelHandlerContext;
import io.raftkv.transport.proto.Frame;

/**
 * The connecting end of one lane's connection. It writes (the lane does); all it may read are the
 * acceptor's keepalives, which prove the connection alive in that direction too.
 */
final class OutboundConnection extends FramedConnection {
    /** The acceptor sends only keepalives (2 bytes each); a longer frame is a broken peer. */
    static final int MAX_ACCEPTOR_FRAME_BYTES = 64;

    private final PeerLane lane;

    OutboundConnection(TransportConfig config, Counters counters, PeerLane lane) {
        super(config, counters, MAX_ACCEPTOR_FRAME_BYTES);
        this.lane = lane;
    }

    @Override
    protected void onFrame(ChannelHandlerContext ctx, Frame frame) {
        if (frame.getBodyCase() == Frame.BodyCase.KEEPALIVE) {
            counters.keepalives.incrementAndGet();
        } else {
            close(ctx, counters.rejected, "the acceptor sent a " + frame.getBodyCase() + " frame; expected only keepalives");
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            lane.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    protected String peer(ChannelHandlerContext ctx) {
        return "to " + lane;
    }
}
