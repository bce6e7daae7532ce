package io.raftkv.simulator.planted;

import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.recipe.Mutex;
import io.raftkv.simulator.kv.MutexUnlocker;
import java.util.concurrent.CompletableFuture;

/**
 * PLANTED BUG: a mutex released by deleting its key by name alone, without the guard on the key's
 * create revision that {@link Mutex#unlock()} has, retried after every failure (timeouts included)
 * until a delete is acknowledged; the client then locks again with the same session, so its next
 * key has the very same name.
 */
final class NameOnlyMutexUnlocker implements MutexUnlocker {
    static final MutexUnlocker UNLOCKER = new NameOnlyMutexUnlocker();
    private static final long RETRY_MILLIS = 50;

    @Override
    public CompletableFuture<Boolean> unlock(Mutex mutex, KvClient client) {
        CompletableFuture<Boolean> released = new CompletableFuture<>();
        attempt(mutex, client, released);
        return released;
    }

    private static void attempt(Mutex mutex, KvClient client, CompletableFuture<Boolean> released) {
        client.kv().delete(mutex.key()).whenComplete((deleted, error) -> {
            if (error == null) {
                released.complete(deleted.getDeleted() > 0);
            } else {
                client.scheduler().schedule(RETRY_MILLIS, () -> attempt(mutex, client, released));
            }
        });
    }
}
