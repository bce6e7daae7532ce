package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.message.Message;
import io.raftkv.transport.proto.Frame;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

    @Test
    void everyMessageTypeSurvivesEncodingAndDecodingInDirectAndHeapBuffers() throws CodecException {
        for (boolean direct : new boolean[] {true, false}) {
            PooledByteBufAllocator allocator = new PooledByteBufAllocator(direct);
            for (Message message : Messages.everyType(3, 4, 5)) {
                Frame frame = FrameCodec.message(message);
                ByteBuf wire = FrameCodec.encode(allocator, frame);
                try {
                    assertEquals(FrameCodec.wireBytes(frame), wire.readableBytes());
                    assertEquals(wire.readableBytes() - 4, wire.readInt(), "the prefix is the body's length");
                    Frame decoded = FrameCodec.decode(wire);
                    assertEquals(message, RaftCodec.fromProto(decoded.getMessage()));
                } finally {
                    wire.release();
                }
            }
        }
    }

    @Test
    void bytesThatAreNoFrameAreACodecException() {
        ByteBuf garbage = Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        CodecException e = assertThrows(CodecException.class, () -> FrameCodec.decode(garbage));
        assertTrue(e.getMessage().contains("cannot parse Frame from 3 bytes"), e.getMessage());
    }

    @Test
    void aStrayEndGroupTagIsNotAWholeFrame() {
        // Field 1, wire type 4 (end group): protobuf stops parsing there without an error.
        ByteBuf endGroup = Unpooled.wrappedBuffer(new byte[] {0x0c});
        assertThrows(CodecException.class, () -> FrameCodec.decode(endGroup));
    }

    @Test
    void theDecoderWaitsForABodyUpToTheLimitAndRefusesALongerLengthAtOnce() {
        int max = 1024;
        EmbeddedChannel atLimit = new EmbeddedChannel(FrameCodec.newFrameDecoder(max));
        atLimit.writeInbound(Unpooled.wrappedBuffer(RawPeer.lengthPrefix(max)));
        assertNull(atLimit.readInbound(), "a frame of the largest size is awaited");
        atLimit.finishAndReleaseAll();

        EmbeddedChannel overLimit = new EmbeddedChannel(FrameCodec.newFrameDecoder(max));
        assertThrows(TooLongFrameException.class,
                () -> overLimit.writeInbound(Unpooled.wrappedBuffer(RawPeer.lengthPrefix(max + 1))));
        overLimit.finishAndReleaseAll();
    }

    @Test
    void theDecoderSplitsFramesThatArriveTogetherOrInPieces() throws CodecException {
        byte[] one = RawPeer.message(Messages.heartbeat(1, 2, 1));
        byte[] two = RawPeer.message(Messages.heartbeat(1, 2, 2));
        byte[] both = new byte[one.length + two.length];
        System.arraycopy(one, 0, both, 0, one.length);
        System.arraycopy(two, 0, both, one.length, two.length);
        EmbeddedChannel channel = new EmbeddedChannel(FrameCodec.newFrameDecoder(1024));
        channel.writeInbound(Unpooled.wrappedBuffer(both, 0, 3));
        channel.writeInbound(Unpooled.wrappedBuffer(both, 3, both.length - 3));
        for (long marker = 1; marker <= 2; marker++) {
            ByteBuf body = channel.readInbound();
            try {
                assertEquals(Messages.heartbeat(1, 2, marker), RaftCodec.fromProto(FrameCodec.decode(body).getMessage()));
            } finally {
                body.release();
            }
        }
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }
}
