package io.raftkv.simulator.planted;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.Transport;
import io.raftkv.simulator.net.TransportWrapper;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * PLANTED BUG: a transport that now and then labels a message with the wrong sender (a
 * connection table mixed up between peers): the receiver takes it as coming from another
 * member, say a vote or an acknowledgement that member never gave.
 */
final class WrongSenderTransport implements Transport {
    /** One message in fifty: enough to matter, rare enough that the cluster still works. */
    static final int MISLABEL_PPM = 20_000;

    static final TransportWrapper WRAPPER = (nodeId, members, random, transport) ->
            new WrongSenderTransport(members, random, transport);

    private final List<Long> members;
    private final RandomGenerator random;
    private final Transport transport;

    private WrongSenderTransport(List<Long> members, RandomGenerator random, Transport transport) {
        this.members = members;
        this.random = random;
        this.transport = transport;
    }

    @Override
    public void send(Message message) {
        if (members.size() > 2 && random.nextInt(1_000_000) < MISLABEL_PPM) {
            long other;
            do {
                other = members.get(random.nextInt(members.size()));
            } while (other == message.from() || other == message.to());
            transport.send(Messages.withFrom(message, other));
            return;
        }
        transport.send(message);
    }
}
