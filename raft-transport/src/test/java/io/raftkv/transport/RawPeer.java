package io.raftkv.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.raftkv.raft.message.Message;
import io.raftkv.transport.proto.Frame;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A plain socket that speaks to a transport byte by byte, for tests of what the acceptor refuses. */
final class RawPeer implements AutoCloseable {
    private final Socket socket = new Socket();

    RawPeer(InetSocketAddress address) throws IOException {
        socket.connect(address, 5_000);
        socket.setTcpNoDelay(true);
    }

    static byte[] bytes(Frame frame) {
        ByteBuf buffer = FrameCodec.encode(UnpooledByteBufAllocator.DEFAULT, frame);
        try {
            return ByteBufUtil.getBytes(buffer);
        } finally {
            buffer.release();
        }
    }

    static byte[] hello(String clusterId, long from, long to) {
        return bytes(FrameCodec.hello(clusterId, from, to));
    }

    static byte[] message(Message message) {
        return bytes(FrameCodec.message(message));
    }

    static byte[] lengthPrefix(int length) {
        return new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
    }

    /** Reads one frame from a socket that a transport connected to (a test's stand-in acceptor). */
    static Frame readFrame(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        return Frame.parseFrom(body);
    }

    /** Writes {@code bytes}; false if the transport had already closed the connection. */
    boolean write(byte[]... chunks) {
        try {
            for (byte[] chunk : chunks) {
                socket.getOutputStream().write(chunk);
            }
            socket.getOutputStream().flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether the transport closes the connection within {@code timeout}: reads (and ignores
     * keepalives) until the end of the stream or a reset.
     */
    boolean closedByTransportWithin(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[4096];
        while (true) {
            long leftMillis = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
            if (leftMillis <= 0) {
                return false;
            }
            socket.setSoTimeout((int) leftMillis);
            try {
                if (in.read(sink) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset: the transport closed with our bytes unread
            }
        }
    }

    /** Half-closes our side, so that the transport sees the end of what we sent. */
    void shutdownOutput() {
        try {
            socket.shutdownOutput();
        } catch (IOException e) {
            // Already closed by the transport.
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
