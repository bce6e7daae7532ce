package io.raftkv.simulator.check.linearizability.kv;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Plans a workload the way clients run it: each client issues one op at a time, and an op takes
 * effect somewhere inside its window. A client whose op times out moves on; that op may still
 * take effect later (up to ten of its durations after its call), or never.
 */
final class ClientTimeline {
    private static final long THINK_MICROS_MAX = 5;
    private static final long DURATION_MICROS_MIN = 10;
    private static final long DURATION_MICROS_MAX = 100;
    /** Weights of GET, PUT, PUT_WITH_LEASE, DELETE, CREATE_IF_ABSENT, REVOKE. */
    private static final int[] KIND_WEIGHTS = {35, 25, 10, 10, 10, 10};

    private ClientTimeline() {}

    static List<PlannedOp> plan(long seed, int ops, int keys, int clients, double unknownFraction) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] freeAtMicros = new long[clients];
        List<PlannedOp> plan = new ArrayList<>(ops);
        for (int i = 0; i < ops; i++) {
            int client = earliestFree(freeAtMicros);
            long call = freeAtMicros[client] + random.nextLong(THINK_MICROS_MAX + 1);
            long duration = random.nextLong(DURATION_MICROS_MIN, DURATION_MICROS_MAX + 1);
            PlannedOp.Kind kind = kind(random);
            int key = random.nextInt(keys);
            if (random.nextDouble() < unknownFraction) {
                boolean applied = random.nextBoolean();
                long lin = call + (applied ? random.nextLong(10 * duration + 1) : 0);
                plan.add(new PlannedOp(client, kind, key, lin, lin - call, 0,
                        applied ? PlannedOp.Fate.UNKNOWN_APPLIED : PlannedOp.Fate.UNKNOWN_NOT_APPLIED));
            } else {
                long lin = call + random.nextLong(duration + 1);
                plan.add(new PlannedOp(client, kind, key, lin, lin - call, call + duration - lin, PlannedOp.Fate.SEEN));
            }
            freeAtMicros[client] = call + duration;
        }
        return plan;
    }

    private static int earliestFree(long[] freeAtMicros) {
        int earliest = 0;
        for (int c = 1; c < freeAtMicros.length; c++) {
            if (freeAtMicros[c] < freeAtMicros[earliest]) {
                earliest = c;
            }
        }
        return earliest;
    }

    private static PlannedOp.Kind kind(SplittableRandom random) {
        int total = 0;
        for (int weight : KIND_WEIGHTS) {
            total += weight;
        }
        int draw = random.nextInt(total);
        for (int k = 0; k < KIND_WEIGHTS.length; k++) {
            draw -= KIND_WEIGHTS[k];
            if (draw < 0) {
                return PlannedOp.Kind.values()[k];
            }
        }
        throw new AssertionError("weights cover every draw");
    }
}
