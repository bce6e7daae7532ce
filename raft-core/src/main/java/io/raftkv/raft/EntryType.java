package io.raftkv.raft;

public enum EntryType {
    /** A command proposed by a client, applied to the state machine. */
    NORMAL,
    /** Appended by a new leader to commit entries of earlier terms (Raft §5.4.2); never applied. */
    NOOP
}
