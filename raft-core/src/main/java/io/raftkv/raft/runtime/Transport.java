package io.raftkv.raft.runtime;

import io.raftkv.raft.message.Message;

/**
 * Sends Raft messages to peers, best effort: messages may be lost, delayed, duplicated or
 * reordered, and Raft copes. Implementations must not block and must not throw; incoming
 * messages are handed to {@link RaftNode#receive(Message)}.
 */
public interface Transport {
    void send(Message message);
}
