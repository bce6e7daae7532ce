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
        // A timer not yet due when the scheduler closes never runs: otherwise a periodic task
        // (a keep-alive, a retry pause) would hold the thread until it fired, then fail to reschedule.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
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

    /**
     * Stops the thread once the tasks already submitted to run now have run; timers not yet due
     * are dropped, and later submissions are refused. Returns at once (see {@link #awaitTermination}).
     */
    @Override
    public void close() {
        executor.shutdown();
    }

    /** After {@link #close}: waits up to {@code timeoutMillis} for the thread to end; true if it did. */
    public boolean awaitTermination(long timeoutMillis) throws InterruptedException {
        return executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
