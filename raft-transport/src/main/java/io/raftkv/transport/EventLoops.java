package io.raftkv.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The threads of one transport and the channel types that go with them: epoll where available, NIO otherwise. */
record EventLoops(EventLoopGroup group, Class<? extends ServerSocketChannel> serverChannelType,
                  Class<? extends SocketChannel> channelType, String kind) {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);

    static EventLoops create(TransportConfig config) {
        // Daemon threads: a transport that is never closed does not keep the JVM alive.
        ThreadFactory threads = new DefaultThreadFactory("raftkv-transport-" + config.selfId(), true);
        if (config.nativeTransport()) {
            if (Epoll.isAvailable()) {
                return new EventLoops(new EpollEventLoopGroup(config.ioThreads(), threads),
                        EpollServerSocketChannel.class, EpollSocketChannel.class, "epoll");
            }
            LOG.info("node {}: native epoll is unavailable ({}); using NIO", config.selfId(),
                    String.valueOf(Epoll.unavailabilityCause()));
        }
        return new EventLoops(new NioEventLoopGroup(config.ioThreads(), threads),
                NioServerSocketChannel.class, NioSocketChannel.class, "nio");
    }

    /** Stops the threads, closing every channel still registered; waits for them up to {@code timeoutMillis}. */
    boolean shutdown(long timeoutMillis) {
        return group.shutdownGracefully(0, timeoutMillis, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(timeoutMillis + 1_000);
    }
}
