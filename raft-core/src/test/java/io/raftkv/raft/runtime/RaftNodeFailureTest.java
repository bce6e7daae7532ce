package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.Role;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A node on the production scheduler, whose executor would swallow a task's exception: a failure
 * inside the node must stop it loudly and fail what it holds, never leave callers waiting.
 */
class RaftNodeFailureTest {
    private static final long DEADLINE_SECONDS = 10;

    private static RaftNode singleNode(StateMachine stateMachine, ThreadScheduler scheduler) throws IOException {
        RaftConfig config = RaftConfig.builder(1, List.of(1L)).tickIntervalMillis(5).build();
        return RaftNode.start(config, new MemoryLogStorage(), message -> {}, stateMachine, scheduler,
                new SplittableRandom(1), RaftObserver.NONE);
    }

    private static void awaitLeader(RaftNode node) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (node.status().role() != Role.LEADER) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no leader within " + DEADLINE_SECONDS + " s");
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void aStateMachineThatThrowsStopsTheNodeAndFailsTheProposalInsteadOfHangingIt() throws Exception {
        try (ThreadScheduler scheduler = new ThreadScheduler("raft-node-1")) {
            RaftNode node = singleNode((index, command) -> {
                throw new IllegalStateException("broken state machine");
            }, scheduler);
            awaitLeader(node);
            CompletableFuture<ByteString> doomed = node.propose(ByteString.copyFromUtf8("x"));
            ExecutionException failure = assertThrows(ExecutionException.class,
                    () -> doomed.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
            IndeterminateStateException stopped = assertInstanceOf(IndeterminateStateException.class, failure.getCause());
            assertInstanceOf(IllegalStateException.class, stopped.getCause());
            CompletableFuture<ByteString> later = node.propose(ByteString.copyFromUtf8("y"));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> later.get(DEADLINE_SECONDS, TimeUnit.SECONDS));
            assertInstanceOf(RequestRejectedException.class, refused.getCause());
        }
    }

    @Test
    void aNullCommandIsRefusedOnTheCallersThread() throws Exception {
        try (ThreadScheduler scheduler = new ThreadScheduler("raft-node-1")) {
            RaftNode node = singleNode((index, command) -> command, scheduler);
            NullPointerException refused = assertThrows(NullPointerException.class, () -> node.propose(null));
            assertEquals("command", refused.getMessage());
        }
    }
}
