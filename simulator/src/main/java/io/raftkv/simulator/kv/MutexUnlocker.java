package io.raftkv.simulator.kv;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.recipe.Mutex;
import java.util.concurrent.CompletableFuture;

/**
 * How a mutex client gives up the mutex it holds. The correct way, and the default, is the
 * recipe's own {@link Mutex#unlock()} (guarded by the key's create revision); tests plug in broken
 * ones.
 */
@FunctionalInterface
public interface MutexUnlocker {
    MutexUnlocker RECIPE = (mutex, client) -> mutex.unlock();

    /**
     * Releases {@code mutex}, which holds, through {@code client}. The future completes once the
     * hold is given up (the client then locks again with the same session), or fails, after which
     * the client calls again while its session lives.
     */
    CompletableFuture<Boolean> unlock(Mutex mutex, KvClient client);
}
