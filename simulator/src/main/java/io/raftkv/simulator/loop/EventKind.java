package io.raftkv.simulator.loop;

/** What an event is, for the trace hash and for counting. The ordinal enters the trace, so append only. */
public enum EventKind {
    NODE_TASK,
    NODE_TIMER,
    MESSAGE_DELIVERY,
    MESSAGE_DROPPED,
    DISK_SYNC,
    CLIENT_REQUEST,
    CLIENT_RESPONSE,
    CLIENT_TIMEOUT,
    CLIENT_NEXT,
    NEMESIS,
    NODE_START,
    VIOLATION
}
