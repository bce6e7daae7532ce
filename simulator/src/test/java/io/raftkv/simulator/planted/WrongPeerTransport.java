package io.raftkv.simulator.planted;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.Transport;
import io.raftkv.simulator.net.TransportWrapper;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * PLANTED BUG: a transport that now and then delivers a message to the wrong peer (a routing
 * table off by one): a vote meant for one candidate reaches another, which counts it.
 */
final class WrongPeerTransport implements Transport {
    static final int MISROUTE_PPM = 20_000;

    static final TransportWrapper WRAPPER = (nodeId, members, random, transport) ->
            new WrongPeerTransport(members, random, transport);

    private final List<Long> members;
    private final RandomGenerator random;
    private final Transport transport;

    private WrongPeerTransport(List<Long> members, RandomGenerator random, Transport transport) {
        this.members = members;
        this.random = random;
        this.transport = transport;
    }

    @Override
    public void send(Message message) {
        if (members.size() > 2 && random.nextInt(1_000_000) < MISROUTE_PPM) {
            long other;
            do {
                other = members.get(random.nextInt(members.size()));
            } while (other == message.from() || other == message.to());
            transport.send(Messages.withTo(message, other));
            return;
        }
        transport.send(message);
    }
}
