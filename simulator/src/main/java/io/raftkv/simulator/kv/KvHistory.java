package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every KV operation of a run, clients' and the leader's lease expiries, in invocation order. */
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
