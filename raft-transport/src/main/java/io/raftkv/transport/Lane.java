package io.raftkv.transport;

import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.Message;

/**
 * The connections to one peer. Snapshot chunks travel on their own, so that megabytes of
 * snapshot do not queue up in front of heartbeats and appends; order holds within a lane only,
 * which Raft tolerates (a chunk carries its offset, an append its previous index).
 */
enum Lane {
    RAFT("raft"),
    SNAPSHOT("snapshot");

    private final String label;

    Lane(String label) {
        this.label = label;
    }

    static Lane of(Message message) {
        return message instanceof InstallSnapshot ? SNAPSHOT : RAFT;
    }

    @Override
    public String toString() {
        return label;
    }
}
