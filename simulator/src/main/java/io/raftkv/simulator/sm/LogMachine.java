package io.raftkv.simulator.sm;

import com.google.protobuf.ByteString;
import io.raftkv.raft.runtime.StateMachine;
import io.raftkv.simulator.loop.TraceHash;

/**
 * The simulator's state machine: an append-only log of client operations. Its state is summed
 * up by a chained hash over (index, opId) of everything applied, so a read can say exactly
 * which state it saw, and any two replicas that applied the same prefix agree on the hash.
 * It starts empty in every incarnation: the node re-applies its committed log.
 */
public final class LogMachine implements StateMachine {
    private final long nodeId;
    private final ApplyListener listener;
    private final GrowableLongs opIds = new GrowableLongs();
    private long lastIndex;
    private long stateHash;

    public LogMachine(long nodeId, ApplyListener listener) {
        this.nodeId = nodeId;
        this.listener = listener;
    }

    @Override
    public ByteString apply(long index, ByteString command) {
        long opId = Command.decode(command).opId();
        long previous = lastIndex;
        stateHash = TraceHash.combine(stateHash, TraceHash.combine(index, opId));
        opIds.set(index, opId);
        lastIndex = Math.max(lastIndex, index);
        listener.onApply(nodeId, previous, index, opId, stateHash);
        return new Command.Result(index, opId).encode();
    }

    /** The state as a read sees it: the last applied index and the state hash there. */
    public ReadView view() {
        return new ReadView(lastIndex, stateHash);
    }

    /** The operation applied at {@code index}, or 0 when none was (not yet, or a no-op entry). */
    public long opAt(long index) {
        return opIds.get(index);
    }

    public long lastIndex() {
        return lastIndex;
    }

    /** What a linearizable read returns: the state after applying up to {@code index}. */
    public record ReadView(long index, long stateHash) {}
}
