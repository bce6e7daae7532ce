package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.raft.runtime.IndeterminateStateException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One in-process store, its manual clock and a client, and the waits the tests need: every wait
 * runs virtual time up to a deadline and fails there, so no test sleeps or hangs.
 */
final class RecipeFixture {
    /** Virtual time one step of a wait lets pass. */
    private static final long STEP_MILLIS = 10;

    final ManualScheduler scheduler = new ManualScheduler();
    final InProcessKvService service;
    final KvClient client;

    RecipeFixture() {
        this(1);
    }

    RecipeFixture(long minLeaseTtlSeconds) {
        service = new InProcessKvService(KvLimits.DEFAULTS.withMinLeaseTtlSeconds(minLeaseTtlSeconds), scheduler);
        client = new KvClient(service, scheduler);
    }

    /** Runs what is due now; the future must then be complete, and its value is returned. */
    <T> T now(CompletableFuture<T> future) {
        return within(0, future);
    }

    /** Lets at most {@code maxMillis} of virtual time pass for the future to complete, and returns its value. */
    <T> T within(long maxMillis, CompletableFuture<T> future) {
        runUntilDone(maxMillis, future);
        try {
            return future.join();
        } catch (CompletionException failed) {
            throw new AssertionError("expected a value, the future failed with " + failed.getCause(), failed.getCause());
        }
    }

    /** Runs what is due now; the future must then have failed with a {@code type}, which is returned. */
    <E extends Throwable> E failure(Class<E> type, CompletableFuture<?> future) {
        runUntilDone(0, future);
        try {
            future.join();
        } catch (CompletionException failed) {
            return assertInstanceOf(type, failed.getCause(), "the failure");
        }
        return fail("expected a failure with " + type.getSimpleName() + ", the future completed with " + future.join());
    }

    /** Runs what is due now; the future must still be pending. */
    void pending(CompletableFuture<?> future, String what) {
        scheduler.runDue();
        assertFalse(future.isDone(), () -> what + " should still be pending, but completed: " + future);
    }

    void advance(long millis) {
        scheduler.advance(millis);
    }

    Session session(long ttlSeconds) {
        // No drift allowance, so that tests can name exact deadlines; SessionTest covers the allowance.
        return now(Session.open(client, ttlSeconds, 0));
    }

    /** Keep-alives of {@code session} are refused from now on, as if it lost the cluster. */
    void cutKeepAlives(Session session) {
        service.refuse(request -> request instanceof LeaseKeepAliveRequest keepAlive && keepAlive.getID() == session.leaseId(),
                () -> new IndeterminateStateException("injected: the keep-alive was lost"));
    }

    Optional<KeyValue> get(ByteString key) {
        return now(client.kv().get(key));
    }

    Optional<KeyValue> get(String key) {
        return get(Bytes.of(key));
    }

    /** The keys under {@code prefix}, in key order. */
    List<KeyValue> keysUnder(String prefix) {
        return now(client.kv().getPrefix(Bytes.of(prefix))).getKvsList();
    }

    long revision() {
        return now(client.kv().range(RangeRequest.newBuilder().setKey(Bytes.of("?")).build())).getHeader().getRevision();
    }

    private void runUntilDone(long maxMillis, CompletableFuture<?> future) {
        long deadline = scheduler.nowMillis() + maxMillis;
        scheduler.runDue();
        while (!future.isDone() && scheduler.nowMillis() < deadline) {
            scheduler.advance(Math.min(STEP_MILLIS, deadline - scheduler.nowMillis()));
        }
        assertTrue(future.isDone(), () -> "not complete within " + maxMillis + " ms of virtual time");
    }
}
