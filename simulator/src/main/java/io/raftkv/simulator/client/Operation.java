package io.raftkv.simulator.client;

/**
 * One client operation as the client saw it. Times are virtual microseconds; stamps are the
 * event loop's event count at invocation and completion, a total order finer than time, so
 * "completed before invoked" is exact even within one microsecond.
 */
public final class Operation {
    public enum Kind { WRITE, READ }

    /** OK: took effect and the client knows the result. FAILED: certainly took no effect. UNKNOWN: may have. */
    public enum Outcome { PENDING, OK, FAILED, UNKNOWN }

    private final long opId;
    private final long clientId;
    private final Kind kind;
    private final long nodeId;
    private final long invokeMicros;
    private final long invokeStamp;
    private Outcome outcome = Outcome.PENDING;
    private long completeMicros;
    private long completeStamp;
    private long position;
    private long stateHash;

    Operation(long opId, long clientId, Kind kind, long nodeId, long invokeMicros, long invokeStamp) {
        this.opId = opId;
        this.clientId = clientId;
        this.kind = kind;
        this.nodeId = nodeId;
        this.invokeMicros = invokeMicros;
        this.invokeStamp = invokeStamp;
    }

    void complete(Outcome result, long micros, long stamp, long atPosition, long hash) {
        this.outcome = result;
        this.completeMicros = micros;
        this.completeStamp = stamp;
        this.position = atPosition;
        this.stateHash = hash;
    }

    public long opId() { return opId; }
    public long clientId() { return clientId; }
    public Kind kind() { return kind; }
    public long nodeId() { return nodeId; }
    public long invokeMicros() { return invokeMicros; }
    public long invokeStamp() { return invokeStamp; }
    public Outcome outcome() { return outcome; }
    public long completeMicros() { return completeMicros; }
    public long completeStamp() { return completeStamp; }

    /** For an OK write the log index it was applied at; for an OK read the index of the state it saw. */
    public long position() { return position; }

    /** For an OK read: the state hash it saw. */
    public long stateHash() { return stateHash; }

    @Override
    public String toString() {
        return kind + " op " + opId + " (client " + clientId + ", node " + nodeId + ", invoked t=" + invokeMicros
                + "us, " + outcome + (outcome == Outcome.OK ? " at index " + position + ", t=" + completeMicros + "us)" : ")");
    }
}
