package io.raftkv.raft.runtime;

import io.raftkv.raft.Entry;
import io.raftkv.raft.message.Message;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Log writes in flight, oldest first, each with the messages that must wait for it. A message
 * that promises durable state (a vote, an append acknowledgement) may leave only once every
 * write issued before it is durable, so messages from a Ready without writes of its own join
 * the newest write in flight rather than overtaking it.
 */
final class WritePipeline {
    static final class Write {
        final long lastIndex;
        final long lastTerm;
        final List<Message> messagesAfterPersist;

        Write(Entry lastEntry, List<Message> messagesAfterPersist) {
            this.lastIndex = lastEntry == null ? 0 : lastEntry.index();
            this.lastTerm = lastEntry == null ? 0 : lastEntry.term();
            this.messagesAfterPersist = new ArrayList<>(messagesAfterPersist);
        }

        boolean hasEntries() {
            return lastIndex > 0;
        }
    }

    private final ArrayDeque<Write> inFlight = new ArrayDeque<>();

    Write begin(Entry lastEntry, List<Message> messagesAfterPersist) {
        Write write = new Write(lastEntry, messagesAfterPersist);
        inFlight.addLast(write);
        return write;
    }

    /** Attaches messages to the newest write in flight; returns false when none is in flight. */
    boolean holdBehindNewest(List<Message> messages) {
        Write newest = inFlight.peekLast();
        if (newest == null) {
            return false;
        }
        newest.messagesAfterPersist.addAll(messages);
        return true;
    }

    /**
     * Storage acknowledged {@code write}, which by the storage contract makes every earlier write
     * durable too. Returns the writes this completes, oldest first: empty when {@code write} was
     * already completed by a later acknowledgement that reached the node first.
     */
    List<Write> completeThrough(Write write) {
        if (!inFlight.contains(write)) {
            return List.of();
        }
        List<Write> completed = new ArrayList<>();
        Write oldest;
        do {
            oldest = inFlight.pollFirst();
            completed.add(oldest);
        } while (oldest != write);
        return completed;
    }

    int size() {
        return inFlight.size();
    }
}
