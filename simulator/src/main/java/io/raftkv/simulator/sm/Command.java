package io.raftkv.simulator.sm;

import com.google.protobuf.ByteString;
import io.raftkv.raft.util.Check;
import java.nio.ByteBuffer;

/**
 * The test state machine's one command: "append operation {@code opId} of client
 * {@code clientId}". Operation ids are unique in a run, so the log says exactly which
 * client operation sits at which index.
 */
public record Command(long opId, long clientId) {
    public static final int SIZE_BYTES = 16;

    public ByteString encode() {
        return ByteString.copyFrom(ByteBuffer.allocate(SIZE_BYTES).putLong(opId).putLong(clientId).flip());
    }

    public static Command decode(ByteString bytes) {
        Check.that(bytes.size() == SIZE_BYTES, "a command has %d bytes, got %d", SIZE_BYTES, bytes.size());
        ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        return new Command(buffer.getLong(), buffer.getLong());
    }

    /** The state machine's answer to a proposal: where the command was applied, and which command it was. */
    public record Result(long index, long opId) {
        public ByteString encode() {
            return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(index).putLong(opId).flip());
        }

        public static Result decode(ByteString bytes) {
            Check.that(bytes.size() == 16, "a result has 16 bytes, got %d", bytes.size());
            ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
            return new Result(buffer.getLong(), buffer.getLong());
        }
    }
}
