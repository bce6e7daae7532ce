package io.raftkv.simulator.check.linearizability;

import java.util.List;

/**
 * Ops that share state, checked on their own (P-compositionality).
 *
 * @param keys the partition keys its ops name, in the order they first appear
 * @param ops sorted by call time, then op id
 */
record Partition<I, O>(List<Object> keys, List<Op<I, O>> ops) {
    Partition {
        keys = List.copyOf(keys);
        ops = List.copyOf(ops);
    }

    String describe() {
        return "keys " + keys + " (" + ops.size() + " ops)";
    }
}
