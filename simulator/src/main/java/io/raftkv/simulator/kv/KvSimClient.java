package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.raftkv.kv.KvException;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.watch.WatchSink;
import io.raftkv.raft.runtime.IndeterminateStateException;
import io.raftkv.raft.runtime.NotLeaderException;
import io.raftkv.raft.runtime.RaftException;
import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.loop.Event;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import io.raftkv.simulator.loop.TraceHash;
import io.raftkv.simulator.node.SimNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * How a simulated KV client talks to the cluster, like {@link io.raftkv.simulator.client.SimClient}:
 * a request goes to the node it believes leads, after a client latency; a request to a machine
 * that is down, or an answer from a process that died, is simply lost; the answer takes a latency
 * back; after the timeout the outcome is unknown. A NotLeader answer names the node to try next.
 * The client's clock is virtual time itself.
 */
public abstract class KvSimClient {
    protected final long clientId;
    protected final EventLoop loop;
    protected final RandomGenerator random;
    protected final ClientModel timing;
    protected final KvHistory history;
    private final ClusterAccess cluster;
    private final Violations violations;
    private long believedLeader;
    private long requests;
    private long stopMicros = Long.MAX_VALUE;

    /** What became of one request: exactly one of these is called, once. */
    public interface Answer<T> {
        void ok(T value);

        /** Refused (certainly not applied): by the KV rules, or by a node that does not lead. */
        void failed(RuntimeException cause);

        /** Timed out, or failed in a way that leaves its effect open. */
        void unknown();
    }

    /** How a recorded operation ended: the response when OK, the refusal when FAILED, else nulls. */
    public interface Done<T> {
        void done(KvOp op, T response, RuntimeException refusal);
    }

    protected KvSimClient(long clientId, EventLoop loop, ClusterAccess cluster, KvHistory history,
                          RandomGenerator random, ClientModel timing, Violations violations) {
        this.clientId = clientId;
        this.history = history;
        this.loop = loop;
        this.cluster = cluster;
        this.random = random;
        this.timing = timing;
        this.violations = violations;
    }

    public long clientId() {
        return clientId;
    }

    /** The client begins at {@code startMicros} and sends nothing at or after {@code stopAtMicros}. */
    public final void start(long startMicros, long stopAtMicros) {
        this.stopMicros = stopAtMicros;
        after(startMicros - loop.nowMicros(), this::begin);
    }

    /** The first step. */
    protected abstract void begin();

    /** From now on nothing is sent: a request asked for is dropped, with no answer ever, and the client falls silent. */
    protected boolean stopped() {
        return loop.nowMicros() >= stopMicros;
    }

    /** Sends {@code call} to the node believed to lead; {@code answer} hears how it ended. */
    protected <T> void send(Function<KvService, CompletableFuture<T>> call, Answer<T> answer) {
        if (stopped()) {
            return;
        }
        if (believedLeader == 0) {
            believedLeader = 1 + random.nextInt(cluster.size());
        }
        long nodeId = believedLeader;
        long digest = TraceHash.combine(clientId, ++requests);
        Request<T> request = new Request<>(answer);
        loop.after(latency(), EventKind.CLIENT_REQUEST, nodeId, digest, () -> deliver(nodeId, digest, call, request));
        request.timeout = loop.after(timing.timeoutMicros(), EventKind.CLIENT_TIMEOUT, 0, digest, () -> {
            if (request.finish()) {
                believedLeader = 0;
                answer.unknown();
            }
        });
    }

    /**
     * Invokes one operation of the history: records it, sends it, completes it with the outcome
     * (an unknown one has no answer), then calls {@code then}. Once stopped, does nothing.
     */
    protected <T extends Message> void perform(KvOp.Kind kind, ByteString key, ByteString value, long leaseId,
                                               Function<KvService, CompletableFuture<T>> call, Done<T> then) {
        if (stopped()) {
            return;
        }
        KvOp op = history.invoke(clientId, kind, key, value, leaseId, loop.nowMicros(), loop.eventsRun());
        send(call, new Answer<T>() {
            @Override
            public void ok(T response) {
                history.complete(op, KvOp.Outcome.OK, response, loop.nowMicros(), loop.eventsRun());
                then.done(op, response, null);
            }

            @Override
            public void failed(RuntimeException cause) {
                history.complete(op, KvOp.Outcome.FAILED, null, loop.nowMicros(), loop.eventsRun());
                then.done(op, null, cause);
            }

            @Override
            public void unknown() {
                history.complete(op, KvOp.Outcome.UNKNOWN, null, loop.nowMicros(), loop.eventsRun());
                then.done(op, null, null);
            }
        });
    }

    /**
     * Sends {@code call} as {@link #send} does, for code written against {@link KvService} (the
     * recipes): the future completes with the answer, fails with the refusal, or after the timeout
     * fails with an {@link IndeterminateStateException}. Once stopped, it never completes.
     */
    protected <T> CompletableFuture<T> request(Function<KvService, CompletableFuture<T>> call) {
        CompletableFuture<T> future = new CompletableFuture<>();
        send(call, new Answer<T>() {
            @Override
            public void ok(T value) {
                future.complete(value);
            }

            @Override
            public void failed(RuntimeException cause) {
                future.completeExceptionally(cause);
            }

            @Override
            public void unknown() {
                future.completeExceptionally(new IndeterminateStateException("client " + clientId
                        + ": no answer within " + timing.timeoutMicros() + "us"));
            }
        });
        return future;
    }

    /**
     * Opens a watch on the node believed to lead, as a stream to it: the request and every response
     * take a latency; if the node is down when the request arrives, or later crashes or goes down,
     * the stream breaks and {@code sink} hears "canceled" (without a compact revision).
     */
    protected WatchHandle watch(WatchCreateRequest request, WatchSink sink) {
        if (believedLeader == 0) {
            believedLeader = 1 + random.nextInt(cluster.size());
        }
        return new RemoteWatch(loop, cluster.node(believedLeader), clientId, this::latency, timing.timeoutMicros())
                .open(request, sink);
    }

    /** Runs {@code action} after {@code delayMicros}, as this client's next step. */
    protected void after(long delayMicros, Runnable action) {
        loop.after(delayMicros, EventKind.CLIENT_NEXT, 0, clientId, action);
    }

    protected long between(long min, long max) {
        return min == max ? min : random.nextLong(min, max + 1);
    }

    private <T> void deliver(long nodeId, long digest, Function<KvService, CompletableFuture<T>> call, Request<T> request) {
        SimNode node = cluster.node(nodeId);
        if (!node.isUp() || node.kv() == null) {
            return;
        }
        int incarnation = node.incarnation();
        CompletableFuture<T> future;
        try {
            future = call.apply(node.kv().service());
        } catch (RuntimeException refused) {
            future = CompletableFuture.failedFuture(refused);
        }
        future.whenComplete((value, error) -> {
            // A process that crashed in the middle of a task answers nobody.
            if (node.isUp() && node.incarnation() == incarnation) {
                loop.after(latency(), EventKind.CLIENT_RESPONSE, 0, digest, () -> onAnswer(nodeId, request, value, error));
            }
        });
    }

    private <T> void onAnswer(long nodeId, Request<T> request, T value, Throwable error) {
        if (!request.finish()) {
            return;
        }
        request.timeout.cancel();
        if (error == null) {
            request.answer.ok(value);
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof KvException refused) {
            request.answer.failed(refused);
        } else if (cause instanceof RaftException raft) {
            believedLeader = raft instanceof NotLeaderException notLeader ? notLeader.leaderId() : 0;
            if (raft.certainlyNotApplied()) {
                request.answer.failed(raft);
            } else {
                request.answer.unknown();
            }
        } else {
            violations.report(nodeId, Invariant.CLIENT_OUTCOME, "client " + clientId
                    + ": a request failed with an exception outside the KvException and RaftException families: " + cause);
            believedLeader = 0;
            request.answer.unknown();
        }
    }

    protected long latency() {
        return between(timing.latencyMinMicros(), timing.latencyMaxMicros());
    }

    private static final class Request<T> {
        final Answer<T> answer;
        Event timeout;
        boolean finished;

        Request(Answer<T> answer) {
            this.answer = answer;
        }

        /** True the first time: the one outcome this request gets. */
        boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            return true;
        }
    }
}
