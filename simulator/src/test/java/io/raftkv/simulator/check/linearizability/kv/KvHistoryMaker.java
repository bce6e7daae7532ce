package io.raftkv.simulator.check.linearizability.kv;

import io.raftkv.simulator.check.linearizability.Op;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs planned ops through {@link ReferenceKvStore} in the order of their linearization points,
 * so the history it returns is linearizable by construction. Op ids are positions in the plan.
 *
 * <p>Inputs are chosen as the run goes: values are unique ({@code v<opId>}), every lease is fresh
 * and attached by one op to one key, and a revoke names a lease used on its key and not revoked
 * before (or becomes a get if there is none), so a revoke touches exactly the key it names.
 */
final class KvHistoryMaker {
    private static final long LEASE_BASE = 1_000;

    private final ReferenceKvStore store = new ReferenceKvStore();
    private final Map<String, List<Long>> liveLeasesByKey = new HashMap<>();

    static List<Op<KvInput, KvOutput>> make(List<PlannedOp> plan) {
        return new KvHistoryMaker().run(plan);
    }

    private List<Op<KvInput, KvOutput>> run(List<PlannedOp> plan) {
        List<Integer> byLinearization = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            byLinearization.add(i);
        }
        byLinearization.sort(Comparator.<Integer>comparingLong(i -> plan.get(i).linMicros()).thenComparingInt(i -> i));
        List<Op<KvInput, KvOutput>> history = new ArrayList<>();
        for (int id : byLinearization) {
            PlannedOp planned = plan.get(id);
            KvInput input = input(planned, id);
            KvOutput output = planned.fate() == PlannedOp.Fate.UNKNOWN_NOT_APPLIED ? null : store.apply(input);
            int client = planned.client();
            long returned = planned.linMicros() + planned.returnAfterMicros();
            history.add(planned.fate() == PlannedOp.Fate.SEEN
                    ? new Op<>(id, client, input, output, planned.callMicros(), returned)
                    : Op.unknown(id, client, input, planned.callMicros()));
        }
        history.sort(Comparator.comparingLong(Op::opId));
        return history;
    }

    private KvInput input(PlannedOp planned, long id) {
        String key = "k" + planned.key();
        String value = "v" + id;
        return switch (planned.kind()) {
            case GET -> new KvInput.Get(key);
            case PUT -> new KvInput.Put(key, value, 0);
            case PUT_WITH_LEASE -> new KvInput.Put(key, value, freshLease(key, id));
            case DELETE -> new KvInput.Delete(key);
            case CREATE_IF_ABSENT -> new KvInput.CreateIfAbsent(key, value, id % 2 == 0 ? freshLease(key, id) : 0);
            case REVOKE -> {
                List<Long> live = liveLeasesByKey.getOrDefault(key, List.of());
                yield live.isEmpty() ? new KvInput.Get(key) : new KvInput.RevokeLease(live.remove(live.size() - 1), key);
            }
        };
    }

    private long freshLease(String key, long id) {
        long lease = LEASE_BASE + id;
        liveLeasesByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(lease);
        return lease;
    }
}
