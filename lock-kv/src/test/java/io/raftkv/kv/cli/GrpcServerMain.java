package io.raftkv.kv.cli;

import io.raftkv.kv.grpc.KvGrpcServer;
import io.raftkv.kv.grpc.KvGrpcServerOptions;
import io.raftkv.kv.node.NodeConfig;
import io.raftkv.kv.node.RaftKvNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A test-only stand-in for {@code ./raftkv server} until the server binds its client URL: the
 * same flags (its {@code --initial-cluster-client-urls} is not needed and dropped), one node, and a
 * gRPC server on the listen client URL serving that node as it is (no routing). Prints the server's
 * up line once both are listening, then runs until killed.
 */
public final class GrpcServerMain {
    private GrpcServerMain() {}

    public static void main(String[] args) throws Exception {
        NodeConfig config = ServerArgs.parse(withoutClientUrls(args));
        RaftKvNode node = RaftKvNode.start(config);
        URI client = config.listenClientUrl().orElseThrow();
        KvGrpcServer grpc = KvGrpcServer.start(new InetSocketAddress(client.getHost(), client.getPort()),
                node.service(), KvGrpcServerOptions.defaults(config.kvLimits()));
        System.out.println(ServerCommand.upLine(node) + " (gRPC on " + grpc.localAddress() + ")");
        System.out.flush();
        Thread.currentThread().join();
    }

    private static String[] withoutClientUrls(String[] args) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--initial-cluster-client-urls")) {
                i++;
            } else if (!args[i].startsWith("--initial-cluster-client-urls=")) {
                kept.add(args[i]);
            }
        }
        return kept.toArray(String[]::new);
    }
}
