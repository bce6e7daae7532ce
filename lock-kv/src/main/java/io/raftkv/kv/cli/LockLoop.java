package io.raftkv.kv.cli;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.recipe.Mutex;
import io.raftkv.kv.recipe.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lock acquire-and-release cycles: {@code contenders} threads, each with its own session, lock and
 * unlock a {@link Mutex} in a loop, all on one key or each on its own. A cycle is one lock plus one
 * unlock; its latency includes the wait for the others.
 */
final class LockLoop {
    private static final long SESSION_TTL_SECONDS = 10;
    private static final long STEP_DEADLINE_MS = 10_000;

    private LockLoop() {}

    static Sample run(KvClient client, int contenders, boolean sharedKey, long warmupMs, long measureMs)
            throws InterruptedException {
        List<Session> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < contenders; i++) {
                sessions.add(await(Session.open(client, SESSION_TTL_SECONDS)));
            }
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
            Latencies latencies = new Latencies(start, start + TimeUnit.MILLISECONDS.toNanos(measureMs));
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < contenders; i++) {
                Mutex mutex = new Mutex(sessions.get(i), sharedKey ? "/bench/lock" : "/bench/lock-" + i);
                Thread thread = new Thread(() -> cycle(mutex, latencies), "bench-lock-" + i);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join(warmupMs + measureMs + 2 * STEP_DEADLINE_MS);
                if (thread.isAlive()) {
                    throw new IllegalStateException(thread.getName() + " did not stop");
                }
            }
            return latencies.sample();
        } finally {
            for (Session session : sessions) {
                session.close();
            }
        }
    }

    private static void cycle(Mutex mutex, Latencies latencies) {
        while (true) {
            long start = System.nanoTime();
            if (latencies.over(start)) {
                return;
            }
            boolean ok;
            try {
                await(mutex.lock());
                ok = await(mutex.unlock());
            } catch (RuntimeException | InterruptedException failed) {
                // A contender that cannot lock is done: its session or the cluster failed.
                latencies.record(start, System.nanoTime(), false);
                return;
            }
            latencies.record(start, System.nanoTime(), ok);
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws InterruptedException {
        try {
            return future.get(STEP_DEADLINE_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }
}
