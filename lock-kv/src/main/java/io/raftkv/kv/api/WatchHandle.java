package io.raftkv.kv.api;

/** An open watch: ask it for progress, or cancel it (its sink then receives "canceled"). */
public interface WatchHandle extends AutoCloseable {
    void requestProgress();

    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
