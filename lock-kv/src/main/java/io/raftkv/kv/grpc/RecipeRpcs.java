package io.raftkv.kv.grpc;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.raftkv.kv.proto.CampaignRequest;
import io.raftkv.kv.proto.CampaignResponse;
import io.raftkv.kv.proto.ElectionGrpc;
import io.raftkv.kv.proto.LeaderKey;
import io.raftkv.kv.proto.LeaderRequest;
import io.raftkv.kv.proto.LeaderResponse;
import io.raftkv.kv.proto.LockGrpc;
import io.raftkv.kv.proto.LockRequest;
import io.raftkv.kv.proto.LockResponse;
import io.raftkv.kv.proto.ProclaimRequest;
import io.raftkv.kv.proto.ProclaimResponse;
import io.raftkv.kv.proto.ResignRequest;
import io.raftkv.kv.proto.ResignResponse;
import io.raftkv.kv.proto.UnlockRequest;
import io.raftkv.kv.proto.UnlockResponse;
import io.raftkv.kv.recipe.LeaderObserver;
import io.raftkv.kv.recipe.LeaseRecipes;
import io.raftkv.kv.recipe.RecipeException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * etcd's Lock ({@code v3lockpb.Lock}) and Election ({@code v3electionpb.Election}) services over
 * {@link LeaseRecipes}: translation only; the semantics are the recipe package's. A call the client
 * cancels (or whose deadline passes) while waiting gives up its place in the queue.
 *
 * <p>Errors of the recipes go as etcd's servers send them, code UNKNOWN with etcd's text:
 * {@value #NOT_LEADER} (a proclaim by a leadership that is over, or a LeaderKey that does not match
 * its lease), {@value #NO_LEADER} (Leader of an election nobody leads), and the recipe's message for
 * a key gone with its lease. A lock or campaign without a lease is refused (INVALID_ARGUMENT): the
 * key would never go.
 */
final class RecipeRpcs {
    static final String NOT_LEADER = "election: not leader";
    static final String NO_LEADER = "election: no leader";

    private final LeaseRecipes recipes;
    private final long streamQueuedBytesMax;

    RecipeRpcs(LeaseRecipes recipes, long streamQueuedBytesMax) {
        this.recipes = recipes;
        this.streamQueuedBytesMax = streamQueuedBytesMax;
    }

    LockGrpc.LockImplBase lock() {
        return new LockGrpc.LockImplBase() {
            @Override
            public void lock(LockRequest request, StreamObserver<LockResponse> out) {
                if (request.getLease() == 0) {
                    out.onError(noLease("lock"));
                    return;
                }
                waitFor(() -> recipes.lock(request.getName(), request.getLease()),
                        held -> LockResponse.newBuilder().setHeader(held.header()).setKey(held.key()).build(), out);
            }

            @Override
            public void unlock(UnlockRequest request, StreamObserver<UnlockResponse> out) {
                reply(() -> recipes.unlock(request.getKey()),
                        header -> UnlockResponse.newBuilder().setHeader(header).build(), out);
            }
        };
    }

    ElectionGrpc.ElectionImplBase election() {
        return new ElectionGrpc.ElectionImplBase() {
            @Override
            public void campaign(CampaignRequest request, StreamObserver<CampaignResponse> out) {
                if (request.getLease() == 0) {
                    out.onError(noLease("campaign"));
                    return;
                }
                waitFor(() -> recipes.campaign(request.getName(), request.getLease(), request.getValue()),
                        held -> CampaignResponse.newBuilder().setHeader(held.header()).setLeader(LeaderKey.newBuilder()
                                .setName(held.name()).setKey(held.key()).setRev(held.revision()).setLease(held.lease()))
                                .build(), out);
            }

            @Override
            public void proclaim(ProclaimRequest request, StreamObserver<ProclaimResponse> out) {
                LeaderKey leader = request.getLeader();
                reply(() -> recipes.proclaim(leader.getName(), leader.getKey(), leader.getRev(), leader.getLease(),
                        request.getValue()), header -> ProclaimResponse.newBuilder().setHeader(header).build(), out);
            }

            @Override
            public void resign(ResignRequest request, StreamObserver<ResignResponse> out) {
                LeaderKey leader = request.getLeader();
                reply(() -> recipes.resign(leader.getName(), leader.getKey(), leader.getRev(), leader.getLease()),
                        header -> ResignResponse.newBuilder().setHeader(header).build(), out);
            }

            @Override
            public void leader(LeaderRequest request, StreamObserver<LeaderResponse> out) {
                reply(() -> recipes.leader(request.getName()), leader -> {
                    if (leader.kv().isEmpty()) {
                        throw Status.UNKNOWN.withDescription(NO_LEADER).asRuntimeException();
                    }
                    return LeaderResponse.newBuilder().setHeader(leader.header()).setKv(leader.kv().get()).build();
                }, out);
            }

            @Override
            public void observe(LeaderRequest request, StreamObserver<LeaderResponse> out) {
                StreamOutbox<LeaderResponse> outbox = new StreamOutbox<>((ServerCallStreamObserver<LeaderResponse>) out,
                        streamQueuedBytesMax);
                LeaderObserver observer = recipes.observe(request.getName(), (kv, header) ->
                        outbox.send(LeaderResponse.newBuilder().setHeader(header).setKv(kv).build()));
                // Ends with the call: the client cancelled, its deadline passed, or the stream failed.
                Context.current().addListener(context -> observer.close(), Runnable::run);
                observer.stopped().whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        outbox.fail(toStatus(failure));
                    } else {
                        outbox.complete();
                    }
                });
            }
        };
    }

    /** A call that waits in a queue: cancelling the call (or its deadline) cancels the wait. */
    private static <T, R> void waitFor(Supplier<CompletableFuture<T>> call, Function<T, R> response,
            StreamObserver<R> out) {
        CompletableFuture<T> waiting = KvGrpcService.invoke(call);
        Context.current().addListener(context -> waiting.cancel(false), Runnable::run);
        answer(waiting, response, out);
    }

    private static <T, R> void reply(Supplier<CompletableFuture<T>> call, Function<T, R> response,
            StreamObserver<R> out) {
        answer(KvGrpcService.invoke(call), response, out);
    }

    private static <T, R> void answer(CompletableFuture<T> future, Function<T, R> response, StreamObserver<R> out) {
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                out.onError(toStatus(failure));
                return;
            }
            R message;
            try {
                message = response.apply(value);
            } catch (StatusRuntimeException refused) {
                out.onError(refused);
                return;
            }
            out.onNext(message);
            out.onCompleted();
        });
    }

    private static StatusRuntimeException noLease(String operation) {
        return Status.INVALID_ARGUMENT.withDescription(operation + " needs a lease (the key would never go without one)")
                .asRuntimeException();
    }

    /** A recipe's own failures as etcd's servers send them; the KV service's through {@link EtcdStatus}. */
    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RecipeException refused) {
            String description = refused.reason() == RecipeException.Reason.NOT_ELECTION_LEADER ? NOT_LEADER
                    : refused.getMessage();
            return Status.UNKNOWN.withDescription(description).withCause(refused).asRuntimeException();
        }
        return EtcdStatus.toStatus(failure);
    }
}
