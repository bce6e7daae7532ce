package io.raftkv.storage;

import io.raftkv.raft.runtime.LogStorage.WriteCallback;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the callbacks of synced (or failed) groups, in the order the groups are handed over, on
 * its own thread. Waking hundreds of waiting callers costs the writer a few microseconds each;
 * done here, it overlaps the next group's sync instead of delaying it.
 */
final class Acknowledger implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Acknowledger.class);
    /** Groups synced but not yet acknowledged; when full, the writer waits (backpressure). */
    static final int GROUPS_MAX = 64;

    private record Outcome(List<WriteCallback> callbacks, Exception failure) {}

    private static final Outcome END = new Outcome(List.of(), null);

    private final BlockingQueue<Outcome> queue = new ArrayBlockingQueue<>(GROUPS_MAX);
    private final Thread thread;

    Acknowledger(String threadName) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** {@code callbacks} are durable: acknowledge them after every group handed over before. */
    void durable(List<WriteCallback> callbacks) throws InterruptedException {
        queue.put(new Outcome(callbacks, null));
    }

    /** {@code callbacks} failed with {@code cause}, reported after every group handed over before. */
    void failed(List<WriteCallback> callbacks, Exception cause) throws InterruptedException {
        queue.put(new Outcome(callbacks, cause));
    }

    private void run() {
        try {
            for (Outcome outcome = queue.take(); outcome != END; outcome = queue.take()) {
                for (WriteCallback callback : outcome.callbacks()) {
                    notify(callback, outcome.failure());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void notify(WriteCallback callback, Exception failure) {
        try {
            if (failure == null) {
                callback.onDurable();
            } else {
                callback.onFailure(failure instanceof IOException ? failure
                        : new IOException("storage stopped: " + failure, failure));
            }
        } catch (RuntimeException e) {
            // A callback's bug must not stop the acknowledgement of the writes behind it.
            log.error("a storage write callback threw", e);
        }
    }

    /** Runs every callback handed over so far, then stops the thread. */
    @Override
    public void close() throws InterruptedException {
        queue.put(END);
        thread.join();
    }
}
