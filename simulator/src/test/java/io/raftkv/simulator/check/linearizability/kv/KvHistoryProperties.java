package io.raftkv.simulator.check.linearizability.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.raftkv.simulator.check.linearizability.CheckResult;
import io.raftkv.simulator.check.linearizability.LinearizabilityChecker;
import io.raftkv.simulator.check.linearizability.Op;
import io.raftkv.simulator.check.linearizability.RevisionOrderCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The checker against the reference store: what the store really did is always accepted, with
 * any windows around the true linearization points and any unknown outcomes; a single wrong read
 * in a history without concurrency is always caught, at that read.
 */
class KvHistoryProperties {
    private static final long BUDGET = 1_000_000;
    private static final long SPACING_MICROS = 100;

    /** An op before it has its place in the sequence. */
    private record Shape(int client, PlannedOp.Kind kind, int key, long before, long after, PlannedOp.Fate fate) {
        PlannedOp at(long linMicros) {
            return new PlannedOp(client, kind, key, linMicros, Math.min(before, linMicros), after, fate);
        }
    }

    enum Mutation { STALE_VALUE, VERSION, PRESENCE }

    @Property(tries = 300)
    void whatTheReferenceStoreDidIsLinearizable(@ForAll("overlappingPlans") List<PlannedOp> plan) {
        List<Op<KvInput, KvOutput>> history = KvHistoryMaker.make(plan);
        CheckResult result = LinearizabilityChecker.check(new KvModel(), history, BUDGET);
        assertInstanceOf(CheckResult.Linearizable.class, result, result::toString);
        assertEquals(List.of(), RevisionOrderCheck.check(history));

        List<Op<KvInput, KvOutput>> reversed = new ArrayList<>(history);
        Collections.reverse(reversed);
        assertEquals(result, LinearizabilityChecker.check(new KvModel(), reversed, BUDGET), "the same verdict and steps");
    }

    @Property(tries = 300)
    void oneWrongReadWithoutConcurrencyIsCaughtAtThatRead(@ForAll("sequentialPlans") List<PlannedOp> plan,
                                                          @ForAll Mutation mutation, @ForAll int pick) {
        List<Op<KvInput, KvOutput>> history = new ArrayList<>(KvHistoryMaker.make(plan));
        List<Integer> gets = IntStream.range(0, history.size())
                .filter(i -> history.get(i).output() instanceof KvOutput.GetResult).boxed().toList();
        Assume.that(!gets.isEmpty());
        int target = gets.get(Math.floorMod(pick, gets.size()));
        Op<KvInput, KvOutput> original = history.get(target);
        Op<KvInput, KvOutput> mutated = new Op<>(original.opId(), original.clientId(), original.input(),
                mutate((KvOutput.GetResult) original.output(), mutation, staleValue(history, target)),
                original.callMicros(), original.returnMicros());
        history.set(target, mutated);

        CheckResult result = LinearizabilityChecker.check(new KvModel(), history, BUDGET);
        CheckResult.NotLinearizable failure = assertInstanceOf(CheckResult.NotLinearizable.class, result,
                () -> "mutated " + mutated + " but got " + result);
        assertEquals(List.of(mutated), failure.stuck(), failure.explanation());
    }

    private static KvOutput.GetResult mutate(KvOutput.GetResult seen, Mutation mutation, String stale) {
        long revision = seen.revision();
        if (seen.kv().isEmpty() || mutation == Mutation.PRESENCE) {
            return new KvOutput.GetResult(revision, seen.kv().isPresent() ? Optional.empty()
                    : Optional.of(new KeyState(stale, 1, revision, revision, 0)));
        }
        KeyState kv = seen.kv().get();
        KeyState wrong = mutation == Mutation.VERSION
                ? new KeyState(kv.value(), kv.version() + 1, kv.createRevision(), kv.modRevision(), kv.lease())
                : new KeyState(stale, kv.version(), kv.createRevision(), kv.modRevision(), kv.lease());
        return new KvOutput.GetResult(revision, Optional.of(wrong));
    }

    /** The latest value written to the key before the one the read saw: a stale read; or one never written. */
    private static String staleValue(List<Op<KvInput, KvOutput>> history, int target) {
        KvOutput.GetResult seen = (KvOutput.GetResult) history.get(target).output();
        String current = seen.kv().map(KeyState::value).orElse(null);
        String key = history.get(target).input().key();
        for (int i = target - 1; i >= 0; i--) {
            KvInput input = history.get(i).input();
            String written = input instanceof KvInput.Put put ? put.value()
                    : input instanceof KvInput.CreateIfAbsent create ? create.value() : null;
            if (key.equals(input.key()) && written != null && !written.equals(current)) {
                return written;
            }
        }
        return "never-written";
    }

    @Provide
    Arbitrary<List<PlannedOp>> overlappingPlans() {
        Arbitrary<PlannedOp.Fate> fates = Arbitraries.frequency(
                Tuple.of(8, PlannedOp.Fate.SEEN),
                Tuple.of(1, PlannedOp.Fate.UNKNOWN_APPLIED),
                Tuple.of(1, PlannedOp.Fate.UNKNOWN_NOT_APPLIED));
        // Windows up to three spacings wide on each side: each op overlaps several neighbours.
        return plans(Arbitraries.longs().between(0, 3 * SPACING_MICROS), fates, 40);
    }

    @Provide
    Arbitrary<List<PlannedOp>> sequentialPlans() {
        // Windows under half a spacing on each side: no two ops overlap.
        return plans(Arbitraries.longs().between(0, SPACING_MICROS / 2 - 1), Arbitraries.just(PlannedOp.Fate.SEEN), 30);
    }

    private static Arbitrary<List<PlannedOp>> plans(Arbitrary<Long> reach, Arbitrary<PlannedOp.Fate> fates, int opsMax) {
        Arbitrary<Shape> shapes = Combinators.combine(Arbitraries.integers().between(0, 3),
                Arbitraries.of(PlannedOp.Kind.class), Arbitraries.integers().between(0, 2), reach, reach, fates)
                .as(Shape::new);
        return shapes.list().ofMinSize(1).ofMaxSize(opsMax).map(list -> IntStream.range(0, list.size())
                .mapToObj(i -> list.get(i).at((i + 1) * SPACING_MICROS)).toList());
    }
}
