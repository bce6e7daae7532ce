package io.raftkv.simulator.client;

import java.util.ArrayList;
import java.util.List;

/** Every operation every client invoked, in invocation order. */
public final class History {
    private final List<Operation> operations = new ArrayList<>();
    private long nextOpId = 1;

    Operation invoke(long clientId, Operation.Kind kind, long nodeId, long micros, long stamp) {
        Operation op = new Operation(nextOpId++, clientId, kind, nodeId, micros, stamp);
        operations.add(op);
        return op;
    }

    public List<Operation> operations() {
        return operations;
    }

    public long count(Operation.Kind kind, Operation.Outcome outcome) {
        return operations.stream().filter(op -> op.kind() == kind && op.outcome() == outcome).count();
    }
}
