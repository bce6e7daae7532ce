package io.raftkv.storage;

import io.raftkv.raft.runtime.LogStorage.WriteCallback;
import io.raftkv.raft.util.Check;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes every write issued so far, makes them durable with one
 * synced batch, then hands them to the {@link Acknowledger}, which runs their callbacks in issue
 * order while the next sync is already in flight; writes issued while a sync is in flight wait in
 * the queue and share the next one. So a busy node pays one fsync for many writes, and a
 * write is never acknowledged before its sync.
 *
 * <p>Failure stops the writer for good: the failed group and every later write get
 * {@link WriteCallback#onFailure}, and the sink is never called again, because a failed fsync
 * cannot be retried safely (the kernel may have dropped the dirty pages it failed to write).
 *
 * <p>A full queue blocks the caller for up to {@code enqueueTimeoutMs}; after that the write
 * fails, and with it the writer, since acknowledging later writes after dropping an earlier one
 * would break issue order.
 *
 * @param <W> one write as the sink understands it
 */
final class GroupCommitWriter<W> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Makes a group of writes durable, atomically and in order, or throws. */
    interface Sink<W> {
        void writeDurably(List<W> group) throws IOException;
    }

    /** How often an idle writer looks whether it is closing. */
    private static final long CLOSE_POLL_MS = 50;

    private record Pending<W>(W write, WriteCallback callback, long sizeBytes) {}

    private final Sink<W> sink;
    private final ToLongFunction<W> sizeBytes;
    private final BlockingQueue<Pending<W>> queue;
    private final int writeQueueMax;
    private final long enqueueTimeoutMs;
    private final int groupWritesMax;
    private final long groupBytesMax;
    private final Thread thread;
    private final Acknowledger acknowledger;
    private final AtomicLong writesDurable = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean closing;
    /** A write taken from the queue that did not fit in the last group: it opens the next one. */
    private Pending<W> carried;

    GroupCommitWriter(String threadName, Sink<W> sink, ToLongFunction<W> sizeBytes, StorageOptions options) {
        this.sink = sink;
        this.sizeBytes = sizeBytes;
        this.queue = new ArrayBlockingQueue<>(options.writeQueueMax());
        this.writeQueueMax = options.writeQueueMax();
        this.enqueueTimeoutMs = options.enqueueTimeoutMs();
        this.groupWritesMax = options.groupWritesMax();
        this.groupBytesMax = options.groupBytesMax();
        this.acknowledger = new Acknowledger(threadName + "-acks");
        this.thread = new Thread(this::run, threadName);
        // close() is the orderly way out; a daemon thread keeps a forgotten storage from holding the JVM.
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Issues a write. The order of calls is the issue order, so calls are serialized here; a caller
     * blocked on a full queue holds up the callers behind it, which is the backpressure we want.
     */
    synchronized void submit(W write, WriteCallback callback) {
        Check.that(write != null && callback != null, "write and callback must be set");
        Exception failed = failure.get();
        if (failed != null || closing) {
            callback.onFailure(failed != null ? stoppedBy(failed) : new IOException("storage is closed"));
            return;
        }
        Pending<W> pending = new Pending<>(write, callback, sizeBytes.applyAsLong(write));
        boolean queued;
        try {
            queued = queue.offer(pending, enqueueTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.onFailure(new IOException("interrupted while waiting for room in the write queue", e));
            fail(new IOException("a write was dropped because its caller was interrupted; storage stopped"));
            return;
        }
        if (!queued) {
            IOException full = new IOException("write queue full (writeQueueMax " + writeQueueMax
                    + " writes) for " + enqueueTimeoutMs
                    + " ms (enqueueTimeoutMs): the disk is not keeping up; storage stopped");
            fail(full);
            callback.onFailure(full);
        }
    }

    private void run() {
        List<Pending<W>> group = new ArrayList<>();
        try {
            while (true) {
                group.clear();
                if (!takeGroup(group)) {
                    return;
                }
                Exception failed = failure.get();
                if (failed != null) {
                    acknowledger.failed(callbacks(group), failed);
                    continue;
                }
                writeGroup(group);
            }
        } catch (InterruptedException e) {
            // Only close() interrupts, and only when it was itself interrupted: give up quietly.
            Thread.currentThread().interrupt();
        }
    }

    /** Blocks for the first write, then adds whatever else is queued, within the group limits. */
    private boolean takeGroup(List<Pending<W>> group) throws InterruptedException {
        Pending<W> first = carried != null ? carried : nextOrNull();
        carried = null;
        if (first == null) {
            return false;
        }
        group.add(first);
        long bytes = first.sizeBytes();
        while (group.size() < groupWritesMax) {
            Pending<W> next = queue.poll();
            if (next == null) {
                break;
            }
            if (bytes + next.sizeBytes() > groupBytesMax) {
                carried = next;
                break;
            }
            group.add(next);
            bytes += next.sizeBytes();
        }
        return true;
    }

    /** The next write, or null once closing and nothing is left. */
    private Pending<W> nextOrNull() throws InterruptedException {
        while (true) {
            Pending<W> next = queue.poll(CLOSE_POLL_MS, TimeUnit.MILLISECONDS);
            if (next != null) {
                return next;
            }
            if (closing) {
                return null;
            }
        }
    }

    private void writeGroup(List<Pending<W>> group) throws InterruptedException {
        List<W> writes = new ArrayList<>(group.size());
        for (Pending<W> pending : group) {
            writes.add(pending.write());
        }
        try {
            sink.writeDurably(writes);
        } catch (IOException | RuntimeException e) {
            log.error("storage write of {} write(s) failed; storage stopped, no retry", group.size(), e);
            fail(e);
            acknowledger.failed(callbacks(group), e);
            return;
        }
        syncs.incrementAndGet();
        writesDurable.addAndGet(group.size());
        acknowledger.durable(callbacks(group));
    }

    private static List<WriteCallback> callbacks(List<? extends Pending<?>> group) {
        List<WriteCallback> callbacks = new ArrayList<>(group.size());
        for (Pending<?> pending : group) {
            callbacks.add(pending.callback());
        }
        return callbacks;
    }

    private void fail(Exception cause) {
        failure.compareAndSet(null, cause);
    }

    private static IOException stoppedBy(Exception cause) {
        return cause instanceof IOException io ? io : new IOException("storage stopped: " + cause, cause);
    }

    long writesDurable() {
        return writesDurable.get();
    }

    long syncs() {
        return syncs.get();
    }

    Exception failure() {
        return failure.get();
    }

    /**
     * Writes everything issued before this call, then stops the thread. Writes issued during or
     * after it fail with "storage is closed".
     */
    @Override
    public void close() {
        synchronized (this) {
            // After this, no submit can queue a write the thread would not see before it exits.
            closing = true;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
        }
        List<Pending<W>> left = new ArrayList<>();
        queue.drainTo(left);
        try {
            acknowledger.failed(callbacks(left), new IOException("storage is closed"));
            acknowledger.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
