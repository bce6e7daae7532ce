package io.raftkv.raft.server;

import io.raftkv.raft.ReadState;
import io.raftkv.raft.SnapshotToSend;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.TimeoutNow;
import java.util.ArrayList;
import java.util.List;

/** What the core produced for the driver since the last Ready was taken over. */
public final class Outbox {
    private final List<Message> messages = new ArrayList<>();
    private final List<Message> messagesAfterPersist = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private final List<SnapshotToSend> snapshotsToSend = new ArrayList<>();
    private final List<InstallSnapshot> snapshotChunks = new ArrayList<>();

    /**
     * Queues a message. Only a leader sends appends, heartbeats and TimeoutNow, and those promise
     * nothing about this node's durable state, so they may leave at once (thesis §10.2.1);
     * everything else (votes, acknowledgements) waits until the writes before it are durable.
     */
    public void send(Message message) {
        if (message instanceof AppendEntries || message instanceof Heartbeat || message instanceof TimeoutNow) {
            messages.add(message);
        } else {
            messagesAfterPersist.add(message);
        }
    }

    public void addReadStates(List<ReadState> released) {
        readStates.addAll(released);
    }

    /** The leader asks the driver to send a snapshot to a follower. */
    public void sendSnapshot(SnapshotToSend request) {
        snapshotsToSend.add(request);
    }

    /** A follower hands an admitted chunk of the leader's snapshot to the driver. */
    public void acceptSnapshotChunk(InstallSnapshot chunk) {
        snapshotChunks.add(chunk);
    }

    public boolean isEmpty() {
        return messages.isEmpty() && messagesAfterPersist.isEmpty() && readStates.isEmpty()
                && snapshotsToSend.isEmpty() && snapshotChunks.isEmpty();
    }

    public List<SnapshotToSend> snapshotsToSend() {
        return List.copyOf(snapshotsToSend);
    }

    public List<InstallSnapshot> snapshotChunks() {
        return List.copyOf(snapshotChunks);
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> messagesAfterPersist() {
        return List.copyOf(messagesAfterPersist);
    }

    public List<ReadState> readStates() {
        return List.copyOf(readStates);
    }

    /** Drops what a Ready handed over: always a prefix, since these lists only grow at the end. */
    public void handedOver(int messageCount, int afterPersistCount, int readStateCount) {
        messages.subList(0, messageCount).clear();
        messagesAfterPersist.subList(0, afterPersistCount).clear();
        readStates.subList(0, readStateCount).clear();
    }

    /** Drops what a Ready handed over, snapshot requests and chunks included. */
    public void handedOver(int messageCount, int afterPersistCount, int readStateCount, int snapshotsToSendCount,
                           int snapshotChunkCount) {
        handedOver(messageCount, afterPersistCount, readStateCount);
        snapshotsToSend.subList(0, snapshotsToSendCount).clear();
        snapshotChunks.subList(0, snapshotChunkCount).clear();
    }
}
