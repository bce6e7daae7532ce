package io.raftkv.kv.cli;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * {@code inFlight} lanes, each sending its next request as soon as its last one is answered, for a
 * warm-up and then a measured window. Requests are asynchronous: no thread per lane.
 */
final class ClosedLoop {
    private ClosedLoop() {}

    static Sample run(int inFlight, long warmupMs, long measureMs, Supplier<CompletableFuture<?>> request)
            throws InterruptedException {
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
        Latencies latencies = new Latencies(start, start + TimeUnit.MILLISECONDS.toNanos(measureMs));
        CompletableFuture<?>[] lanes = new CompletableFuture<?>[inFlight];
        for (int i = 0; i < inFlight; i++) {
            CompletableFuture<Void> lane = new CompletableFuture<>();
            lanes[i] = lane;
            next(request, latencies, lane);
        }
        long deadlineMs = warmupMs + measureMs + 60_000;
        try {
            CompletableFuture.allOf(lanes).get(deadlineMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("requests did not wind down within " + deadlineMs + " ms", e);
        }
        return latencies.sample();
    }

    private static void next(Supplier<CompletableFuture<?>> request, Latencies latencies, CompletableFuture<Void> lane) {
        long sent = System.nanoTime();
        if (latencies.over(sent)) {
            lane.complete(null);
            return;
        }
        // Async: a request that fails at once must not recurse on this stack.
        request.get().whenCompleteAsync((answer, failure) -> {
            latencies.record(sent, System.nanoTime(), failure == null);
            next(request, latencies, lane);
        });
    }
}
