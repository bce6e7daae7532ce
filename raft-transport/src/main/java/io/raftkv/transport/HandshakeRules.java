package io.raftkv.transport;

import io.raftkv.transport.proto.Handshake;
import java.util.Optional;

/** Whom an acceptor talks to: a member of its own cluster, calling it, in its protocol version. */
final class HandshakeRules {
    private HandshakeRules() {}

    /** Why {@code hello} is refused (what was wrong and what was expected), or empty if it is accepted. */
    static Optional<String> refusal(Handshake hello, TransportConfig config) {
        if (!hello.getClusterId().equals(config.clusterId())) {
            return Optional.of("cluster id '" + hello.getClusterId() + "' is not this cluster's; expected '"
                    + config.clusterId() + "'");
        }
        if (hello.getProtocolVersion() != FrameCodec.PROTOCOL_VERSION) {
            return Optional.of("protocol version " + Integer.toUnsignedString(hello.getProtocolVersion())
                    + " is not spoken here; expected " + FrameCodec.PROTOCOL_VERSION);
        }
        if (!config.peers().containsKey(hello.getFrom())) {
            return Optional.of("sender " + Long.toUnsignedString(hello.getFrom())
                    + " is not a member; expected one of " + config.peers().keySet());
        }
        if (hello.getTo() != config.selfId()) {
            return Optional.of("it is addressed to member " + Long.toUnsignedString(hello.getTo())
                    + "; expected this member, " + config.selfId());
        }
        return Optional.empty();
    }
}
