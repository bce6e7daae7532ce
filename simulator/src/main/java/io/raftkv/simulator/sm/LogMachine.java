package io.raftkv.simulator.sm;

import com.google.protobuf.ByteString;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.loop.TraceHash;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * The simulator's state machine: an append-only log of client operations. Its state is summed
 * up by a chained hash over (index, opId) of everything applied, so a read can say exactly
 * which state it saw, and any two replicas that applied the same prefix agree on the hash.
 * It starts empty in every incarnation: the node restores its newest snapshot, if any, and
 * re-applies its committed log after it.
 */
public final class LogMachine implements SnapshottingStateMachine {
    private final long nodeId;
    private final ApplyListener listener;
    private GrowableLongs opIds = new GrowableLongs();
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

    /**
     * Format: last index, state hash, count, then (index, opId) per applied command, in index
     * order. Encoded into one array and written once: a snapshot holds the whole history, and
     * stream calls per value made snapshots the simulator's hottest path.
     */
    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        int count = 0;
        for (long index = 1; index <= lastIndex; index++) {
            count += opIds.get(index) != 0 ? 1 : 0;
        }
        ByteBuffer data = ByteBuffer.allocate(Long.BYTES * (3 + 2 * count));
        data.putLong(lastIndex).putLong(stateHash).putLong(count);
        for (long index = 1; index <= lastIndex; index++) {
            long opId = opIds.get(index);
            if (opId != 0) {
                data.putLong(index).putLong(opId);
            }
        }
        out.write(data.array());
        out.flush();
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long restoredIndex = data.readLong();
        long restoredHash = data.readLong();
        long count = data.readLong();
        GrowableLongs restored = new GrowableLongs();
        for (long i = 0; i < count; i++) {
            restored.set(data.readLong(), data.readLong());
        }
        if (data.read() != -1) {
            throw new IOException("snapshot of node " + nodeId + "'s state machine has bytes after its end");
        }
        opIds = restored;
        lastIndex = restoredIndex;
        stateHash = restoredHash;
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
