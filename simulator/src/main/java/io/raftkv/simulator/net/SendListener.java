package io.raftkv.simulator.net;

import io.raftkv.raft.message.Message;

/** Sees every message a node hands to its transport, before any fault touches it. */
@FunctionalInterface
public interface SendListener {
    SendListener NONE = (senderId, message) -> {};

    /** {@code senderId} is the node whose transport was used, whatever the message claims. */
    void onSend(long senderId, Message message);
}
