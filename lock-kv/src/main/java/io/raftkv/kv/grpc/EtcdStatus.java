package io.raftkv.kv.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.KvError;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.ProposalDroppedException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.raft.runtime.RequestRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The KV API's failures as gRPC statuses and back, in one place. The status code and description
 * are etcd's (its {@code rpctypes}), since etcd clients match on the description; trailers carry
 * what our client needs to rebuild the exact exception: the {@link KvError} with our message, the
 * leader a follower names, and whether a Raft failure certainly did not apply.
 *
 * <pre>
 *   server side                       status               description (etcd's where it has one)
 *   KvException LEASE_NOT_FOUND       NOT_FOUND            etcdserver: requested lease not found
 *               LEASE_EXISTS          FAILED_PRECONDITION  etcdserver: lease already exists
 *               COMPACTED             OUT_OF_RANGE         etcdserver: mvcc: required revision has been compacted
 *               FUTURE_REVISION       OUT_OF_RANGE         etcdserver: mvcc: required revision is a future revision
 *               TTL_OUT_OF_RANGE      OUT_OF_RANGE         etcdserver: too large lease TTL
 *               TOO_MANY_OPS          INVALID_ARGUMENT     etcdserver: too many operations in txn request
 *               DUPLICATE_KEY         INVALID_ARGUMENT     etcdserver: duplicate key given in txn request
 *               REQUEST_TOO_LARGE     INVALID_ARGUMENT     etcdserver: request is too large
 *               KEY_MISSING           INVALID_ARGUMENT     etcdserver: key is not provided
 *               KEY_NOT_FOUND         INVALID_ARGUMENT     etcdserver: key not found
 *               INVALID_ARGUMENT      INVALID_ARGUMENT     (our message: etcd has no general one)
 *               TOO_MANY_LEASES       RESOURCE_EXHAUSTED   (our message: etcd has no lease limit)
 *               UNKNOWN               UNKNOWN              (our message)
 *   NotLeaderException, leader known  FAILED_PRECONDITION  etcdserver: not leader   + trailer raftkv-leader
 *   NotLeaderException, no leader     UNAVAILABLE          etcdserver: no leader
 *   ProposalDroppedException          UNAVAILABLE          etcdserver: leader changed
 *   RequestRejectedException          UNAVAILABLE          (its message)
 *   IndeterminateStateException       UNAVAILABLE          etcdserver: request timed out
 *   anything else                     UNKNOWN              (its message); taken as indeterminate
 * </pre>
 *
 * etcd sends "not leader" as FAILED_PRECONDITION and "no leader" as UNAVAILABLE; we keep both.
 */
public final class EtcdStatus {
    public static final String NOT_LEADER = "etcdserver: not leader";
    public static final String NO_LEADER = "etcdserver: no leader";
    public static final String LEADER_CHANGED = "etcdserver: leader changed";
    public static final String TIMED_OUT = "etcdserver: request timed out";

    /** Trailer of a follower's refusal: the member it believes leads (decimal id). */
    public static final Metadata.Key<String> LEADER = Metadata.Key.of("raftkv-leader", Metadata.ASCII_STRING_MARSHALLER);
    /** Trailer of a Raft failure: {@link #NOT_APPLIED} or {@link #INDETERMINATE}. */
    public static final Metadata.Key<String> OUTCOME = Metadata.Key.of("raftkv-outcome", Metadata.ASCII_STRING_MARSHALLER);
    /** Trailer of a refusal by a KV rule: code and our message (the description is etcd's fixed one). */
    public static final Metadata.Key<KvError> KV_ERROR = ProtoUtils.keyForProto(KvError.getDefaultInstance());
    /** Trailer of a Raft failure: its own message, UTF-8 (the description is etcd's fixed one). */
    public static final Metadata.Key<byte[]> DETAIL = Metadata.Key.of("raftkv-detail-bin", Metadata.BINARY_BYTE_MARSHALLER);

    public static final String NOT_APPLIED = "not-applied";
    public static final String INDETERMINATE = "indeterminate";

    /** etcd's status for each refusal; a null description means etcd has none and our message goes. */
    private record Etcd(Status.Code code, String description) {
    }

    private static final Map<KvError.Code, Etcd> BY_CODE = new EnumMap<>(KvError.Code.class);
    private static final Map<String, KvError.Code> BY_DESCRIPTION = new HashMap<>();

    static {
        etcd(KvError.Code.LEASE_NOT_FOUND, Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
        etcd(KvError.Code.LEASE_EXISTS, Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
        etcd(KvError.Code.COMPACTED, Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
        etcd(KvError.Code.FUTURE_REVISION, Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
        etcd(KvError.Code.TTL_OUT_OF_RANGE, Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
        etcd(KvError.Code.TOO_MANY_OPS, Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
        etcd(KvError.Code.DUPLICATE_KEY, Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
        etcd(KvError.Code.REQUEST_TOO_LARGE, Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
        etcd(KvError.Code.KEY_MISSING, Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
        etcd(KvError.Code.KEY_NOT_FOUND, Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
        etcd(KvError.Code.INVALID_ARGUMENT, Status.Code.INVALID_ARGUMENT, null);
        etcd(KvError.Code.TOO_MANY_LEASES, Status.Code.RESOURCE_EXHAUSTED, null);
        etcd(KvError.Code.UNKNOWN, Status.Code.UNKNOWN, null);
        for (KvError.Code code : KvError.Code.values()) {
            if (code != KvError.Code.UNRECOGNIZED && !BY_CODE.containsKey(code)) {
                throw new IllegalStateException("KvError code " + code + " has no gRPC status");
            }
        }
    }

    private static void etcd(KvError.Code code, Status.Code status, String description) {
        BY_CODE.put(code, new Etcd(status, description));
        if (description != null) {
            BY_DESCRIPTION.put(description, code);
        }
    }

    private EtcdStatus() {
    }

    /** The gRPC status code etcd answers a refusal of this kind with. */
    public static Status.Code codeOf(KvError.Code code) {
        return BY_CODE.getOrDefault(code, BY_CODE.get(KvError.Code.UNKNOWN)).code();
    }

    /** etcd's error text for a refusal of this kind ("etcdserver: ..."), or null where etcd has none. */
    public static String descriptionOf(KvError.Code code) {
        Etcd etcd = BY_CODE.get(code);
        return etcd == null ? null : etcd.description();
    }

    // ---- server side: exception to status ----

    /** What a server answers for {@code failure}, a KvService future's failure. */
    public static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = unwrap(failure);
        Metadata trailers = new Metadata();
        if (cause instanceof KvException refused) {
            Etcd etcd = BY_CODE.getOrDefault(refused.code(), BY_CODE.get(KvError.Code.UNKNOWN));
            trailers.put(KV_ERROR, refused.toError());
            return status(etcd.code(), etcd.description() != null ? etcd.description() : refused.getMessage(), trailers);
        }
        if (cause instanceof RaftException raft) {
            trailers.put(OUTCOME, raft.certainlyNotApplied() ? NOT_APPLIED : INDETERMINATE);
            trailers.put(DETAIL, String.valueOf(raft.getMessage()).getBytes(StandardCharsets.UTF_8));
            if (raft instanceof NotLeaderException notLeader) {
                if (notLeader.leaderId() == SoftState.NO_LEADER) {
                    return status(Status.Code.UNAVAILABLE, NO_LEADER, trailers);
                }
                trailers.put(LEADER, Long.toString(notLeader.leaderId()));
                return status(Status.Code.FAILED_PRECONDITION, NOT_LEADER, trailers);
            }
            if (raft instanceof ProposalDroppedException) {
                return status(Status.Code.UNAVAILABLE, LEADER_CHANGED, trailers);
            }
            return status(Status.Code.UNAVAILABLE, raft.certainlyNotApplied() ? raft.getMessage() : TIMED_OUT, trailers);
        }
        // A failure the contract does not name: nothing says the request did not happen.
        trailers.put(OUTCOME, INDETERMINATE);
        trailers.put(DETAIL, String.valueOf(cause).getBytes(StandardCharsets.UTF_8));
        return status(Status.Code.UNKNOWN, String.valueOf(cause), trailers);
    }

    private static StatusRuntimeException status(Status.Code code, String description, Metadata trailers) {
        return code.toStatus().withDescription(description).asRuntimeException(trailers);
    }

    // ---- client side: status to exception ----

    /**
     * The exception a KvServer would have failed with, rebuilt from a call's failure.
     *
     * @param memberId the member the call went to
     * @param write    whether the request changes state (a read may always be repeated)
     * @param sent     whether the request may have left this process (a stream was opened for it)
     */
    public static RuntimeException toException(Throwable failure, long memberId, boolean write, boolean sent) {
        Status status = Status.fromThrowable(failure);
        Metadata trailers = Status.trailersFromThrowable(failure);
        String description = status.getDescription();
        if (trailers != null && trailers.containsKey(KV_ERROR)) {
            return KvException.of(trailers.get(KV_ERROR));
        }
        if (trailers != null && trailers.containsKey(OUTCOME)) {
            return fromOurServer(status, trailers, memberId);
        }
        // No trailers of ours: etcd itself, or the transport.
        if (description != null && BY_DESCRIPTION.containsKey(description)) {
            return new KvException(BY_DESCRIPTION.get(description), description);
        }
        if (NOT_LEADER.equals(description) || NO_LEADER.equals(description)) {
            return new NotLeaderException(memberId, SoftState.NO_LEADER);
        }
        if (!sent) {
            return new RequestRejectedException("member " + memberId + " was not reached and nothing was sent: " + text(status));
        }
        if (!write) {
            return new RequestRejectedException("member " + memberId + " did not answer the read: " + text(status));
        }
        return new IndeterminateStateException("member " + memberId + " did not answer after the request was sent, so it "
                + "may or may not have been applied: " + text(status), failure);
    }

    private static RuntimeException fromOurServer(Status status, Metadata trailers, long memberId) {
        String description = status.getDescription();
        byte[] detailBytes = trailers.get(DETAIL);
        String detail = detailBytes != null ? new String(detailBytes, StandardCharsets.UTF_8) : text(status);
        if (NOT_LEADER.equals(description) || NO_LEADER.equals(description)) {
            return new NotLeaderException(memberId, leaderOf(trailers));
        }
        if (NOT_APPLIED.equals(trailers.get(OUTCOME))) {
            return new RequestRejectedException("member " + memberId + ": " + detail);
        }
        return new IndeterminateStateException("member " + memberId + ": " + detail);
    }

    private static long leaderOf(Metadata trailers) {
        String leader = trailers.get(LEADER);
        if (leader == null) {
            return SoftState.NO_LEADER;
        }
        try {
            return Long.parseLong(leader);
        } catch (NumberFormatException e) {
            return SoftState.NO_LEADER;
        }
    }

    private static String text(Status status) {
        return status.getCode() + (status.getDescription() != null ? " (" + status.getDescription() + ")" : "");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
