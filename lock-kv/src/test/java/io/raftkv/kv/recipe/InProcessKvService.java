package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
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
import io.raftkv.kv.proto.TxnRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.IndeterminateStateException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A deterministic {@link KvService} for recipe tests: one replica that always leads, applying each
 * write straight to a {@link KvStateMachine} as the Raft log would (encode the {@link Command},
 * apply it at the next index, decode the {@link CommandResult}), with {@link
 * io.raftkv.kv.server.KvServer}'s rules around it: the same validation, TTL bounds and lease ids,
 * keep-alives that renew the lease deadline, and the leader's expiry decisions, driven by the
 * {@link ManualScheduler}'s clock instead of a timer.
 *
 * <p>Answers are immediate unless a fault says otherwise: refuse a request (nothing happens),
 * apply it and then lose the answer (indeterminate), or answer it late. Of the faults that match
 * a request, the one added last applies.
 */
final class InProcessKvService implements KvService {
    /** How long a proposed expiry may take before the leader proposes it again (the server's default). */
    private static final long EXPIRY_RETRY_MILLIS = 3_000;
    /** Lease ids handed out in order from here, so keys read as hex ("/lock/1000"). */
    private static final long FIRST_LEASE_ID = 0x1000;

    private enum FaultKind { REFUSE, APPLY_THEN_LOSE_ANSWER, ANSWER_LATE }

    private record Fault(Predicate<Message> matches, FaultKind kind, Supplier<RuntimeException> error, long delayMillis) {
    }

    private final ManualScheduler scheduler;
    private final KvStateMachine machine;
    private final KvLimits limits;
    /** The newest first: a fault added later takes precedence. */
    private final List<Fault> faults = new ArrayList<>();
    private final List<Message> requests = new ArrayList<>();
    /** Watches open on the service, by id, with what they asked for. */
    private final Map<Long, WatchCreateRequest> openWatches = new TreeMap<>();
    private long index;
    private long nextLeaseId = FIRST_LEASE_ID;
    private boolean applying;

    InProcessKvService(KvLimits limits, ManualScheduler scheduler) {
        this.scheduler = scheduler;
        this.limits = limits;
        this.machine = new KvStateMachine(limits, EXPIRY_RETRY_MILLIS);
        scheduler.followTime(this::leaseClockMoved);
    }

    KvStateMachine machine() {
        return machine;
    }

    // ---- faults and what the tests look at ----

    /** Requests that {@code matches} fails are refused with {@code error}: nothing happens. */
    void refuse(Predicate<Message> matches, Supplier<RuntimeException> error) {
        faults.add(0, new Fault(matches, FaultKind.REFUSE, error, 0));
    }

    /** Requests that {@code matches} accepts take effect, but their answer is lost (indeterminate). */
    void applyThenLoseAnswer(Predicate<Message> matches) {
        faults.add(0, new Fault(matches, FaultKind.APPLY_THEN_LOSE_ANSWER,
                () -> new IndeterminateStateException("injected: the request was applied, its answer lost"), 0));
    }

    /** Requests that {@code matches} accepts take effect at once; their answer arrives {@code delayMillis} later. */
    void answerLate(Predicate<Message> matches, long delayMillis) {
        faults.add(0, new Fault(matches, FaultKind.ANSWER_LATE, null, delayMillis));
    }

    void heal() {
        faults.clear();
    }

    /** Every request received, in order (faulty ones too). */
    List<Message> requests() {
        return List.copyOf(requests);
    }

    long count(Class<? extends Message> type) {
        return requests.stream().filter(type::isInstance).count();
    }

    /** The watches open now, in the order of their ids (the order they were opened). */
    Map<Long, WatchCreateRequest> openWatches() {
        return Collections.unmodifiableMap(new TreeMap<>(openWatches));
    }

    // ---- the service ----

    @Override
    public CompletableFuture<RangeResponse> range(RangeRequest request) {
        return serve(request, () -> {
            RequestValidator.validateRange(request, limits);
            return machine.store().range(request);
        });
    }

    @Override
    public CompletableFuture<PutResponse> put(PutRequest request) {
        return serve(request, () -> write(RequestOp.newBuilder().setRequestPut(request).build()).getWrite().getResponsePut());
    }

    @Override
    public CompletableFuture<DeleteRangeResponse> deleteRange(DeleteRangeRequest request) {
        return serve(request, () -> write(RequestOp.newBuilder().setRequestDeleteRange(request).build()).getWrite()
                .getResponseDeleteRange());
    }

    @Override
    public CompletableFuture<TxnResponse> txn(TxnRequest request) {
        return serve(request, () -> write(RequestOp.newBuilder().setRequestTxn(request).build()).getWrite().getResponseTxn());
    }

    @Override
    public CompletableFuture<CompactionResponse> compact(CompactionRequest request) {
        return serve(request, () -> CompactionResponse.newBuilder()
                .setHeader(header(propose(Command.newBuilder().setCompaction(request).build()).getRevision())).build());
    }

    /** As the server: a TTL above the limit is refused, one below the minimum raised to it; ids come in order. */
    @Override
    public CompletableFuture<LeaseGrantResponse> leaseGrant(LeaseGrantRequest request) {
        return serve(request, () -> {
            if (request.getTTL() > limits.maxLeaseTtlSeconds()) {
                throw new KvException(KvError.Code.TTL_OUT_OF_RANGE, "lease TTL " + request.getTTL() + " s is above the limit");
            }
            if (request.getID() < 0) {
                throw new KvException(KvError.Code.INVALID_ARGUMENT, "lease id must not be negative, was " + request.getID());
            }
            long ttl = Math.max(request.getTTL(), limits.minLeaseTtlSeconds());
            long id = request.getID() != 0 ? request.getID() : freshLeaseId();
            Command grant = Command.newBuilder().setLeaseGrant(request.toBuilder().setTTL(ttl).setID(id)).build();
            CommandResult result = propose(grant);
            return result.getLeaseGrant().toBuilder().setHeader(header(result.getRevision())).build();
        });
    }

    @Override
    public CompletableFuture<LeaseRevokeResponse> leaseRevoke(LeaseRevokeRequest request) {
        return serve(request, () -> LeaseRevokeResponse.newBuilder()
                .setHeader(header(propose(Command.newBuilder().setLeaseRevoke(request).build()).getRevision())).build());
    }

    /** As the leader serves it: renews the deadline of a lease that exists; TTL 0 for one that does not. */
    @Override
    public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
        return serve(request, () -> {
            long id = request.getID();
            boolean renewed = machine.leases().exists(id) && machine.deadlines().renew(id);
            long ttl = renewed ? machine.leases().get(id).ttlSeconds() : 0;
            return LeaseKeepAliveResponse.newBuilder().setHeader(header(machine.store().revision())).setID(id).setTTL(ttl)
                    .build();
        });
    }

    @Override
    public CompletableFuture<LeaseTimeToLiveResponse> leaseTimeToLive(LeaseTimeToLiveRequest request) {
        return serve(request, () -> {
            LeaseTimeToLiveResponse.Builder response = LeaseTimeToLiveResponse.newBuilder()
                    .setHeader(header(machine.store().revision())).setID(request.getID());
            LeaseTable.Lease lease = machine.leases().get(request.getID());
            if (lease == null) {
                return response.setTTL(-1).build();
            }
            response.setTTL(machine.deadlines().remainingMillis(request.getID()) / 1000).setGrantedTTL(lease.ttlSeconds());
            if (request.getKeys()) {
                response.addAllKeys(lease.keys());
            }
            return response.build();
        });
    }

    @Override
    public CompletableFuture<LeaseLeasesResponse> leaseLeases(LeaseLeasesRequest request) {
        return serve(request, () -> {
            LeaseLeasesResponse.Builder response = LeaseLeasesResponse.newBuilder().setHeader(header(machine.store().revision()));
            for (long id : machine.leases().ids()) {
                response.addLeases(LeaseStatus.newBuilder().setID(id));
            }
            return response.build();
        });
    }

    @Override
    public WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        requests.add(request);
        long[] watchId = {-1};
        WatchSink tracked = response -> {
            if (response.getCreated()) {
                openWatches.put(response.getWatchId(), request);
            }
            if (response.getCanceled()) {
                openWatches.remove(response.getWatchId());
            }
            sink.onResponse(response);
        };
        try {
            watchId[0] = machine.watches().create(request, machine.store(), tracked);
        } catch (KvException refused) {
            sink.onResponse(WatchResponse.newBuilder().setHeader(header(machine.store().revision())).setCanceled(true)
                    .setCancelReason(refused.getMessage()).build());
        }
        return new WatchHandle() {
            @Override
            public void requestProgress() {
                machine.watches().requestProgress(watchId[0], machine.store().revision());
            }

            @Override
            public void cancel() {
                machine.watches().cancel(watchId[0], machine.store().revision());
            }
        };
    }

    // ---- the plumbing ----

    private <T> CompletableFuture<T> serve(Message request, Supplier<T> operation) {
        requests.add(request);
        Fault fault = faults.stream().filter(f -> f.matches.test(request)).findFirst().orElse(null);
        if (fault != null && fault.kind == FaultKind.REFUSE) {
            return CompletableFuture.failedFuture(fault.error.get());
        }
        T answer;
        try {
            answer = operation.get();
        } catch (KvException refused) {
            return CompletableFuture.failedFuture(refused);
        }
        if (fault == null) {
            return CompletableFuture.completedFuture(answer);
        }
        if (fault.kind == FaultKind.APPLY_THEN_LOSE_ANSWER) {
            return CompletableFuture.failedFuture(fault.error.get());
        }
        CompletableFuture<T> late = new CompletableFuture<>();
        scheduler.schedule(fault.delayMillis, () -> late.complete(answer));
        return late;
    }

    private CommandResult write(RequestOp op) {
        RequestValidator.validate(op, limits);
        return propose(Command.newBuilder().setWrite(op).build());
    }

    /** Applies {@code command} as the next log entry; a refusal the state machine answered is thrown. */
    private CommandResult propose(Command command) {
        if (applying) {
            throw new IllegalStateException("a request reached the service while it applied another: a watch sink "
                    + "called back into the service instead of handing the response off");
        }
        if (command.getSerializedSize() > limits.maxRequestBytes()) {
            throw new KvException(KvError.Code.REQUEST_TOO_LARGE, "request is " + command.getSerializedSize()
                    + " bytes, the limit is " + limits.maxRequestBytes());
        }
        ByteString answer;
        applying = true;
        try {
            answer = machine.apply(++index, command.toByteString());
        } finally {
            applying = false;
        }
        CommandResult result;
        try {
            result = CommandResult.parseFrom(answer);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the state machine answered bytes that are no CommandResult", e);
        }
        if (result.hasError()) {
            throw KvException.of(result.getError());
        }
        return result;
    }

    /** The leader's lease tick, at the resolution of the manual clock: expire whatever ran out. */
    private void leaseClockMoved(long elapsedMillis) {
        machine.deadlines().advance(elapsedMillis);
        for (long id : machine.deadlines().takeExpired()) {
            try {
                propose(Command.newBuilder().setLeaseExpiry(LeaseExpiry.newBuilder().setID(id)).build());
            } catch (KvException gone) {
                // Revoked between the deadline and now: the server ignores this outcome too.
            }
        }
    }

    private long freshLeaseId() {
        while (machine.leases().exists(nextLeaseId)) {
            nextLeaseId++;
        }
        return nextLeaseId++;
    }

    private static ResponseHeader header(long revision) {
        return ResponseHeader.newBuilder().setRevision(revision).build();
    }
}
