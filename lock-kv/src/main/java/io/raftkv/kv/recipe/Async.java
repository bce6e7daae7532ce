package io.raftkv.kv.recipe;

import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.KvError;
import io.raftkv.raft.runtime.Scheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How the recipes stay single-threaded without locks: each recipe's state is touched only on its
 * client's {@link Scheduler} (one logical thread, deterministic in the simulator), so every public
 * method hops onto it, and so does every continuation of a service future.
 */
final class Async {
    private Async() {
    }

    /**
     * Runs {@code body} on the scheduler and completes the returned future as its future completes,
     * with the cause itself rather than a {@link CompletionException} around it. Cancelling the
     * returned future before the body ran skips it; later, it stops nothing.
     */
    static <T> CompletableFuture<T> on(Scheduler scheduler, Supplier<CompletableFuture<T>> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.execute(() -> {
            if (result.isDone()) {
                return;
            }
            try {
                forward(body.get(), result);
            } catch (RuntimeException refused) {
                result.completeExceptionally(refused);
            }
        });
        return result;
    }

    /**
     * Runs a continuation so that whatever it throws (a broken invariant, a service that threw
     * instead of failing its future) goes to {@code onFailure} rather than vanishing inside the
     * scheduler and leaving the caller waiting forever.
     */
    static void guarded(Runnable continuation, Consumer<? super RuntimeException> onFailure) {
        try {
            continuation.run();
        } catch (RuntimeException failure) {
            onFailure.accept(failure);
        }
    }

    /** Completes {@code target} as {@code source} completes, unwrapping the cause of a failure. */
    static <T> void forward(CompletableFuture<? extends T> source, CompletableFuture<T> target) {
        source.whenComplete((value, error) -> {
            if (error == null) {
                target.complete(value);
            } else {
                target.completeExceptionally(cause(error));
            }
        });
    }

    /** The failure a future's chain stands for, without the wrappers that chaining adds. */
    static Throwable cause(Throwable error) {
        Throwable cause = error;
        int depth = 0;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null && depth++ < 16) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** True when {@code error} says the lease does not exist (revoked, expired, or never granted). */
    static boolean isLeaseNotFound(Throwable error) {
        return cause(error) instanceof KvException refused && refused.code() == KvError.Code.LEASE_NOT_FOUND;
    }

    static <T> CompletableFuture<T> failed(Throwable error) {
        return CompletableFuture.failedFuture(error);
    }
}
