package io.raftkv.kv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.kv.node.Await;
import io.raftkv.kv.node.RaftKvNode;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.raft.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {

    @Test
    void aSingleMemberServerStartsOnEphemeralPortsTakesAPutAndShutsDown(@TempDir Path dir) throws Exception {
        Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerCommand command = new ServerCommand(new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Path dataDir = dir.resolve("solo-data");
        RaftKvNode node = command.start(new String[] {"--name", "solo", "--data-dir", dataDir.toString(),
                "--listen-peer-urls", "http://127.0.0.1:0", "--initial-advertise-peer-urls", "http://127.0.0.1:0",
                "--initial-cluster", "solo=http://127.0.0.1:0", "--listen-client-urls", "http://127.0.0.1:0",
                "--advertise-client-urls", "http://127.0.0.1:0", "--heartbeat-interval", "20",
                "--election-timeout", "100"});
        try {
            String line = out.toString(StandardCharsets.UTF_8).trim();
            assertEquals("raftkv node solo (id " + node.id() + ", cluster " + node.config().clusterIdText()
                    + ") serving peers on http://127.0.0.1:" + node.peerAddress().getPort()
                    + ", clients on http://127.0.0.1:" + node.clientAddress().orElseThrow().getPort() + ", data in "
                    + dataDir.toAbsolutePath(), line);
            assertTrue(node.peerAddress().getPort() > 0);

            Await.until("the single member to lead", () -> node.status().role() == Role.LEADER, node::status);
            long revision = Await.result("put", node.client().kv().put("/greeting", "hello")).getHeader().getRevision();
            KeyValue read = Await.result("get", node.client().kv().get("/greeting")).orElseThrow();
            assertEquals("hello", read.getValue().toStringUtf8());
            assertEquals(revision, read.getModRevision());
            assertTrue(Files.isDirectory(dataDir.resolve("raft")));
        } finally {
            node.close();
        }
        Await.until("the server's threads to end", () -> Await.raftkvThreadsSince(before).isEmpty(),
                () -> Await.raftkvThreadsSince(before));
    }
}
