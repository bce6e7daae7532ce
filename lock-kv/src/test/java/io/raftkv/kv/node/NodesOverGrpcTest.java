package io.raftkv.kv.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.api.Bytes;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.NotLeaderException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes configured as three processes are: each reaches the others for clients only over gRPC. */
class NodesOverGrpcTest {
    private static final List<String> NAMES = List.of("n1", "n2", "n3");

    @Test
    void aWriteThroughAFollowersClientReachesTheLeaderOverGrpc(@TempDir Path dir) throws Exception {
        List<Integer> ports = NodeUrls.freePorts(2 * NAMES.size());
        List<RaftKvNode> nodes = start(dir, ports, true);
        try {
            RaftKvNode follower = awaitFollowerWithLeader(nodes);
            assertEquals("http://127.0.0.1:" + clientPort(ports, follower.name()),
                    follower.clientUrl().orElseThrow().toString());
            long revision = Await.result("a put through follower " + follower,
                    follower.client().kv().put("/k", "over grpc")).getHeader().getRevision();
            for (RaftKvNode node : nodes) {
                Await.until(node + " to apply the put", () -> localRead(node).getModRevision() == revision,
                        node::status);
                assertEquals("over grpc", localRead(node).getValue().toStringUtf8());
            }
        } finally {
            nodes.forEach(RaftKvNode::close);
        }
    }

    @Test
    void withoutTheOtherMembersClientUrlsAFollowerAnswersNotLeader(@TempDir Path dir) throws Exception {
        List<RaftKvNode> nodes = start(dir, NodeUrls.freePorts(2 * NAMES.size()), false);
        try {
            RaftKvNode follower = awaitFollowerWithLeader(nodes);
            CompletionException refused = assertThrows(CompletionException.class,
                    () -> follower.client().kv().put("/k", "v").join());
            assertInstanceOf(NotLeaderException.class, refused.getCause());
        } finally {
            nodes.forEach(RaftKvNode::close);
        }
    }

    private static List<RaftKvNode> start(Path dir, List<Integer> ports, boolean knowClientUrls) throws IOException {
        List<RaftKvNode> nodes = new ArrayList<>();
        try {
            for (String name : NAMES) {
                NodeConfig.Builder builder = NodeConfig.builder(name, dir.resolve(name))
                        .listenClientUrl("http://127.0.0.1:" + clientPort(ports, name))
                        .heartbeatIntervalMs(20).electionTimeoutMs(200);
                for (String member : NAMES) {
                    builder.member(member, "http://127.0.0.1:" + ports.get(NAMES.indexOf(member)));
                    if (knowClientUrls && !member.equals(name)) {
                        builder.memberClientUrl(member, "http://127.0.0.1:" + clientPort(ports, member));
                    }
                }
                nodes.add(RaftKvNode.start(builder.build()));
            }
        } catch (IOException | RuntimeException failure) {
            nodes.forEach(RaftKvNode::close);
            throw failure;
        }
        return nodes;
    }

    private static int clientPort(List<Integer> ports, String name) {
        return ports.get(NAMES.size() + NAMES.indexOf(name));
    }

    private static RaftKvNode awaitFollowerWithLeader(List<RaftKvNode> nodes) {
        Await.until("a leader that a follower knows", () -> nodes.stream().anyMatch(NodesOverGrpcTest::followsLeader),
                () -> nodes.stream().map(RaftKvNode::status).toList());
        return nodes.stream().filter(NodesOverGrpcTest::followsLeader).findFirst().orElseThrow();
    }

    private static boolean followsLeader(RaftKvNode node) {
        return node.status().role() == Role.FOLLOWER && node.status().leaderId() != 0;
    }

    private static KeyValue localRead(RaftKvNode node) {
        RangeRequest request = RangeRequest.newBuilder().setKey(Bytes.of("/k")).setSerializable(true).build();
        List<KeyValue> kvs = Await.result("a local read on " + node, node.service().range(request)).getKvsList();
        return kvs.isEmpty() ? KeyValue.getDefaultInstance() : kvs.get(0);
    }
}
