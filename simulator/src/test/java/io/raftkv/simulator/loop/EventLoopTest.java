package io.raftkv.simulator.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void eventsRunInTimeOrderAndPostingOrderWithinAnInstant() {
        EventLoop loop = new EventLoop();
        List<String> ran = new ArrayList<>();
        loop.at(20, EventKind.NODE_TASK, 1, 0, () -> ran.add("b@20"));
        loop.at(10, EventKind.NODE_TASK, 1, 0, () -> ran.add("a@10"));
        loop.at(20, EventKind.NODE_TASK, 1, 0, () -> ran.add("c@20"));
        loop.at(10, EventKind.NODE_TASK, 1, 0, () -> loop.at(10, EventKind.NODE_TASK, 1, 0, () -> ran.add("posted@10")));
        loop.runUntil(100);
        assertEquals(List.of("a@10", "posted@10", "b@20", "c@20"), ran);
        assertEquals(100, loop.nowMicros());
    }

    @Test
    void heapKeepsOrderForManyRandomEvents() {
        EventLoop loop = new EventLoop();
        SplittableRandom random = new SplittableRandom(7);
        long[] last = {-1};
        for (int i = 0; i < 10_000; i++) {
            loop.at(random.nextLong(1_000), EventKind.NODE_TIMER, 0, 0, () -> {
                assertEquals(true, loop.nowMicros() >= last[0]);
                last[0] = loop.nowMicros();
            });
        }
        loop.runUntil(1_000);
        assertEquals(10_000, loop.eventsRun());
    }

    @Test
    void cancelledEventsDoNotRun() {
        EventLoop loop = new EventLoop();
        List<String> ran = new ArrayList<>();
        Event event = loop.at(5, EventKind.NODE_TIMER, 1, 0, () -> ran.add("cancelled"));
        loop.at(6, EventKind.NODE_TIMER, 1, 0, () -> ran.add("kept"));
        event.cancel();
        loop.runUntil(10);
        assertEquals(List.of("kept"), ran);
    }

    @Test
    void eventsAfterTheEndWaitForTheNextRun() {
        EventLoop loop = new EventLoop();
        List<Long> ran = new ArrayList<>();
        loop.at(50, EventKind.NODE_TASK, 0, 0, () -> ran.add(loop.nowMicros()));
        loop.runUntil(49);
        assertEquals(List.of(), ran);
        loop.runUntil(50);
        assertEquals(List.of(50L), ran);
    }

    @Test
    void aFailingEventGoesToTheHandlerAndTheLoopGoesOn() {
        EventLoop loop = new EventLoop();
        List<String> failures = new ArrayList<>();
        loop.onFailure((event, failure) -> failures.add(event.nodeId() + ":" + failure.getMessage()));
        loop.at(1, EventKind.NODE_TASK, 3, 0, () -> {
            throw new IllegalStateException("boom");
        });
        boolean[] after = {false};
        loop.at(2, EventKind.NODE_TASK, 0, 0, () -> after[0] = true);
        loop.runUntil(5);
        assertEquals(List.of("3:boom"), failures);
        assertEquals(true, after[0]);
    }

    @Test
    void postingInThePastIsABug() {
        EventLoop loop = new EventLoop();
        loop.runUntil(10);
        assertThrows(IllegalStateException.class, () -> loop.at(9, EventKind.NODE_TASK, 0, 0, () -> {}));
    }

    @Test
    void theTraceDependsOnWhatRanAndWhen() {
        assertEquals(trace(5, 1), trace(5, 1));
        assertNotEquals(trace(5, 1), trace(6, 1));
        assertNotEquals(trace(5, 1), trace(5, 2));
    }

    private static long trace(long time, long digest) {
        EventLoop loop = new EventLoop();
        loop.at(time, EventKind.MESSAGE_DELIVERY, 2, digest, () -> {});
        loop.runUntil(10);
        return loop.trace().value();
    }
}
