package io.raftkv.transport;

import io.raftkv.transport.proto.Handshake;
import java.util.Optional;

/** Whom an acceptor talks to: a member of its own cluster, calling it, in its protocol version. */
final class HandshakeRules {
    static final int QUOTED_CHARS_MAX = 64;

    private HandshakeRules() {}

    /** Why {@code hello} is refused (what was wrong and what was expected), or empty if it is accepted. */
    static Optional<String> refusal(Handshake hello, TransportConfig config) {
        if (!hello.getClusterId().equals(config.clusterId())) {
            return Optional.of("cluster id " + quoted(hello.getClusterId()) + " is not this cluster's; expected "
                    + quoted(config.clusterId()));
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

    /**
     * The peer's text as it may go into a log line: in quotes, control and non-ASCII characters
     * escaped (no forged log lines), and cut at {@value #QUOTED_CHARS_MAX} characters.
     */
    static String quoted(String text) {
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), QUOTED_CHARS_MAX);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        out.append('\'');
        if (shown < text.length()) {
            out.append(" (cut at ").append(QUOTED_CHARS_MAX).append(" of ").append(text.length()).append(" characters)");
        }
        return out.toString();
    }
}
