package io.raftkv.storage;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.runtime.LogStorage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Test helpers: entries, and writes awaited with a deadline. */
final class Writes {
    private Writes() {}

    static final long DEADLINE_MS = 10_000;

    static Entry entry(long index, long term) {
        return Entry.normal(index, term, ByteString.copyFrom("e" + index + "t" + term, StandardCharsets.UTF_8));
    }

    /** Entries {@code from..to} inclusive, all in {@code term}. */
    static List<Entry> entries(long from, long to, long term) {
        List<Entry> entries = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            entries.add(entry(i, term));
        }
        return entries;
    }

    static CompletableFuture<Void> issue(LogStorage storage, HardState hardState, List<Entry> entries) {
        CompletableFuture<Void> durable = new CompletableFuture<>();
        storage.write(hardState, entries, callback(durable));
        return durable;
    }

    static LogStorage.WriteCallback callback(CompletableFuture<Void> durable) {
        return new LogStorage.WriteCallback() {
            @Override
            public void onDurable() {
                durable.complete(null);
            }

            @Override
            public void onFailure(Exception cause) {
                durable.completeExceptionally(cause);
            }
        };
    }

    /** Writes and waits until the write is durable; fails the test if it fails or takes too long. */
    static void durably(LogStorage storage, HardState hardState, List<Entry> entries) {
        await(issue(storage, hardState, entries));
    }

    static void await(CompletableFuture<Void> durable) {
        try {
            durable.get(DEADLINE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a write", e);
        } catch (ExecutionException e) {
            throw new AssertionError("write failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("write not durable within " + DEADLINE_MS + " ms", e);
        }
    }
}
