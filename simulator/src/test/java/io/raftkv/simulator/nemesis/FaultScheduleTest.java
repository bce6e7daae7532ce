package io.raftkv.simulator.nemesis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {

    private static List<FaultWindow> draw(long seed) {
        return FaultSchedule.draw(new SplittableRandom(seed), NemesisModel.DEFAULT, 5, 50_000, 56_000_000);
    }

    @Test
    void theScheduleIsAFunctionOfTheSeed() {
        assertEquals(draw(1), draw(1));
        assertNotEquals(draw(1), draw(2));
    }

    @Test
    void everyWindowEndsBeforeTheQuietPeriodAndTargetsMembers() {
        for (long seed = 0; seed < 200; seed++) {
            for (FaultWindow window : draw(seed)) {
                assertTrue(window.startMicros() >= 50_000 && window.endMicros() <= 56_000_000, window.toString());
                if (window.fault() instanceof Fault.Partition p) {
                    assertTrue(!p.side().isEmpty() && p.side().size() <= 2, "a partition cuts off a minority: " + p);
                }
                if (window.fault() instanceof Fault.Bridge b) {
                    assertTrue(!b.unreachable().contains(b.node()), b.toString());
                }
            }
        }
    }

    @Test
    void theClusterGetsGapsToMakeProgress() {
        List<FaultWindow> windows = draw(3);
        long quiet = 0;
        long coveredUntil = 50_000;
        for (FaultWindow window : windows) {
            if (window.startMicros() > coveredUntil) {
                quiet += window.startMicros() - coveredUntil;
            }
            coveredUntil = Math.max(coveredUntil, window.endMicros());
        }
        assertTrue(quiet > 56_000_000 / 10, "gaps total " + quiet + "us");
        assertTrue(windows.size() > 10, "a minute brings many faults, got " + windows.size());
    }

    @Test
    void everyKindOfFaultIsDrawn() {
        java.util.Set<Class<?>> kinds = new java.util.HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            draw(seed).forEach(window -> kinds.add(window.fault().getClass()));
        }
        assertEquals(Fault.class.getPermittedSubclasses().length, kinds.size(), kinds.toString());
    }

    @Test
    void aDisabledNemesisDrawsNothing() {
        assertEquals(List.of(), FaultSchedule.draw(new SplittableRandom(1), NemesisModel.OFF, 3, 0, 10_000_000));
    }
}
