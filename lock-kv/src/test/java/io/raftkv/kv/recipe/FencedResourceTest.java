package io.raftkv.kv.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FencedResourceTest {

    @Test
    void risingAndEqualTokensAreAcceptedALowerOneIsRejectedNamingBoth() {
        FencedResource<List<String>> storage = new FencedResource<>(new ArrayList<>());

        assertInstanceOf(FencedResource.Accepted.class, storage.apply(new FencingToken(5), log -> log.add("5")));
        assertInstanceOf(FencedResource.Accepted.class, storage.apply(new FencingToken(9), log -> log.add("9")));
        assertInstanceOf(FencedResource.Accepted.class, storage.apply(new FencingToken(9), log -> log.add("9 again")));
        FencedResource.Result<Boolean> stale = storage.apply(new FencingToken(5), log -> log.add("5 again"));

        FencedResource.Rejected<?> rejected = assertInstanceOf(FencedResource.Rejected.class, stale);
        assertEquals(new FencingToken(5), rejected.presented());
        assertEquals(new FencingToken(9), rejected.highest());
        assertTrue(rejected.message().contains("token 5") && rejected.message().contains("token 9"), rejected.message());
        FencedResource.Accepted<?> read = assertInstanceOf(FencedResource.Accepted.class,
                storage.apply(new FencingToken(9), List::copyOf));
        assertEquals(List.of("5", "9", "9 again"), read.value(), "the rejected action did not run");
        assertEquals(new FencingToken(9), storage.highestSeen().orElseThrow());
    }

    @Test
    void admitChecksWithoutActing() {
        FencedResource<Object> resource = new FencedResource<>(new Object());

        assertInstanceOf(FencedResource.Accepted.class, resource.admit(new FencingToken(3)));
        assertInstanceOf(FencedResource.Rejected.class, resource.admit(new FencingToken(2)));
        assertEquals(new FencingToken(3), resource.highestSeen().orElseThrow());
    }

    @Test
    void underContentionNoActionWithALowerTokenRunsAfterAHigherOne() throws Exception {
        List<Long> applied = new ArrayList<>();
        FencedResource<List<Long>> resource = new FencedResource<>(applied);
        int threads = 8;
        int tokensPerThread = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    for (int i = 1; i <= tokensPerThread; i++) {
                        long revision = (long) i * threads + offset;
                        resource.apply(new FencingToken(revision), log -> log.add(revision));
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        for (int i = 1; i < applied.size(); i++) {
            assertTrue(applied.get(i - 1) <= applied.get(i), "action with " + applied.get(i) + " ran after one with "
                    + applied.get(i - 1));
        }
        assertEquals(applied.get(applied.size() - 1), resource.highestSeen().orElseThrow().revision());
    }

    @Test
    void tokensOrderByRevisionAndAreAlwaysPositive() {
        assertTrue(new FencingToken(7).compareTo(new FencingToken(8)) < 0);
        assertTrue(new FencingToken(7).isOlderThan(new FencingToken(8)));
        assertEquals(0, new FencingToken(8).compareTo(new FencingToken(8)));
        assertThrows(IllegalArgumentException.class, () -> new FencingToken(0));
    }
}
