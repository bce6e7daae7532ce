package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.raftkv.raft.util.Check;

/**
 * One KV operation of the history, as its client saw it: what was asked (kind, key, value,
 * lease), when (virtual microseconds, and the event loop's stamps, a total order finer than
 * time), how it ended, and the answer (the response message; null unless OK). A lease expiry the
 * leader decided is recorded too, as a {@link Kind#REVOKE_LEASE} of client 0 that began at the
 * decision and completed when it was first applied.
 */
public final class KvOp {
    public enum Kind { PUT, GET, DELETE, CREATE_IF_ABSENT, REVOKE_LEASE }

    /** OK: took effect, answer known. FAILED: certainly took no effect. UNKNOWN: may have. */
    public enum Outcome { PENDING, OK, FAILED, UNKNOWN }

    private final long opId;
    private final long clientId;
    private final Kind kind;
    private final ByteString key;
    private final ByteString value;
    private final long leaseId;
    private final long invokeMicros;
    private final long invokeStamp;
    private Outcome outcome = Outcome.PENDING;
    private long completeMicros;
    private long completeStamp;
    private Message response;

    KvOp(long opId, long clientId, Kind kind, ByteString key, ByteString value, long leaseId, long invokeMicros,
         long invokeStamp) {
        this.opId = opId;
        this.clientId = clientId;
        this.kind = kind;
        this.key = key;
        this.value = value;
        this.leaseId = leaseId;
        this.invokeMicros = invokeMicros;
        this.invokeStamp = invokeStamp;
    }

    void complete(Outcome result, Message answer, long micros, long stamp) {
        Check.that(outcome == Outcome.PENDING, "op %d completed twice", opId);
        Check.that(result != Outcome.PENDING && (answer != null) == (result == Outcome.OK),
                "op %d: an answer comes with OK, and only with OK", opId);
        this.outcome = result;
        this.response = answer;
        this.completeMicros = micros;
        this.completeStamp = stamp;
    }

    public long opId() { return opId; }
    public long clientId() { return clientId; }
    public Kind kind() { return kind; }
    /** The key; null for a lease revoke. */
    public ByteString key() { return key; }
    /** The value written (put, create-if-absent); null otherwise. */
    public ByteString value() { return value; }
    /** The lease a write attaches the key to, or the lease revoked; 0 for none. */
    public long leaseId() { return leaseId; }
    public long invokeMicros() { return invokeMicros; }
    public long invokeStamp() { return invokeStamp; }
    public Outcome outcome() { return outcome; }
    public long completeMicros() { return completeMicros; }
    public long completeStamp() { return completeStamp; }
    /** The answer of an OK op, else null. */
    public Message response() { return response; }

    @Override
    public String toString() {
        return kind + " op " + opId + " (client " + clientId + (key == null ? "" : ", key " + key.toStringUtf8())
                + (leaseId == 0 ? "" : ", lease " + leaseId) + ", invoked t=" + invokeMicros + "us, " + outcome
                + (outcome == Outcome.PENDING ? "" : " t=" + completeMicros + "us") + ")";
    }
}
