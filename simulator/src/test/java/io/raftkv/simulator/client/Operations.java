package io.raftkv.simulator.client;

/** Builds finished operations for checker tests (stamps double as times). */
public final class Operations {
    private Operations() {}

    public static Operation write(long opId, long invoked, long completed, long index) {
        Operation op = new Operation(opId, 1, Operation.Kind.WRITE, 1, invoked, invoked);
        op.complete(Operation.Outcome.OK, completed, completed, index, 0);
        return op;
    }

    public static Operation read(long opId, long invoked, long completed, long index, long stateHash) {
        Operation op = new Operation(opId, 1, Operation.Kind.READ, 1, invoked, invoked);
        op.complete(Operation.Outcome.OK, completed, completed, index, stateHash);
        return op;
    }

    public static Operation refusedWrite(long opId, long invoked, long completed) {
        Operation op = new Operation(opId, 1, Operation.Kind.WRITE, 1, invoked, invoked);
        op.complete(Operation.Outcome.FAILED, completed, completed, 0, 0);
        return op;
    }
}
