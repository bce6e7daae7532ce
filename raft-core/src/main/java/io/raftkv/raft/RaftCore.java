package io.raftkv.raft;

import com.google.protobuf.ByteString;
import io.raftkv.raft.message.Message;
import java.util.random.RandomGenerator;

/**
 * The Raft protocol as a pure, single-threaded state machine (the shape of etcd's RawNode).
 * Inputs are method calls; everything to do next comes back as a {@link Ready} value. It owns no
 * thread, reads no clock and touches no file or socket: time arrives as {@link #tick()},
 * randomness from the injected generator. Not thread-safe: the driver calls it from one thread.
 */
public final class RaftCore {
    // Implemented by the protocol work; this file fixes the contract the runtime and simulator use.

    /**
     * @param config   this node's configuration
     * @param restored what was durable when the node started
     * @param random   the only source of randomness (election timeout jitter)
     */
    public static RaftCore create(RaftConfig config, PersistentState restored, RandomGenerator random) {
        throw new UnsupportedOperationException("not yet");
    }

    /** One unit of logical time: election and heartbeat timers advance. */
    public void tick() { throw new UnsupportedOperationException(); }

    /** A message from a peer. Messages not addressed to this node, or from non-members, are dropped. */
    public void step(Message message) { throw new UnsupportedOperationException(); }

    /** Proposes a command for the log. */
    public Admission propose(ByteString command) { throw new UnsupportedOperationException(); }

    /**
     * Asks for a linearizable read (ReadIndex, thesis §6.4). When accepted, a {@link ReadState}
     * with the same {@code readId} comes in a later Ready once a quorum confirmed leadership; if
     * leadership is lost first, no ReadState comes and the driver fails the read when it sees the
     * role change.
     */
    public Admission requestRead(long readId) { throw new UnsupportedOperationException(); }

    /** Hands leadership to {@code targetId} once its log is up to date (thesis §3.10). */
    public Admission transferLeadership(long targetId) { throw new UnsupportedOperationException(); }

    /** The driver's write of the log up to (index, term) is durable. Stale reports are ignored. */
    public void onPersisted(long index, long term) { throw new UnsupportedOperationException(); }

    public boolean hasReady() { throw new UnsupportedOperationException(); }

    public Ready ready() { throw new UnsupportedOperationException(); }

    /** The driver has taken over everything in {@code ready} (see the Ready contract). */
    public void advance(Ready ready) { throw new UnsupportedOperationException(); }

    public NodeStatus status() { throw new UnsupportedOperationException(); }
}
