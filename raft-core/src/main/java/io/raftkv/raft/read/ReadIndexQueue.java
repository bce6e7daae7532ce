package io.raftkv.raft.read;

import io.raftkv.raft.ReadState;
import io.raftkv.raft.util.Check;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The leader's ReadIndex requests (thesis §6.4). Reads wait until a round starts; a round
 * records the commit index as its read index and is confirmed once a quorum echoed its context
 * (or a later one: a follower that echoes context c has heard from this leader after every round
 * up to c started). Rounds are confirmed in order. Bounded: at most {@code maxPending} reads.
 */
public final class ReadIndexQueue {
    private record Round(long context, long readIndex, List<Long> readIds) {}

    private final int maxPending;
    private final int quorum;
    private final ArrayDeque<Long> waiting = new ArrayDeque<>();
    private final ArrayDeque<Round> rounds = new ArrayDeque<>();
    /** Highest context each peer echoed; ordered map so nothing depends on hash order. */
    private final TreeMap<Long, Long> echoedContexts = new TreeMap<>();
    private long lastContext;
    private int pending;

    public ReadIndexQueue(int maxPending, int quorum) {
        this.maxPending = maxPending;
        this.quorum = quorum;
    }

    public boolean isFull() {
        return pending >= maxPending;
    }

    public void enqueue(long readId) {
        Check.that(!isFull(), "read queue is full (%d reads)", pending);
        waiting.addLast(readId);
        pending++;
    }

    public boolean hasWaiting() {
        return !waiting.isEmpty();
    }

    public boolean hasRoundInFlight() {
        return !rounds.isEmpty();
    }

    /** The newest round's context, for heartbeats to carry; 0 if none is in flight. */
    public long latestContext() {
        return rounds.isEmpty() ? 0 : rounds.peekLast().context();
    }

    /** Starts a round for every waiting read at {@code readIndex}; returns its (non-zero) context. */
    public long startRound(long readIndex) {
        Check.that(!waiting.isEmpty(), "a read round needs waiting reads");
        long context = ++lastContext;
        rounds.addLast(new Round(context, readIndex, List.copyOf(waiting)));
        waiting.clear();
        return context;
    }

    /** A peer echoed {@code context}; returns the reads whose rounds are now confirmed. */
    public List<ReadState> onEcho(long peerId, long context) {
        echoedContexts.merge(peerId, context, Math::max);
        return releaseConfirmed();
    }

    /** Releases confirmed rounds in order (with a quorum of 1 every round is confirmed at once). */
    public List<ReadState> releaseConfirmed() {
        List<ReadState> released = new ArrayList<>();
        while (!rounds.isEmpty() && confirmations(rounds.peekFirst().context()) >= quorum) {
            Round round = rounds.removeFirst();
            for (long readId : round.readIds()) {
                released.add(new ReadState(readId, round.readIndex()));
            }
            pending -= round.readIds().size();
        }
        return released;
    }

    private int confirmations(long context) {
        int confirmations = 1; // the leader itself
        for (long echoed : echoedContexts.values()) {
            if (echoed >= context) {
                confirmations++;
            }
        }
        return confirmations;
    }
}
