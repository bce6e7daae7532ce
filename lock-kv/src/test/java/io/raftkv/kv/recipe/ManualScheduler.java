package io.raftkv.kv.recipe;

import io.raftkv.raft.runtime.Scheduler;
import java.util.PriorityQueue;
import java.util.function.LongConsumer;

/**
 * Virtual time for the recipe tests: nothing runs until the test advances the clock, and then
 * every task due runs in (due time, submission) order, so a test sees one interleaving, always the
 * same, and never sleeps. Whoever follows the clock (the in-process service's lease clock) hears
 * of each step of time before the tasks due at its end run.
 */
final class ManualScheduler implements Scheduler {
    /** Tasks run by one advance before the test is declared stuck in a loop that never lets time pass. */
    private static final int TASKS_PER_ADVANCE_MAX = 1_000_000;

    private record Due(long atMillis, long order, Runnable task, boolean[] cancelled) {
    }

    private final PriorityQueue<Due> due = new PriorityQueue<>((a, b) -> a.atMillis != b.atMillis
            ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.order, b.order));
    private long nowMillis;
    private long submitted;
    private LongConsumer timeFollower = elapsedMillis -> { };

    /** {@code follower} hears how far time moved, each time it moves. */
    void followTime(LongConsumer follower) {
        this.timeFollower = follower;
    }

    @Override
    public long nowMillis() {
        return nowMillis;
    }

    @Override
    public void execute(Runnable task) {
        schedule(0, task);
    }

    @Override
    public Cancellable schedule(long delayMillis, Runnable task) {
        if (delayMillis < 0) {
            throw new IllegalArgumentException("a task scheduled " + delayMillis + " ms in the past");
        }
        boolean[] cancelled = new boolean[1];
        due.add(new Due(nowMillis + delayMillis, submitted++, task, cancelled));
        return () -> cancelled[0] = true;
    }

    /** Moves the clock {@code millis} on, running every task that falls due on the way, in order. */
    void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time only moves forward, asked " + millis + " ms");
        }
        long untilMillis = nowMillis + millis;
        int ran = 0;
        while (!due.isEmpty() && due.peek().atMillis <= untilMillis) {
            if (++ran > TASKS_PER_ADVANCE_MAX) {
                throw new IllegalStateException("tasks keep submitting tasks without letting time pass, at " + nowMillis + " ms");
            }
            Due next = due.poll();
            moveTo(next.atMillis);
            if (!next.cancelled[0]) {
                next.task.run();
            }
        }
        moveTo(untilMillis);
    }

    /** Runs what is due now (and what that submits for now), without letting time pass. */
    void runDue() {
        advance(0);
    }

    private void moveTo(long atMillis) {
        if (atMillis > nowMillis) {
            long elapsedMillis = atMillis - nowMillis;
            nowMillis = atMillis;
            timeFollower.accept(elapsedMillis);
        }
    }
}
