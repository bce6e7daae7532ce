package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Messages between live transports on loopback: every type, in order, across restarts. */
class NettyTransportTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void twoTransportsExchangeEveryMessageTypeInOrderPerLane() {
        try (Loopback net = Loopback.start(2)) {
            List<Message> oneToTwo = new ArrayList<>();
            List<Message> twoToOne = new ArrayList<>();
            for (long seq = 1; seq <= 20; seq++) {
                oneToTwo.addAll(Messages.everyType(1, 2, seq));
                twoToOne.addAll(Messages.everyType(2, 1, seq));
            }
            oneToTwo.forEach(net.get(1)::send);
            twoToOne.forEach(net.get(2)::send);

            assertSameOrderPerLane(oneToTwo, net.inbox(2).take(oneToTwo.size(), WAIT));
            assertSameOrderPerLane(twoToOne, net.inbox(1).take(twoToOne.size(), WAIT));
            assertEquals(0, net.get(1).stats().messagesDropped());
            Await.until("all of member 1's messages counted as sent", WAIT,
                    () -> net.get(1).stats().messagesSent() == oneToTwo.size());
        }
    }

    @Test
    void threeTransportsEachGetEverySendersMessagesInOrder() {
        try (Loopback net = Loopback.start(3)) {
            List<Message> sent = new ArrayList<>();
            for (long seq = 1; seq <= 10; seq++) {
                for (long from = 1; from <= 3; from++) {
                    for (long to = 1; to <= 3; to++) {
                        if (from != to) {
                            List<Message> batch = Messages.everyType(from, to, seq);
                            batch.forEach(net.get(from)::send);
                            sent.addAll(batch);
                        }
                    }
                }
            }
            for (long to = 1; to <= 3; to++) {
                long receiver = to;
                List<Message> expected = sent.stream().filter(m -> m.to() == receiver).collect(Collectors.toList());
                List<Message> received = net.inbox(to).take(expected.size(), WAIT);
                for (long from = 1; from <= 3; from++) {
                    long sender = from;
                    assertSameOrderPerLane(
                            expected.stream().filter(m -> m.from() == sender).collect(Collectors.toList()),
                            received.stream().filter(m -> m.from() == sender).collect(Collectors.toList()));
                }
            }
        }
    }

    @Test
    void messagesGetThroughAfterThePeerRestartsOnItsPort() {
        try (Loopback net = Loopback.start(2)) {
            List<Message> before = sendHeartbeats(net, 1, 2, 1, 100);
            assertEquals(before, net.inbox(2).take(before.size(), WAIT));

            net.stop(2);
            Await.until("member 1 notices that member 2 is gone", WAIT,
                    () -> !net.get(1).lane(2, Lane.RAFT).isConnected());
            List<Message> whileDown = sendHeartbeats(net, 1, 2, 101, 200);
            net.restart(2);

            assertEquals(whileDown, net.inbox(2).take(whileDown.size(), WAIT),
                    "messages queued while the peer was down arrive, in order, once it is back");
            List<Message> after = sendHeartbeats(net, 1, 2, 201, 300);
            assertEquals(after, net.inbox(2).take(after.size(), WAIT));
            assertTrue(net.get(1).stats().reconnects() >= 1, () -> "stats: " + net.get(1).stats());
        }
    }

    static List<Message> sendHeartbeats(Loopback net, long from, long to, long first, long last) {
        List<Message> sent = new ArrayList<>();
        for (long marker = first; marker <= last; marker++) {
            Message heartbeat = Messages.heartbeat(from, to, marker);
            net.get(from).send(heartbeat);
            sent.add(heartbeat);
        }
        return sent;
    }

    /** Order holds within a lane: snapshot chunks on theirs, everything else on the other. */
    static void assertSameOrderPerLane(List<Message> sent, List<Message> received) {
        for (Lane lane : Lane.values()) {
            assertEquals(onLane(sent, lane), onLane(received, lane), "messages on the " + lane + " lane");
        }
        assertEquals(sent.size(), received.size());
        assertTrue(received.stream().anyMatch(m -> m instanceof InstallSnapshot) || sent.stream()
                .noneMatch(m -> m instanceof InstallSnapshot));
    }

    private static List<Message> onLane(List<Message> messages, Lane lane) {
        return messages.stream().filter(m -> Lane.of(m) == lane).collect(Collectors.toList());
    }
}
