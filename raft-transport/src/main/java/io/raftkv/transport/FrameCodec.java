package io.raftkv.transport;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.raftkv.raft.codec.CodecException;
import io.raftkv.raft.codec.RaftCodec;
import io.raftkv.raft.message.Message;
import io.raftkv.transport.proto.Frame;
import io.raftkv.transport.proto.Handshake;
import io.raftkv.transport.proto.Keepalive;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The one mapping between frames on the wire and {@code transport.proto}: a 4-byte big-endian
 * length, then that many bytes of one {@link Frame}. Raft messages inside go through
 * {@link RaftCodec}, the only codec of raft.proto.
 */
final class FrameCodec {
    static final int LENGTH_PREFIX_BYTES = 4;
    /** The version of this framing and handshake; a peer that speaks another is refused. */
    static final int PROTOCOL_VERSION = 1;

    private static final Frame KEEPALIVE = Frame.newBuilder().setKeepalive(Keepalive.getDefaultInstance()).build();

    private FrameCodec() {}

    static Frame message(Message message) {
        return Frame.newBuilder().setMessage(RaftCodec.toProto(message)).build();
    }

    static Frame hello(String clusterId, long from, long to) {
        return Frame.newBuilder().setHello(Handshake.newBuilder()
                .setClusterId(clusterId)
                .setFrom(from)
                .setTo(to)
                .setProtocolVersion(PROTOCOL_VERSION)).build();
    }

    static Frame keepalive() {
        return KEEPALIVE;
    }

    /** Bytes the frame takes on the wire, its length prefix included. */
    static long wireBytes(Frame frame) {
        return LENGTH_PREFIX_BYTES + (long) frame.getSerializedSize();
    }

    /** The frame behind its length prefix, in one buffer that the caller writes (and so releases). */
    static ByteBuf encode(ByteBufAllocator allocator, Frame frame) {
        int size = frame.getSerializedSize();
        ByteBuf buffer = allocator.buffer(LENGTH_PREFIX_BYTES + size);
        try {
            buffer.writeInt(size);
            // A view of the buffer's own memory (allocators never hand out composite buffers),
            // so protobuf writes the bytes in place, heap or direct.
            ByteBuffer body = buffer.nioBuffer(LENGTH_PREFIX_BYTES, size);
            CodedOutputStream out = CodedOutputStream.newInstance(body);
            frame.writeTo(out);
            out.flush();
            out.checkNoSpaceLeft();
            buffer.writerIndex(LENGTH_PREFIX_BYTES + size);
            return buffer;
        } catch (IOException | RuntimeException e) {
            buffer.release();
            // The buffer was sized from the frame itself: this is a bug, never bad input.
            throw new IllegalStateException("cannot encode a frame of " + size + " bytes", e);
        }
    }

    /**
     * Parses one frame's body (the bytes after its length prefix). The bytes are copied once into
     * an array that nothing else holds, and the frame's byte fields share it.
     */
    static Frame decode(ByteBuf body) throws CodecException {
        byte[] bytes = ByteBufUtil.getBytes(body);
        CodedInputStream input = CodedInputStream.newInstance(bytes);
        input.enableAliasing(true);
        try {
            Frame frame = Frame.parseFrom(input);
            // Parsing stops early at a stray end-group tag; that is not a whole frame.
            input.checkLastTagWas(0);
            return frame;
        } catch (IOException e) {
            // InvalidProtocolBufferException; reading an array raises no other kind.
            throw new CodecException("cannot parse Frame from " + bytes.length + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Splits the byte stream into frame bodies. It reads the length first and fails with a
     * TooLongFrameException as soon as it exceeds {@code maxFrameBytes} (a length with
     * the top bit set reads as above 2 GiB, so it fails the same way), before any of the body is awaited or a
     * buffer for it allocated.
     */
    static LengthFieldBasedFrameDecoder newFrameDecoder(int maxFrameBytes) {
        return new LengthFieldBasedFrameDecoder(LENGTH_PREFIX_BYTES + maxFrameBytes, 0, LENGTH_PREFIX_BYTES, 0,
                LENGTH_PREFIX_BYTES, true);
    }
}
