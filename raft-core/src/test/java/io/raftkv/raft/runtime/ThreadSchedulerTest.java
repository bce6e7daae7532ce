package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ThreadSchedulerTest {

    @Test
    void closeRunsTasksAlreadySubmittedDropsTimersNotYetDueAndEndsTheThread() throws Exception {
        ThreadScheduler scheduler = new ThreadScheduler("thread-scheduler-test");
        CountDownLatch ran = new CountDownLatch(1);
        AtomicBoolean timerRan = new AtomicBoolean();
        CountDownLatch hold = new CountDownLatch(1);
        scheduler.execute(() -> awaitQuietly(hold));
        scheduler.execute(ran::countDown);
        scheduler.schedule(60_000, () -> timerRan.set(true));

        scheduler.close();
        hold.countDown();

        assertTrue(scheduler.awaitTermination(10_000), "the thread ends without waiting a minute for the timer");
        assertEquals(0, ran.getCount(), "a task submitted before close still runs");
        assertFalse(timerRan.get());
        assertThrows(RejectedExecutionException.class, () -> scheduler.execute(() -> {}));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
