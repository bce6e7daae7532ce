package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every KV operation of a run: the clients', in the order they were invoked, and the lease
 * expiries the leader decided, recorded when first applied (so with an invocation time earlier
 * than ops recorded before them). Checks order by time themselves.
 */
public final class KvHistory {
    private final List<KvOp> ops = new ArrayList<>();
    private long nextOpId = 1;

    public KvOp invoke(long clientId, KvOp.Kind kind, ByteString key, ByteString value, long leaseId, long micros,
                       long stamp) {
        KvOp op = new KvOp(nextOpId++, clientId, kind, key, value, leaseId, micros, stamp);
        ops.add(op);
        return op;
    }

    public void complete(KvOp op, KvOp.Outcome outcome, Message answer, long micros, long stamp) {
        op.complete(outcome, answer, micros, stamp);
    }

    public List<KvOp> ops() {
        return Collections.unmodifiableList(ops);
    }

    public long count(KvOp.Outcome outcome) {
        return ops.stream().filter(op -> op.outcome() == outcome).count();
    }
}
