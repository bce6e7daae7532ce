package io.raftkv.raft.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.ReadState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadIndexQueueTest {

    @Test
    void roundIsConfirmedByQuorumOfEchoesCountingTheLeader() {
        ReadIndexQueue queue = new ReadIndexQueue(10, 3); // five voters
        queue.enqueue(1);
        long context = queue.startRound(4);
        assertTrue(queue.onEcho(2, context).isEmpty());
        assertTrue(queue.onEcho(2, context).isEmpty(), "the same peer twice is still one confirmation");
        assertEquals(List.of(new ReadState(1, 4)), queue.onEcho(3, context));
    }

    @Test
    void echoOfLaterRoundConfirmsEarlierRounds() {
        ReadIndexQueue queue = new ReadIndexQueue(10, 2);
        queue.enqueue(1);
        queue.startRound(4);
        queue.enqueue(2);
        long second = queue.startRound(6);
        assertEquals(List.of(new ReadState(1, 4), new ReadState(2, 6)), queue.onEcho(3, second));
    }

    @Test
    void earlierEchoDoesNotConfirmLaterRound() {
        ReadIndexQueue queue = new ReadIndexQueue(10, 2);
        queue.enqueue(1);
        long first = queue.startRound(4);
        queue.enqueue(2);
        queue.startRound(6);
        assertEquals(List.of(new ReadState(1, 4)), queue.onEcho(3, first));
        assertTrue(queue.hasRoundInFlight());
    }

    @Test
    void confirmedReadsFreeCapacity() {
        ReadIndexQueue queue = new ReadIndexQueue(1, 1);
        queue.enqueue(1);
        assertTrue(queue.isFull());
        queue.startRound(1);
        queue.releaseConfirmed();
        assertTrue(!queue.isFull());
    }
}
