package io.raftkv.kv.recipe;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.api.KvClient;
import io.raftkv.kv.api.WatchHandle;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RangeResponse;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.WatchResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Follows an election's leader ({@link Election#observe}): reads every candidate under the prefix,
 * then watches the prefix from just after that read and keeps the candidates up to date, event by
 * event. After each revision it reports the leader (the candidate created first) if it is a new
 * key or a new value of the same key. Because it follows the whole queue rather than re-reading
 * it, no leader between two reads can be missed and none is reported twice.
 *
 * <p>A watch cancelled for compaction starts over with a fresh read (see {@link WatchRestarts});
 * any other failure ends the observation, and {@link #stopped()} fails with it.
 */
public final class LeaderObserver implements AutoCloseable {
    private final KvClient client;
    private final Executor onScheduler;
    private final ByteString prefix;
    /** Gets each leader with the header of the read or watch response that showed it. */
    private final BiConsumer<KeyValue, ResponseHeader> listener;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    // Confined to the scheduler:
    /** The candidates by key, as of the last revision applied. */
    private final Map<ByteString, KeyValue> candidates = new TreeMap<>(KeyInterval.ORDER);
    private KeyValue reported;
    private WatchHandle watch;
    private long watchGeneration;
    private final WatchRestarts restarts;

    LeaderObserver(KvClient client, ByteString prefix, Consumer<KeyValue> listener) {
        this(client, prefix, (leader, header) -> listener.accept(leader));
    }

    LeaderObserver(KvClient client, ByteString prefix, BiConsumer<KeyValue, ResponseHeader> listener) {
        this.client = client;
        this.onScheduler = client.scheduler()::execute;
        this.prefix = prefix;
        this.listener = listener;
        this.restarts = new WatchRestarts("election " + prefix.toStringUtf8());
    }

    /** Completes when the observer is closed; fails if observing failed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    @Override
    public void close() {
        onScheduler.execute(() -> stop(null));
    }

    void start() {
        if (stopped.isDone()) {
            return;
        }
        RangeRequest everyCandidate = RangeRequest.newBuilder().setKey(prefix).setRangeEnd(KeyInterval.prefixEnd(prefix)).build();
        client.kv().range(everyCandidate).whenCompleteAsync((read, error) -> {
            if (stopped.isDone()) {
                return;
            }
            if (error != null) {
                stop(Async.cause(error));
                return;
            }
            Async.guarded(() -> follow(read), this::stop);
        }, onScheduler);
    }

    private void follow(RangeResponse read) {
        candidates.clear();
        for (KeyValue candidate : read.getKvsList()) {
            candidates.put(candidate.getKey(), candidate);
        }
        reportIfChanged(read.getHeader());
        long generation = ++watchGeneration;
        watch = client.watches().watchPrefix(prefix, read.getHeader().getRevision() + 1,
                response -> onScheduler.execute(() -> Async.guarded(() -> onWatch(generation, response), this::stop)));
    }

    private void onWatch(long generation, WatchResponse response) {
        if (generation != watchGeneration || stopped.isDone()) {
            return;
        }
        if (response.getCanceled()) {
            watch = null;
            if (restarts.allow(response)) {
                start();
            } else {
                stop(restarts.failure(response));
            }
            return;
        }
        if (response.getEventsCount() == 0) {
            return;
        }
        restarts.progressed();
        for (Event event : response.getEventsList()) {
            if (event.getType() == Event.EventType.PUT) {
                candidates.put(event.getKv().getKey(), event.getKv());
            } else {
                candidates.remove(event.getKv().getKey());
            }
        }
        reportIfChanged(response.getHeader());
    }

    /** Reports the first-created candidate if it is not the key-value reported last. */
    private void reportIfChanged(ResponseHeader header) {
        KeyValue leader = null;
        for (KeyValue candidate : candidates.values()) {
            if (leader == null || candidate.getCreateRevision() < leader.getCreateRevision()) {
                leader = candidate;
            }
        }
        if (leader == null || isReported(leader)) {
            return;
        }
        reported = leader;
        try {
            listener.accept(leader, header);
        } catch (RuntimeException failure) {
            // It runs on the client's scheduler, which may be a node's: a throwing listener ends
            // this observation, not the thread.
            stop(failure);
        }
    }

    private boolean isReported(KeyValue leader) {
        return reported != null && reported.getKey().equals(leader.getKey())
                && reported.getModRevision() == leader.getModRevision();
    }

    private void stop(Throwable failure) {
        watchGeneration++;
        if (watch != null) {
            watch.cancel();
            watch = null;
        }
        if (failure == null) {
            stopped.complete(null);
        } else {
            stopped.completeExceptionally(failure);
        }
    }
}
