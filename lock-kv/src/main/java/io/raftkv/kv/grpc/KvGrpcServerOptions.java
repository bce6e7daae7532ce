package io.raftkv.kv.grpc;

import static io.raftkv.kv.Settings.requireNotNegative;
import static io.raftkv.kv.Settings.requirePositive;

import io.raftkv.kv.KvLimits;

/**
 * How a member serves the KV API over gRPC.
 *
 * @param maxInboundMessageBytes the largest request gRPC takes: the KV request limit plus room for
 *                               framing (etcd allows 512 KiB over its limit), so that the KV layer, not
 *                               gRPC, refuses a request that is too large, with etcd's error
 * @param streamQueuedBytesMax   responses of one stream (Watch, LeaseKeepAlive) waiting for a slow
 *                               client before its stream is ended with RESOURCE_EXHAUSTED
 * @param keepAlivesInFlightMax  renewals pending at once on one LeaseKeepAlive stream
 * @param permitKeepAliveMillis  how often clients may ping an idle connection (HTTP/2 keepalive); a
 *                               client pinging more often is sent away, so clients' keepalive period
 *                               must not be shorter
 * @param shutdownGraceMillis    how long a closing server lets calls in progress finish before it
 *                               cancels them
 */
public record KvGrpcServerOptions(int maxInboundMessageBytes, long streamQueuedBytesMax, int keepAlivesInFlightMax,
                                  long permitKeepAliveMillis, long shutdownGraceMillis) {
    public static final int FRAMING_ALLOWANCE_BYTES = 512 * 1024;
    public static final long DEFAULT_STREAM_QUEUED_BYTES_MAX = 64L * 1024 * 1024;
    public static final int DEFAULT_KEEP_ALIVES_IN_FLIGHT_MAX = 1024;
    public static final long DEFAULT_PERMIT_KEEP_ALIVE_MILLIS = 5_000;
    public static final long DEFAULT_SHUTDOWN_GRACE_MILLIS = 2_000;

    public KvGrpcServerOptions {
        requirePositive(maxInboundMessageBytes, "maxInboundMessageBytes");
        requirePositive(streamQueuedBytesMax, "streamQueuedBytesMax");
        requirePositive(keepAlivesInFlightMax, "keepAlivesInFlightMax");
        requirePositive(permitKeepAliveMillis, "permitKeepAliveMillis");
        requireNotNegative(shutdownGraceMillis, "shutdownGraceMillis");
    }

    /** The defaults for a member that enforces {@code limits}. */
    public static KvGrpcServerOptions defaults(KvLimits limits) {
        return new KvGrpcServerOptions(limits.maxRequestBytes() + FRAMING_ALLOWANCE_BYTES, DEFAULT_STREAM_QUEUED_BYTES_MAX,
                DEFAULT_KEEP_ALIVES_IN_FLIGHT_MAX, DEFAULT_PERMIT_KEEP_ALIVE_MILLIS, DEFAULT_SHUTDOWN_GRACE_MILLIS);
    }

    public KvGrpcServerOptions withStreamQueuedBytesMax(long bytes) {
        return new KvGrpcServerOptions(maxInboundMessageBytes, bytes, keepAlivesInFlightMax, permitKeepAliveMillis,
                shutdownGraceMillis);
    }
}
