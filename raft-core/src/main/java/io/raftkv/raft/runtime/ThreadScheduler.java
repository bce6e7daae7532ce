package io.raftkv.raft.runtime;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The production scheduler: one daemon thread per node runs every task of that node, and time is
 * the JVM's monotonic clock. (The simulator supplies its own Scheduler instead.)
 */
public final class ThreadScheduler implements Scheduler, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public ThreadScheduler(String threadName) {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        ScheduledFuture<?> scheduled = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> scheduled.cancel(false);
    }

    /** Stops the thread once the tasks already submitted have run. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
