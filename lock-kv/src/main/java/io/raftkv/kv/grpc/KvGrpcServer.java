package io.raftkv.kv.grpc;

import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.KvService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC server on Netty that serves one member's {@link KvService} as etcd's KV, Lease and Watch
 * services, and if given what they need, Lock, Election, Cluster.MemberList and Maintenance.Status
 * (see {@link KvGrpcService}). Port 0 binds a free port: {@link #localAddress()} tells which.
 */
public final class KvGrpcServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KvGrpcServer.class.getName());
    /** How long cancelled calls get to wind down once the grace period is over. */
    private static final long TERMINATION_WAIT_MILLIS = 5_000;

    private final Server server;
    private final InetSocketAddress localAddress;
    private final long shutdownGraceMillis;

    private KvGrpcServer(Server server, long shutdownGraceMillis) {
        this.server = server;
        this.localAddress = (InetSocketAddress) server.getListenSockets().get(0);
        this.shutdownGraceMillis = shutdownGraceMillis;
    }

    public static KvGrpcServer start(InetSocketAddress address, KvService service, KvGrpcServerOptions options)
            throws IOException {
        return start(address, new KvGrpcService(service, options), options);
    }

    /** Also serves Lock and Election over {@code recipeClient} and MemberList and Status from {@code members}. */
    public static KvGrpcServer start(InetSocketAddress address, KvService service, KvClient recipeClient,
            MemberInfo members, KvGrpcServerOptions options) throws IOException {
        return start(address, new KvGrpcService(service, recipeClient, members, options), options);
    }

    private static KvGrpcServer start(InetSocketAddress address, KvGrpcService services, KvGrpcServerOptions options)
            throws IOException {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(address)
                .maxInboundMessageSize(options.maxInboundMessageBytes())
                .permitKeepAliveTime(options.permitKeepAliveMillis(), TimeUnit.MILLISECONDS)
                .permitKeepAliveWithoutCalls(true);
        for (ServerServiceDefinition definition : services.definitions()) {
            builder.addService(definition);
        }
        Server server = builder.build().start();
        KvGrpcServer started = new KvGrpcServer(server, options.shutdownGraceMillis());
        LOG.log(System.Logger.Level.INFO, () -> "KV gRPC server listening on " + started.localAddress());
        return started;
    }

    /** The address the server is bound to (with the actual port if it was started on port 0). */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Stops taking calls, lets calls in progress finish for the grace period, then cancels the rest
     * (open watch streams among them, which cancels their watches) and waits until the port is free.
     */
    @Override
    public void close() {
        server.shutdown();
        try {
            if (!server.awaitTermination(shutdownGraceMillis, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                if (!server.awaitTermination(TERMINATION_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "KV gRPC server on " + localAddress
                            + " did not terminate within " + TERMINATION_WAIT_MILLIS + " ms of being stopped");
                }
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
