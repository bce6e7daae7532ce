package io.raftkv.simulator.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.Message;
import io.raftkv.simulator.loop.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private static final NetworkModel PERFECT = new NetworkModel(1_000, 0, 0, 0, 0, 0, 0);

    private final EventLoop loop = new EventLoop();
    private final List<String> delivered = new ArrayList<>();
    private final int[] incarnations = {0, 1, 1, 1};
    private final Endpoints endpoints = new Endpoints() {
        @Override
        public int liveIncarnation(long nodeId) {
            return incarnations[(int) nodeId];
        }

        @Override
        public void deliver(long nodeId, int incarnation, Message message) {
            if (incarnations[(int) nodeId] == incarnation) {
                delivered.add(message.from() + "->" + nodeId + "@" + loop.nowMicros());
            }
        }
    };

    private Network network(NetworkModel model) {
        return new Network(loop, new SplittableRandom(1), model, 3, endpoints, SendListener.NONE);
    }

    private static Message heartbeat(long from, long to) {
        return new Heartbeat(from, to, 1, 0, 0);
    }

    @Test
    void aMessageArrivesAfterTheLatency() {
        network(PERFECT).transportFor(1).send(heartbeat(1, 2));
        loop.runUntil(10_000);
        assertEquals(List.of("1->2@1000"), delivered);
    }

    @Test
    void jitterAndTheTailStayWithinTheirBounds() {
        Network network = network(new NetworkModel(500, 2_000, 500_000, 50_000, 0, 0, 1_000_000));
        for (int i = 0; i < 1_000; i++) {
            network.transportFor(1).send(heartbeat(1, 2));
        }
        loop.runUntil(1_000_000);
        assertEquals(1_000, delivered.size());
        for (String d : delivered) {
            long at = Long.parseLong(d.substring(d.indexOf('@') + 1));
            assertTrue(at >= 500 && at < 500 + 2_000 + 50_000, d);
        }
    }

    @Test
    void aLinkKeepsOrderUnlessAMessageIsReordered() {
        Network fifo = network(new NetworkModel(500, 2_000, 500_000, 50_000, 0, 0, 0));
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            fifo.transportFor(1).send(new Heartbeat(1, 2, 1, i, 0));
        }
        loop.runUntil(10_000_000);
        for (String d : delivered) {
            order.add(Long.parseLong(d.substring(d.indexOf('@') + 1)));
        }
        for (int i = 1; i < order.size(); i++) {
            assertTrue(order.get(i) >= order.get(i - 1), "arrivals out of order: " + order);
        }
        delivered.clear();
        Network shuffled = network(new NetworkModel(500, 2_000, 0, 0, 0, 0, 1_000_000));
        for (int i = 0; i < 200; i++) {
            shuffled.transportFor(1).send(heartbeat(1, 2));
        }
        loop.runUntil(20_000_000);
        assertEquals(200, delivered.size());
    }

    @Test
    void aCutLinkDropsOneDirectionUntilRestored() {
        Network network = network(PERFECT);
        network.cut(1, 2);
        network.transportFor(1).send(heartbeat(1, 2));
        network.transportFor(2).send(heartbeat(2, 1));
        loop.runUntil(10_000);
        assertEquals(List.of("2->1@1000"), delivered);
        network.restore(1, 2);
        network.transportFor(1).send(heartbeat(1, 2));
        loop.runUntil(20_000);
        assertEquals(List.of("2->1@1000", "1->2@11000"), delivered);
        assertThrows(IllegalStateException.class, () -> network.restore(1, 2));
    }

    @Test
    void overlappingCutsHealIndependently() {
        Network network = network(PERFECT);
        network.cut(1, 3);
        network.cut(1, 3);
        network.restore(1, 3);
        assertTrue(network.isCut(1, 3));
        network.healAll();
        assertTrue(!network.isCut(1, 3));
    }

    @Test
    void lossAndDuplicationFollowTheirRates() {
        Network lossy = network(new NetworkModel(100, 0, 0, 0, 1_000_000, 0, 0));
        lossy.transportFor(1).send(heartbeat(1, 2));
        loop.runUntil(1_000);
        assertEquals(List.of(), delivered);
        assertEquals(1, lossy.dropped());
        Network doubling = network(new NetworkModel(100, 0, 0, 0, 0, 1_000_000, 0));
        doubling.transportFor(1).send(heartbeat(1, 2));
        loop.runUntil(2_000);
        assertEquals(2, delivered.size());
    }

    @Test
    void aSpikeAddsLossUntilRemoved() {
        Network network = network(PERFECT);
        network.addSpike(1_000_000, 0, 0);
        network.transportFor(1).send(heartbeat(1, 2));
        network.removeSpike(1_000_000, 0, 0);
        network.transportFor(1).send(heartbeat(1, 2));
        loop.runUntil(10_000);
        assertEquals(1, delivered.size());
    }

    @Test
    void messagesInFlightToACrashedNodeAreLost() {
        network(PERFECT).transportFor(1).send(heartbeat(1, 2));
        incarnations[2] = 2;
        loop.runUntil(10_000);
        assertEquals(List.of(), delivered);
        incarnations[3] = -1;
        network(PERFECT).transportFor(1).send(heartbeat(1, 3));
        loop.runUntil(20_000);
        assertEquals(List.of(), delivered);
    }

    @Test
    void theSendListenerSeesTheRealSender() {
        List<Long> senders = new ArrayList<>();
        Network network = new Network(loop, new SplittableRandom(1), PERFECT, 3, endpoints,
                (sender, message) -> senders.add(sender));
        network.transportFor(3).send(heartbeat(1, 2));
        assertEquals(List.of(3L), senders);
    }
}
