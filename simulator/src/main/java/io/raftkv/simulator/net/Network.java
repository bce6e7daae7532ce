package io.raftkv.simulator.net;

import io.raftkv.raft.message.Message;
import io.raftkv.raft.runtime.Transport;
import io.raftkv.raft.util.Check;
import io.raftkv.simulator.loop.EventKind;
import io.raftkv.simulator.loop.EventLoop;
import java.util.random.RandomGenerator;

/**
 * The links between members 1..n: latency, loss, duplication and reordering from the
 * {@link NetworkModel}, plus faults. A link is cut while any fault holds it (a count per
 * direction, so overlapping partitions heal independently); cuts are checked when a message is
 * sent. Spikes add loss, duplication and latency on top of the model.
 *
 * <p>Messages travel as the record objects: the simulator tests the protocol and the runtime, not
 * the codec, which has its own round-trip tests.
 */
public final class Network {
    private final EventLoop loop;
    private final RandomGenerator random;
    private final NetworkModel model;
    private final int size;
    private final Endpoints endpoints;
    private final SendListener listener;
    /** cuts[from-1][to-1]: how many faults currently cut the direction from -> to. */
    private final int[][] cuts;
    /** lastArrival[from-1][to-1]: when the last in-order message on that link arrives. */
    private final long[][] lastArrival;
    private int spikeLossPpm;
    private int spikeDuplicatePpm;
    private long spikeLatencyMicros;
    private long sent;
    private long dropped;

    public Network(EventLoop loop, RandomGenerator random, NetworkModel model, int size,
                   Endpoints endpoints, SendListener listener) {
        Check.that(size >= 1, "a network needs at least one node, was %d", size);
        this.loop = loop;
        this.random = random;
        this.model = model;
        this.size = size;
        this.endpoints = endpoints;
        this.listener = listener;
        this.cuts = new int[size][size];
        this.lastArrival = new long[size][size];
    }

    /** The transport a node's runtime sends through; {@code nodeId} is who really sends. */
    public Transport transportFor(long nodeId) {
        checkMember(nodeId);
        return message -> send(nodeId, message);
    }

    public void cut(long from, long to) {
        checkMember(from);
        checkMember(to);
        cuts[(int) from - 1][(int) to - 1]++;
    }

    public void restore(long from, long to) {
        checkMember(from);
        checkMember(to);
        int[] row = cuts[(int) from - 1];
        Check.that(row[(int) to - 1] > 0, "link %d -> %d restored more often than cut", from, to);
        row[(int) to - 1]--;
    }

    public boolean isCut(long from, long to) {
        return cuts[(int) from - 1][(int) to - 1] > 0;
    }

    public void addSpike(int lossPpm, int duplicatePpm, long latencyMicros) {
        spikeLossPpm += lossPpm;
        spikeDuplicatePpm += duplicatePpm;
        spikeLatencyMicros += latencyMicros;
    }

    public void removeSpike(int lossPpm, int duplicatePpm, long latencyMicros) {
        spikeLossPpm -= lossPpm;
        spikeDuplicatePpm -= duplicatePpm;
        spikeLatencyMicros -= latencyMicros;
        Check.that(spikeLossPpm >= 0 && spikeDuplicatePpm >= 0 && spikeLatencyMicros >= 0,
                "network spike removed more often than added");
    }

    /** Every cut and spike ends at once: the final quiet period. */
    public void healAll() {
        for (int[] row : cuts) {
            java.util.Arrays.fill(row, 0);
        }
        spikeLossPpm = 0;
        spikeDuplicatePpm = 0;
        spikeLatencyMicros = 0;
    }

    public long sent() {
        return sent;
    }

    public long dropped() {
        return dropped;
    }

    private void send(long senderId, Message message) {
        sent++;
        listener.onSend(senderId, message);
        long to = message.to();
        if (to < 1 || to > size) {
            drop(senderId, message);
            return;
        }
        // The link is the sender's: a transport that lies about `from` still sends on its own link.
        if (isCut(senderId, to) || random.nextInt(1_000_000) < model.lossPpm() + spikeLossPpm) {
            drop(senderId, message);
            return;
        }
        int incarnation = endpoints.liveIncarnation(to);
        if (incarnation < 0) {
            drop(senderId, message);
            return;
        }
        long digest = MessageDigest.of(message);
        int copies = random.nextInt(1_000_000) < model.duplicatePpm() + spikeDuplicatePpm ? 2 : 1;
        for (int i = 0; i < copies; i++) {
            loop.at(arrivalMicros(senderId, to), EventKind.MESSAGE_DELIVERY, to, digest,
                    () -> endpoints.deliver(to, incarnation, message));
        }
    }

    /** In order on the link, unless this message is one of the few that overtake or fall behind. */
    private long arrivalMicros(long from, long to) {
        long arrival = loop.nowMicros() + latencyMicros();
        if (random.nextInt(1_000_000) < model.reorderPpm()) {
            return arrival;
        }
        long[] row = lastArrival[(int) from - 1];
        arrival = Math.max(arrival, row[(int) to - 1]);
        row[(int) to - 1] = arrival;
        return arrival;
    }

    private long latencyMicros() {
        long latency = model.baseLatencyMicros() + spikeLatencyMicros;
        if (model.jitterMicros() > 0) {
            latency += random.nextLong(model.jitterMicros());
        }
        if (model.tailMaxMicros() > 0 && random.nextInt(1_000_000) < model.tailPpm()) {
            latency += random.nextLong(model.tailMaxMicros());
        }
        return latency;
    }

    private void drop(long senderId, Message message) {
        dropped++;
        loop.note(EventKind.MESSAGE_DROPPED, senderId, MessageDigest.of(message));
    }

    private void checkMember(long nodeId) {
        Check.that(nodeId >= 1 && nodeId <= size, "node %d is not a member 1..%d", nodeId, size);
    }
}
