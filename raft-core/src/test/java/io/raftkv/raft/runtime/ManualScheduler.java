package io.raftkv.raft.runtime;

import java.util.PriorityQueue;

/**
 * A scheduler on virtual time for runtime tests: tasks run only when the test says so, in
 * (time, submission) order, so tests need no sleeps and always see the same interleaving.
 * Several nodes may share one instance: they then share one timeline.
 */
final class ManualScheduler implements Scheduler {
    private record Task(long atMillis, long seq, Runnable body, boolean[] cancelled) {}

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            (a, b) -> a.atMillis != b.atMillis ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.seq, b.seq));
    private long nowMillis;
    private long nextSeq;

    @Override
    public long nowMillis() {
        return nowMillis;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(new Task(nowMillis, nextSeq++, task, new boolean[1]));
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        boolean[] cancelled = new boolean[1];
        tasks.add(new Task(nowMillis + delayMillis, nextSeq++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Runs every task due up to {@code nowMillis + millis}, advancing time as it goes. */
    void advance(long millis) {
        long until = nowMillis + millis;
        int budget = 10_000_000;
        while (!tasks.isEmpty() && tasks.peek().atMillis <= until) {
            if (--budget == 0) {
                throw new IllegalStateException("tasks keep scheduling themselves without end");
            }
            Task task = tasks.poll();
            nowMillis = task.atMillis;
            if (!task.cancelled[0]) {
                task.body.run();
            }
        }
        nowMillis = until;
    }

    /** Runs what is due now, without letting time pass. */
    void runDue() {
        advance(0);
    }
}
