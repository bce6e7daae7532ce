package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.raftkv.transport.proto.Handshake;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HandshakeRulesTest {
    private static final TransportConfig MEMBER_2 = TransportConfig.builder("prod", 2,
            new InetSocketAddress("127.0.0.1", 0),
            Map.of(1L, new InetSocketAddress("127.0.0.1", 9001), 3L, new InetSocketAddress("127.0.0.1", 9003))).build();

    @Test
    void aMemberOfTheClusterCallingThisMemberIsAccepted() {
        assertEquals(Optional.empty(), HandshakeRules.refusal(hello("prod", 1, 2, 1), MEMBER_2));
        assertEquals(Optional.empty(), HandshakeRules.refusal(hello("prod", 3, 2, 1), MEMBER_2));
    }

    @Test
    void eachRefusalSaysWhatWasWrongAndWhatWasExpected() {
        assertEquals(Optional.of("cluster id 'test' is not this cluster's; expected 'prod'"),
                HandshakeRules.refusal(hello("test", 1, 2, 1), MEMBER_2));
        assertEquals(Optional.of("protocol version 0 is not spoken here; expected 1"),
                HandshakeRules.refusal(hello("prod", 1, 2, 0), MEMBER_2));
        assertEquals(Optional.of("sender 2 is not a member; expected one of [1, 3]"),
                HandshakeRules.refusal(hello("prod", 2, 2, 1), MEMBER_2));
        assertEquals(Optional.of("sender 18446744073709551615 is not a member; expected one of [1, 3]"),
                HandshakeRules.refusal(hello("prod", -1, 2, 1), MEMBER_2));
        assertEquals(Optional.of("it is addressed to member 3; expected this member, 2"),
                HandshakeRules.refusal(hello("prod", 1, 3, 1), MEMBER_2));
    }

    @Test
    void aClusterIdFromThePeerIsEscapedAndCutInTheReason() {
        String forged = "x\nWARN node 2: all is well\u0000" + "y".repeat(100);
        String reason = HandshakeRules.refusal(hello(forged, 1, 2, 1), MEMBER_2).orElseThrow();
        assertEquals("cluster id 'x\\u000aWARN node 2: all is well\\u0000" + "y".repeat(37)
                + "' (cut at 64 of 127 characters) is not this cluster's; expected 'prod'", reason);
    }

    private static Handshake hello(String clusterId, long from, long to, int version) {
        return Handshake.newBuilder().setClusterId(clusterId).setFrom(from).setTo(to).setProtocolVersion(version).build();
    }
}
