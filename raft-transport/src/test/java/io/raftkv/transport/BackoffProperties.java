package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {

    /** The dumb model: min doubled per failure, capped; the delay lies between half of that and all of it. */
    @Property
    void theNthDelayLiesBetweenHalfAndAllOfMinTimesTwoToTheNCapped(
            @ForAll @LongRange(min = 1, max = 10_000) long min, @ForAll @LongRange(min = 0, max = 1_000_000) long extra,
            @ForAll @IntRange(min = 1, max = 100) int failures, @ForAll long seed) {
        long max = min + extra;
        Backoff backoff = new Backoff(min, max, new SplittableRandom(seed));
        long ceiling = min;
        for (int n = 0; n < failures; n++) {
            long delay = backoff.nextDelayMillis();
            assertTrue(delay >= ceiling / 2 && delay <= ceiling,
                    "failure " + n + ": delay " + delay + " outside [" + ceiling / 2 + ", " + ceiling + "]");
            ceiling = Math.min(max, ceiling * 2);
        }
    }

    @Property
    void theSameSeedGivesTheSameDelaysAndResetStartsOver(@ForAll long seed) {
        assertEquals(delays(seed), delays(seed));
        Backoff backoff = new Backoff(10, 10_000, new SplittableRandom(seed));
        for (int i = 0; i < 8; i++) {
            backoff.nextDelayMillis();
        }
        backoff.reset();
        assertTrue(backoff.nextDelayMillis() <= 10);
    }

    @Property(tries = 20)
    void differentSeedsJitterDifferently(@ForAll long seed) {
        List<Long> a = delays(seed);
        List<Long> b = delays(seed + 1);
        assertTrue(!a.equals(b), "two seeds gave the same 20 delays: " + a);
    }

    private static List<Long> delays(long seed) {
        Backoff backoff = new Backoff(50, 2_000, new SplittableRandom(seed));
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            delays.add(backoff.nextDelayMillis());
        }
        return delays;
    }
}
