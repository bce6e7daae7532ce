package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TransportConfigTest {
    private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

    @Test
    void defaultsAreValidAndPeersAreKeptSortedAndUnmodifiable() {
        Map<Long, InetSocketAddress> peers = new HashMap<>();
        peers.put(9L, new InetSocketAddress("127.0.0.1", 9009));
        peers.put(3L, new InetSocketAddress("127.0.0.1", 9003));
        TransportConfig config = TransportConfig.builder("c", 1, ANY, peers).build();
        assertEquals(List.of(3L, 9L), List.copyOf(config.peers().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> config.peers().put(4L, ANY));
        assertEquals(TransportConfig.DEFAULT_MAX_FRAME_BYTES, config.maxFrameBytes());
    }

    @Test
    void aBadFieldIsNamedWithItsRule() {
        assertInvalid("clusterId must not be empty", b -> TransportConfig.builder("", 1, ANY, Map.of()));
        assertInvalid("selfId must be positive, was 0", b -> TransportConfig.builder("c", 0, ANY, Map.of()));
        assertInvalid("peers must not contain selfId 1",
                b -> TransportConfig.builder("c", 1, ANY, Map.of(1L, ANY)));
        assertInvalid("peers must have positive ids, found -2",
                b -> TransportConfig.builder("c", 1, ANY, Map.of(-2L, ANY)));
        assertInvalid("maxQueuedBytes must hold at least one largest frame",
                b -> b.maxFrameBytes(4096).maxQueuedBytes(4096));
        assertInvalid("maxFrameBytes must be at least 1024", b -> b.maxFrameBytes(1000));
        assertInvalid("backoffMaxMillis must be at least backoffMinMillis", b -> b.backoffMillis(100, 99));
        assertInvalid("readIdleMillis must be at least twice keepaliveMillis",
                b -> b.keepaliveMillis(1000).readIdleMillis(1999));
        assertInvalid("maxQueuedMessages must be at least 1", b -> b.maxQueuedMessages(0));
        assertInvalid("ioThreads must be at least 1", b -> b.ioThreads(0));
    }

    private static void assertInvalid(String expected, UnaryOperator<TransportConfig.Builder> change) {
        TransportConfig.Builder valid = TransportConfig.builder("c", 1, ANY, Map.of(2L, ANY));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> change.apply(valid).build());
        assertTrue(e.getMessage().startsWith("invalid transport configuration: " + expected), e.getMessage());
    }
}
