package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;
import io.raftkv.raft.NodeStatus;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** Drives one {@link io.raftkv.raft.RaftCore} against storage, transport, state machine and scheduler. */
public final class RaftNode {

    public static RaftNode start(RaftConfig config, LogStorage storage, Transport transport,
                                 StateMachine stateMachine, Scheduler scheduler, RandomGenerator random,
                                 RaftObserver observer) throws IOException {
        throw new UnsupportedOperationException("not yet");
    }

    public long id() { throw new UnsupportedOperationException(); }

    /** A message from a peer; may be called from any thread. */
    public void receive(Message message) { throw new UnsupportedOperationException(); }

    /** Completes with the state machine's result once the command is applied here. */
    public CompletableFuture<ByteString> propose(ByteString command) { throw new UnsupportedOperationException(); }

    /** Runs {@code query} on the node's context once a linearizable read point is applied. */
    public <T> CompletableFuture<T> read(Supplier<T> query) { throw new UnsupportedOperationException(); }

    public CompletableFuture<Void> transferLeadership(long targetId) { throw new UnsupportedOperationException(); }

    /** The latest status; may be called from any thread. */
    public NodeStatus status() { throw new UnsupportedOperationException(); }

    /** Stops timers and fails pending requests as indeterminate; the storage is closed. */
    public void stop() { throw new UnsupportedOperationException(); }
}
