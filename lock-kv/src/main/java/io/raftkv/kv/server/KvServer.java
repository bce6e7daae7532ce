package io.raftkv.kv.server;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.kv.KvException;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.RequestValidator;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.lease.LeaseTable;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.CommandResult;
import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.CompactionResponse;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.DeleteRangeResponse;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseExpiry;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseGrantResponse;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.LeaseLeasesRequest;
import io.raftkv.kv.proto.LeaseLeasesResponse;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import io.raftkv.kv.proto.LeaseRevokeResponse;
import io.raftkv.kv.proto.LeaseStatus;
import io.raftkv.kv.proto.LeaseTimeToLiveRequest;
import io.raftkv.kv.proto.LeaseTimeToLiveResponse;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.PutResponse;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.ResponseOp;
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.Role;
import io.raftkv.raft.runtime.RaftNode;
import io.raftkv.raft.runtime.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Serves the KV API on one node: writes are validated, then proposed through Raft and answered
 * with what applying them gave; linearizable reads go through ReadIndex and serializable ones read
 * the local replica; keep-alives are served by the leader after a ReadIndex round, without a log
 * entry; and a timer drives the lease clock, the leader's expiry decisions and watch progress.
 *
 * <p>Follower requests are not forwarded: a follower answers {@link
 * io.raftkv.raft.runtime.NotLeaderException} naming the leader, and the caller retries there.
 */
public final class KvServer implements KvService {
    private static final System.Logger LOG = System.getLogger(KvServer.class.getName());

    private final RaftNode raft;
    private final KvStateMachine machine;
    private final Scheduler scheduler;
    private final KvServerOptions options;
    private final RandomGenerator random;
    private final KvLimits limits;
    /** The term in which this node last restarted every lease deadline as new leader; 0 while not leading. */
    private long promotedTerm;
    private long sinceProgressMillis;
    /** The revision of the last compaction this node proposed, so one is not proposed twice. */
    private long compactionProposedAt;
    private volatile boolean stopped;
    private Scheduler.Cancellable timer;

    private KvServer(RaftNode raft, KvStateMachine machine, Scheduler scheduler, KvServerOptions options,
                     RandomGenerator random) {
        this.raft = raft;
        this.machine = machine;
        this.scheduler = scheduler;
        this.options = options;
        this.random = random;
        this.limits = machine.limits();
    }

    /**
     * Serves {@code machine}, which {@code raft} applies to, on the node's scheduler. {@code random}
     * picks lease ids (it must come from the node's injected randomness).
     */
    public static KvServer start(RaftNode raft, KvStateMachine machine, Scheduler scheduler, KvServerOptions options,
                                 RandomGenerator random) {
        KvServer server = new KvServer(raft, machine, scheduler, options, random);
        scheduler.execute(() -> {
            machine.watches().setHeaders(server::header);
            machine.deadlines().setStepMillis(options.leaseTickMillis());
            server.scheduleTick();
        });
        return server;
    }

    public RaftNode raft() {
        return raft;
    }

    public long memberId() {
        return options.memberId();
    }

    /** Stops the server's timer; the caller stops the Raft node. */
    public void stop() {
        stopped = true;
        scheduler.execute(() -> {
            if (timer != null) {
                timer.cancel();
            }
        });
    }

    // ---- reads ----

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        try {
            RequestValidator.validateRange(request, limits);
        } catch (KvException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return read(request.getSerializable(), () -> machine.store().range(request))
                .thenApply(response -> response.toBuilder().setHeader(header(response.getHeader().getRevision())).build());
    }

    // ---- writes ----

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return write(RequestOp.newBuilder().setRequestPut(request).build()).thenApply(ResponseOp::getResponsePut)
                .thenApply(response -> response.toBuilder().setHeader(header(response.getHeader().getRevision())).build());
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return write(RequestOp.newBuilder().setRequestDeleteRange(request).build())
                .thenApply(ResponseOp::getResponseDeleteRange)
                .thenApply(response -> response.toBuilder().setHeader(header(response.getHeader().getRevision())).build());
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return write(RequestOp.newBuilder().setRequestTxn(request).build()).thenApply(ResponseOp::getResponseTxn)
                .thenApply(response -> response.toBuilder().setHeader(header(response.getHeader().getRevision())).build());
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return propose(Command.newBuilder().setCompaction(request).build())
                .thenApply(result -> CompactionResponse.newBuilder().setHeader(header(result.getRevision())).build());
    }

    private CompletableFuture<ResponseOp> write(RequestOp op) {
        try {
            RequestValidator.validate(op, limits);
        } catch (KvException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        return propose(Command.newBuilder().setWrite(op).build()).thenApply(CommandResult::getWrite);
    }

    // ---- leases ----

    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        if (request.getTTL() > limits.maxLeaseTtlSeconds()) {
            return CompletableFuture.failedFuture(new KvException(KvError.Code.TTL_OUT_OF_RANGE, "lease TTL "
                    + request.getTTL() + " s is above the limit of " + limits.maxLeaseTtlSeconds() + " s"));
        }
        if (request.getID() < 0) {
            return CompletableFuture.failedFuture(new KvException(KvError.Code.INVALID_ARGUMENT,
                    "lease id must not be negative, was " + request.getID()));
        }
        // etcd raises a TTL below the minimum (tied to the election timeout) rather than refusing it.
        long ttl = Math.max(request.getTTL(), limits.minLeaseTtlSeconds());
        CompletableFuture<LeaseGrantRequest> granted = new CompletableFuture<>();
        scheduler.execute(() -> granted.complete(request.toBuilder().setTTL(ttl)
                .setID(request.getID() != 0 ? request.getID() : freshLeaseId()).build()));
        return granted.thenCompose(grant -> propose(Command.newBuilder().setLeaseGrant(grant).build()))
                .thenApply(result -> result.getLeaseGrant().toBuilder().setHeader(header(result.getRevision())).build());
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return propose(Command.newBuilder().setLeaseRevoke(request).build())
                .thenApply(result -> LeaseRevokeResponse.newBuilder().setHeader(header(result.getRevision())).build());
    }

    /**
     * Renews on the leader only, after a ReadIndex round that started after the request arrived
     * (so no newer leader existed when it arrived) and once the lease is known to exist in the
     * state the read sees; see {@link io.raftkv.kv.lease.LeaseDeadlines} for the bound this gives.
     */
    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        long id = request.getID();
        return read(false, () -> {
            ensurePromoted();
            boolean renewed = machine.leases().exists(id) && machine.deadlines().renew(id);
            long ttl = renewed ? machine.leases().get(id).ttlSeconds() : 0;
            return LeaseKeepAliveResponse.newBuilder().setHeader(header(machine.store().revision())).setID(id)
                    .setTTL(ttl).build();
        });
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        long id = request.getID();
        return read(false, () -> {
            ensurePromoted();
            LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
                    .setHeader(header(machine.store().revision())).setID(id);
            LeaseTable.Lease lease = machine.leases().get(id);
            if (lease == null) {
                return response.setTTL(-1).build();
            }
            response.setTTL(machine.deadlines().remainingMillis(id) / 1000).setGrantedTTL(lease.ttlSeconds());
            if (request.getKeys()) {
                response.addAllKeys(lease.keys());
            }
            return response.build();
        });
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return read(false, () -> {
            LeaseLeasesResponse.Builder response = LeaseLeasesResponse.newBuilder()
                    .setHeader(header(machine.store().revision()));
            for (long id : machine.leases().ids()) {
                response.addLeases(LeaseStatus.newBuilder().setID(id));
            }
            return response.build();
        });
    }

    // ---- watches ----

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        long[] watchId = {-1};
        scheduler.execute(() -> {
            try {
                watchId[0] = machine.watches().create(request, machine.store(), sink);
            } catch (KvException refused) {
                // Created and canceled in one response, as etcd answers a refused create: a client that
                // matches creates to "created" responses in order (etcd's, ours over gRPC) sees it answered.
                sink.onResponse(io.raftkv.kv.proto.WatchResponse.newBuilder().setHeader(header(machine.store().revision()))
                        .setCreated(true).setCanceled(true).setCancelReason(refused.getMessage()).build());
            }
        });
        return new WatchHandle() {
            @Override
            public void requestProgress() {
                scheduler.execute(() -> machine.watches().requestProgress(watchId[0], machine.store().revision()));
            }

            @Override
            public void cancel() {
                scheduler.execute(() -> machine.watches().cancel(watchId[0], machine.store().revision()));
            }
        };
    }

    // ---- the plumbing ----

    /** Proposes a command; the future fails with the KvException the state machine answered, if any. */
    private CompletableFuture<CommandResult> propose(Command command) {
        int size = command.getSerializedSize();
        if (size > limits.maxRequestBytes()) {
            return CompletableFuture.failedFuture(new KvException(KvError.Code.REQUEST_TOO_LARGE, "request is "
                    + size + " bytes, the limit is " + limits.maxRequestBytes()));
        }
        return raft.propose(command.toByteString()).thenApply(KvServer::decode);
    }

    private static CommandResult decode(ByteString bytes) {
        CommandResult result;
        try {
            result = CommandResult.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the state machine answered bytes that are no CommandResult", e);
        }
        if (result.hasError()) {
            throw KvException.of(result.getError());
        }
        return result;
    }

    /**
     * Runs {@code query} on the node's context, at a linearizable point (ReadIndex) unless
     * {@code serializable}. A KvException the query throws fails the future (and only the future:
     * it must not reach the node's task wrapper, which stops the node on any exception).
     */
    private <T> CompletableFuture<T> read(boolean serializable, Supplier<T> query) {
        Supplier<Object> guarded = () -> {
            try {
                return query.get();
            } catch (KvException refused) {
                return refused;
            }
        };
        CompletableFuture<Object> outcome;
        if (serializable) {
            outcome = new CompletableFuture<>();
            CompletableFuture<Object> local = outcome;
            scheduler.execute(() -> local.complete(guarded.get()));
        } else {
            outcome = raft.read(guarded);
        }
        return outcome.thenApply(unchecked());
    }

    @SuppressWarnings("unchecked")
    private static <T> Function<Object, T> unchecked() {
        return value -> {
            if (value instanceof KvException refused) {
                throw new CompletionException(refused);
            }
            return (T) value;
        };
    }

    private ResponseHeader header(long revision) {
        NodeStatus status = raft.status();
        return ResponseHeader.newBuilder().setClusterId(options.clusterId()).setMemberId(options.memberId())
                .setRevision(revision).setRaftTerm(status.term()).build();
    }

    private long freshLeaseId() {
        long id;
        do {
            id = random.nextLong() & Long.MAX_VALUE;
        } while (id == 0 || machine.leases().exists(id));
        return id;
    }

    /** Keeps history bounded: the leader compacts once twice the retention has piled up, keeping the retention. */
    private void compactIfDue() {
        long retention = options.autoCompactRetention();
        long revision = machine.store().revision();
        long compacted = machine.store().compactRevision();
        if (retention > 0 && revision - compacted >= 2 * retention && revision - retention > compactionProposedAt) {
            compactionProposedAt = revision - retention;
            raft.propose(Command.newBuilder().setCompaction(CompactionRequest.newBuilder()
                    .setRevision(compactionProposedAt)).build().toByteString());
        }
    }

    private void scheduleTick() {
        if (!stopped) {
            timer = scheduler.schedule(options.leaseTickMillis(), this::onTick);
        }
    }

    /**
     * The lease clock moves by the timer's period, never by reading a clock (see LeaseDeadlines).
     * As leader, propose expiries for leases past due, and compact when due.
     */
    private void onTick() {
        machine.deadlines().advance(options.leaseTickMillis());
        if (ensurePromoted()) {
            for (long id : machine.deadlines().takeExpired()) {
                raft.propose(Command.newBuilder().setLeaseExpiry(LeaseExpiry.newBuilder().setID(id)).build().toByteString());
            }
            compactIfDue();
        }
        sinceProgressMillis += options.leaseTickMillis();
        if (sinceProgressMillis >= options.progressNotifyMillis()) {
            sinceProgressMillis = 0;
            machine.watches().notifyProgress(machine.store().revision());
        }
        scheduleTick();
    }

    /**
     * Whether this node leads; on the first call in a new term of leadership, restarts every lease
     * deadline first (deadlines kept as follower are stale: keep-alives went to the old leader).
     * Called on the node's context before anything reads or acts on deadlines.
     */
    private boolean ensurePromoted() {
        NodeStatus status = raft.status();
        if (status.role() != Role.LEADER) {
            promotedTerm = 0;
            return false;
        }
        if (promotedTerm != status.term()) {
            promotedTerm = status.term();
            machine.deadlines().restartAll();
            LOG.log(System.Logger.Level.INFO, () -> "node " + options.memberId() + " leads in term "
                    + status.term() + ": restarted " + machine.deadlines().size() + " lease deadlines");
        }
        return true;
    }
}
