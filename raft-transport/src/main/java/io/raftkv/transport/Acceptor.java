package io.raftkv.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The listening socket: accepts peers' connections, at most {@code maxInboundConnections} at once. */
final class Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);

    private final Channel serverChannel;

    private Acceptor(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    static Acceptor bind(TransportConfig config, EventLoops loops, Counters counters,
                         Supplier<Consumer<Message>> inbound) throws IOException {
        AtomicInteger open = new AtomicInteger();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(loops.group())
                .channel(loops.serverChannelType())
                // A restarted member binds its old port while connections of its previous life linger.
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (open.incrementAndGet() > config.maxInboundConnections()) {
                            open.decrementAndGet();
                            counters.refused.incrementAndGet();
                            LOG.warn("node {}: refusing connection from {}: the most allowed ({}, maxInboundConnections)"
                                    + " are already open", config.selfId(), ch.remoteAddress(),
                                    config.maxInboundConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(closed -> open.decrementAndGet());
                        new InboundConnection(config, counters, inbound).install(ch);
                    }
                });
        ChannelFuture bound = bootstrap.bind(config.listenAddress()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("node " + config.selfId() + ": cannot listen on " + config.listenAddress() + ": "
                    + bound.cause().getMessage(), bound.cause());
        }
        return new Acceptor(bound.channel());
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** Stops accepting; connections already accepted close with the event loops. */
    void close() {
        serverChannel.close().awaitUninterruptibly();
    }
}
