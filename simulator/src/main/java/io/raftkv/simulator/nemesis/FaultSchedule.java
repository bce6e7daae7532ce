package io.raftkv.simulator.nemesis;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws a run's faults from its nemesis stream, up front: the whole schedule is a function of
 * the seed, and every window ends before {@code endMicros} (the start of the quiet period).
 */
public final class FaultSchedule {
    /**
     * A follower cut off this long usually misses a snapshot and compaction of the leader (one
     * every few hundred entries), and then the time it has to catch up while the trap is armed.
     */
    private static final long SNAPSHOT_LAG_MIN_MICROS = 2_000_000;
    private static final long SNAPSHOT_LAG_MAX_MICROS = 7_000_000;
    private static final long SNAPSHOT_CATCH_UP_MIN_MICROS = 500_000;
    private static final long SNAPSHOT_CATCH_UP_MAX_MICROS = 2_500_000;

    private final RandomGenerator random;
    private final NemesisModel model;
    private final int nodes;

    private FaultSchedule(RandomGenerator random, NemesisModel model, int nodes) {
        this.random = random;
        this.model = model;
        this.nodes = nodes;
    }

    public static List<FaultWindow> draw(RandomGenerator random, NemesisModel model, int nodes,
                                         long startMicros, long endMicros) {
        List<FaultWindow> windows = new ArrayList<>();
        if (!model.enabled() || endMicros <= startMicros) {
            return windows;
        }
        FaultSchedule schedule = new FaultSchedule(random, model, nodes);
        long t = startMicros + between(random, 0, model.gapMaxMicros());
        while (t < endMicros) {
            int faults = random.nextInt(1_000_000) < model.overlapPpm() ? 2 : 1;
            long slotEnd = t;
            for (int k = 0; k < faults; k++) {
                long start = k == 0 ? t : t + between(random, 0, model.durationMinMicros());
                Fault fault = schedule.drawFault();
                long end = Math.min(start + schedule.duration(fault), endMicros);
                if (start < endMicros) {
                    windows.add(new FaultWindow(start, end, fault));
                    slotEnd = Math.max(slotEnd, end);
                }
            }
            t = slotEnd + between(random, model.gapMinMicros(), model.gapMaxMicros());
        }
        return windows;
    }

    private Fault drawFault() {
        int roll = random.nextInt(145);
        if (roll >= 130) {
            Fault.Trigger trigger = Fault.Trigger.SNAPSHOT_POINTS[random.nextInt(Fault.Trigger.SNAPSHOT_POINTS.length)];
            return new Fault.SnapshotTrap(trigger, between(random, 0, model.quickRestartMaxMicros()), anyNode(),
                    between(random, SNAPSHOT_LAG_MIN_MICROS, SNAPSHOT_LAG_MAX_MICROS));
        } else if (roll >= 122) {
            return new Fault.TransferLeadership(anyNode());
        } else if (roll >= 115) {
            List<Long> clogged = someNodes();
            List<Long> unclogged = pick(clogged, clogged.size());
            return new Fault.Swizzle(clogged, unclogged, between(random, 10_000, 200_000));
        } else if (roll >= 100) {
            Fault.Trigger trigger = Fault.Trigger.SENDS[random.nextInt(Fault.Trigger.SENDS.length)];
            return new Fault.CrashAfterSend(trigger, between(random, 0, model.quickRestartMaxMicros()),
                    trigger != Fault.Trigger.APPEND_ACKNOWLEDGED, anyNode());
        } else if (roll < 14) {
            return new Fault.Partition(minority());
        } else if (roll < 22) {
            return new Fault.OneWay(someNodes(), someNodes());
        } else if (roll < 32) {
            long node = anyNode();
            return new Fault.Bridge(node, someOtherNodes(node));
        } else if (roll < 42) {
            return new Fault.IsolateLeader(anyNode());
        } else if (roll < 62) {
            return new Fault.Crash(random.nextBoolean() ? 0 : anyNode(), anyNode());
        } else if (roll < 74) {
            return new Fault.Pause(random.nextBoolean() ? 0 : anyNode(), anyNode());
        } else if (roll < 82) {
            return new Fault.ClockChange(anyNode(), between(random, -model.driftMaxPpm(), model.driftMaxPpm()),
                    between(random, 0, model.clockJumpMaxMicros()));
        } else if (roll < 92) {
            return new Fault.NetworkSpike(random.nextInt(300_000), random.nextInt(200_000),
                    between(random, 0, 20_000));
        } else {
            return new Fault.SlowDisk(anyNode(), 2 + random.nextInt(50));
        }
    }

    private long duration(Fault fault) {
        if (fault instanceof Fault.SnapshotTrap trap) {
            return trap.lagMicros() + between(random, SNAPSHOT_CATCH_UP_MIN_MICROS, SNAPSHOT_CATCH_UP_MAX_MICROS);
        }
        if (fault instanceof Fault.ClockChange || fault instanceof Fault.TransferLeadership) {
            return 0;
        }
        if (fault instanceof Fault.Crash && random.nextInt(1_000_000) < model.quickRestartPpm()) {
            return between(random, 0, model.quickRestartMaxMicros());
        }
        long max = fault instanceof Fault.Pause ? model.pauseMaxMicros() : model.durationMaxMicros();
        return between(random, model.durationMinMicros(), max);
    }

    private long anyNode() {
        return 1 + random.nextInt(nodes);
    }

    /** A non-empty minority (for one node: that node). */
    private List<Long> minority() {
        int size = 1 + random.nextInt(Math.max(1, (nodes - 1) / 2));
        return pick(allNodes(), size);
    }

    private List<Long> someNodes() {
        return pick(allNodes(), 1 + random.nextInt(Math.max(1, nodes - 1)));
    }

    private List<Long> someOtherNodes(long node) {
        List<Long> others = allNodes();
        others.remove(node);
        return others.isEmpty() ? others : pick(others, 1 + random.nextInt(others.size()));
    }

    private List<Long> allNodes() {
        List<Long> all = new ArrayList<>();
        for (long id = 1; id <= nodes; id++) {
            all.add(id);
        }
        return all;
    }

    /** {@code size} distinct elements of {@code from}, in a random order (a partial Fisher-Yates shuffle). */
    private List<Long> pick(List<Long> from, int size) {
        List<Long> pool = new ArrayList<>(from);
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(pool.size() - i);
            Long tmp = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, tmp);
        }
        return new ArrayList<>(pool.subList(0, size));
    }

    static long between(RandomGenerator random, long min, long max) {
        return min == max ? min : random.nextLong(min, max + 1);
    }
}
