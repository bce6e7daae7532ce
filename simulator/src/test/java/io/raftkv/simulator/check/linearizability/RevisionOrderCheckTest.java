package io.raftkv.simulator.check.linearizability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevisionOrderCheckTest {
    private record Stamp(long revision, boolean changedStore) implements Revisioned {}

    private final List<Op<String, Stamp>> ops = new ArrayList<>();

    private Op<String, Stamp> write(long revision, long call, long ret) {
        return add("write", new Stamp(revision, true), call, ret);
    }

    private Op<String, Stamp> read(long revision, long call, long ret) {
        return add("read", new Stamp(revision, false), call, ret);
    }

    private Op<String, Stamp> add(String input, Stamp output, long call, long ret) {
        Op<String, Stamp> op = new Op<>(ops.size(), ops.size(), input, output, call, ret);
        ops.add(op);
        return op;
    }

    private List<RevisionOrderViolation> check() {
        return RevisionOrderCheck.check(ops);
    }

    @Test
    void revisionsThatFollowRealTimePass() {
        write(2, 0, 10);
        read(2, 20, 30);
        read(2, 25, 35);
        write(3, 40, 50);
        read(5, 60, 70);
        assertEquals(List.of(), check());
    }

    @Test
    void aReadBelowTheRevisionOfAnOpThatReturnedBeforeItIsReportedAsAPair() {
        Op<String, Stamp> earlier = write(7, 0, 10);
        Op<String, Stamp> later = read(6, 20, 30);
        List<RevisionOrderViolation> violations = check();
        assertEquals(1, violations.size());
        assertEquals(earlier, violations.get(0).earlier());
        assertEquals(later, violations.get(0).later());
        assertTrue(violations.get(0).explanation().contains("saw revision 6, below it"), violations.get(0).explanation());
    }

    @Test
    void aWriteMustCreateARevisionAboveEverythingSeenBeforeItWasCalled() {
        read(7, 0, 10);
        write(7, 20, 30);
        List<RevisionOrderViolation> violations = check();
        assertEquals(1, violations.size());
        assertTrue(violations.get(0).explanation().contains("changed the store at revision 7, not above it"));
    }

    @Test
    void twoWritesInRealTimeOrderNeedIncreasingRevisions() {
        write(7, 0, 10);
        write(7, 20, 30);
        // Reported by both rules: real time, and the shared revision.
        assertEquals(2, check().size());
    }

    @Test
    void concurrentOpsMayHaveTheirRevisionsInEitherOrder() {
        write(9, 0, 100);
        read(4, 10, 20);
        write(5, 30, 40);
        assertEquals(List.of(), check());
    }

    @Test
    void anOpCalledTheMicrosecondAnotherReturnsIsConcurrentWithIt() {
        write(9, 0, 10);
        read(4, 10, 20);
        assertEquals(List.of(), check());
        read(4, 11, 20);
        assertEquals(1, check().size());
    }

    @Test
    void concurrentWritesMayNotShareARevision() {
        Op<String, Stamp> first = write(5, 0, 100);
        Op<String, Stamp> second = write(5, 10, 20);
        List<RevisionOrderViolation> violations = check();
        assertEquals(List.of(new RevisionOrderViolation(first, second,
                first.header() + " and " + second.header() + " both changed the store at revision 5")), violations);
    }

    @Test
    void unknownOutcomesHaveNoRevisionAndAreSkipped() {
        write(9, 0, 10);
        ops.add(Op.unknown(ops.size(), 9, "write", 20));
        read(9, 30, 40);
        assertEquals(List.of(), check());
    }

    @Test
    void eachLateOpIsReportedOnceAgainstTheHighestRevisionBeforeIt() {
        write(3, 0, 10);
        Op<String, Stamp> highest = write(8, 20, 30);
        write(4, 40, 50);
        read(5, 60, 70);
        List<RevisionOrderViolation> violations = check();
        assertEquals(2, violations.size());
        assertTrue(violations.stream().allMatch(v -> v.earlier().equals(highest)));
    }

    /** A quadratic sweep would take minutes here; the sort-and-sweep takes a moment. */
    @Test
    void aLongHistoryIsCheckedInOneSweep() {
        for (int i = 0; i < 200_000; i++) {
            if (i % 2 == 0) {
                write(i + 1, i * 10L, i * 10L + 5);
            } else {
                read(i, i * 10L, i * 10L + 5);
            }
        }
        read(1, 3_000_000, 3_000_010);
        assertEquals(1, check().size());
    }
}
