package io.raftkv.kv.grpc;

import static io.raftkv.kv.Settings.requireNotNegative;
import static io.raftkv.kv.Settings.requirePositive;

/**
 * How a client reaches a cluster's members over gRPC.
 *
 * @param deadlineMillis         each call's deadline (a keep-alive's too); a write past it is
 *                               indeterminate, a read is retried elsewhere
 * @param maxInboundMessageBytes the largest response taken (a range or a watch batch): page larger
 *                               ranges with a limit
 * @param keepAliveMillis        idle time before the client pings a connection (HTTP/2 keepalive), so a
 *                               dead member's watch stream ends; at least the servers' permitted period
 *                               and at least 10 s (gRPC raises less to 10 s)
 * @param keepAliveTimeoutMillis how long a ping may go unanswered before the connection is dropped
 * @param maxAttempts            tries per request across members (LeaderRouter)
 * @param retryPauseMillis       pause before trying the next member when no leader is named
 */
public record RemoteKvOptions(long deadlineMillis, int maxInboundMessageBytes, long keepAliveMillis,
                              long keepAliveTimeoutMillis, int maxAttempts, long retryPauseMillis) {
    public static final long DEFAULT_DEADLINE_MILLIS = 5_000;
    public static final int DEFAULT_MAX_INBOUND_MESSAGE_BYTES = 256 * 1024 * 1024;
    public static final long DEFAULT_KEEP_ALIVE_MILLIS = 10_000;
    public static final long DEFAULT_KEEP_ALIVE_TIMEOUT_MILLIS = 5_000;
    public static final int DEFAULT_MAX_ATTEMPTS = 30;
    public static final long DEFAULT_RETRY_PAUSE_MILLIS = 100;

    public RemoteKvOptions {
        requirePositive(deadlineMillis, "deadlineMillis");
        requirePositive(maxInboundMessageBytes, "maxInboundMessageBytes");
        requirePositive(keepAliveMillis, "keepAliveMillis");
        requirePositive(keepAliveTimeoutMillis, "keepAliveTimeoutMillis");
        requirePositive(maxAttempts, "maxAttempts");
        requireNotNegative(retryPauseMillis, "retryPauseMillis");
    }

    public static RemoteKvOptions defaults() {
        return new RemoteKvOptions(DEFAULT_DEADLINE_MILLIS, DEFAULT_MAX_INBOUND_MESSAGE_BYTES, DEFAULT_KEEP_ALIVE_MILLIS,
                DEFAULT_KEEP_ALIVE_TIMEOUT_MILLIS, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_PAUSE_MILLIS);
    }

    public RemoteKvOptions withDeadlineMillis(long millis) {
        return new RemoteKvOptions(millis, maxInboundMessageBytes, keepAliveMillis, keepAliveTimeoutMillis, maxAttempts,
                retryPauseMillis);
    }

    public RemoteKvOptions withRetries(int attempts, long pauseMillis) {
        return new RemoteKvOptions(deadlineMillis, maxInboundMessageBytes, keepAliveMillis, keepAliveTimeoutMillis,
                attempts, pauseMillis);
    }
}
