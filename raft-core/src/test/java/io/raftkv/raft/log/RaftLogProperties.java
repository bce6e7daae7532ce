package io.raftkv.raft.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** RaftLog against a plain list: the leader-append path, a follower's append and truncation. */
class RaftLogProperties {

    /**
     * One follower append. A fresh one comes from a new leader (a term higher than any so far)
     * with {@code count} new entries after a prefix of the log; otherwise it replays part of the
     * log (a duplicated or reordered append). Either way Log Matching holds, as Raft guarantees.
     */
    record Append(double prevFraction, int count, boolean fresh) {}

    @Provide
    Arbitrary<List<Append>> appends() {
        Arbitrary<Append> append = Combinators.combine(
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(0, 4),
                Arbitraries.of(true, false)).as(Append::new);
        return append.list().ofMaxSize(30);
    }

    @Property
    void followerAppendMatchesListModel(@ForAll("appends") List<Append> appends) {
        RaftLog log = RaftLog.restored(List.of(), 0, 0);
        List<Entry> model = new ArrayList<>();
        long maxTerm = 0;
        for (Append append : appends) {
            int prevIndex = (int) Math.floor(append.prevFraction() * model.size());
            List<Entry> entries = new ArrayList<>();
            if (append.fresh()) {
                maxTerm++;
                for (int i = 1; i <= append.count(); i++) {
                    entries.add(Entry.normal(prevIndex + i, maxTerm, ByteString.copyFromUtf8((prevIndex + i) + "@" + maxTerm)));
                }
            } else {
                entries.addAll(model.subList(prevIndex, Math.min(model.size(), prevIndex + append.count())));
            }
            log.appendFromLeader(prevIndex, entries);
            applyToModel(model, prevIndex, entries);
            assertLogEquals(model, log);
        }
    }

    /** The model: overwrite from the first entry that differs; keep what already matches. */
    private static void applyToModel(List<Entry> model, int prevIndex, List<Entry> entries) {
        for (Entry entry : entries) {
            int position = (int) entry.index() - 1;
            if (position < model.size()) {
                if (model.get(position).equals(entry)) {
                    continue;
                }
                model.subList(position, model.size()).clear();
            }
            model.add(entry);
        }
    }

    private static void assertLogEquals(List<Entry> model, RaftLog log) {
        assertEquals(model.size(), log.lastIndex());
        for (int i = 0; i < model.size(); i++) {
            assertEquals(model.get(i), log.entry(i + 1));
        }
        for (long t = 0; t <= log.lastTerm() + 1; t++) {
            long expectedLast = 0;
            for (Entry entry : model) {
                if (entry.term() == t) {
                    expectedLast = entry.index();
                }
            }
            assertEquals(expectedLast, log.lastIndexOfTerm(t), "last index of term " + t);
        }
        for (int i = 0; i < model.size(); i++) {
            long termAt = model.get(i).term();
            long first = i + 1;
            while (first > 1 && model.get((int) first - 2).term() == termAt) {
                first--;
            }
            assertEquals(first, log.firstIndexOfTermAt(i + 1));
        }
    }

    @Property
    void sliceRespectsByteLimitButTakesAtLeastOne(@ForAll("sizes") List<Integer> sizes, @ForAll("limits") long maxBytes) {
        RaftLog log = RaftLog.restored(List.of(), 0, 0);
        for (int size : sizes) {
            log.append(Entry.normal(log.lastIndex() + 1, 1, ByteString.copyFrom(new byte[size])));
        }
        for (long from = 1; from <= log.lastIndex() + 1; from++) {
            List<Entry> slice = log.slice(from, maxBytes);
            long bytes = slice.stream().mapToLong(Entry::sizeBytes).sum();
            if (from <= log.lastIndex()) {
                assertEquals(from, slice.get(0).index());
                assertEquals(true, slice.size() == 1 || bytes <= maxBytes);
                long next = from + slice.size();
                if (next <= log.lastIndex()) {
                    assertEquals(true, bytes + log.entry(next).sizeBytes() > maxBytes, "slice stopped early");
                }
            } else {
                assertEquals(0, slice.size());
            }
        }
    }

    @Provide
    Arbitrary<List<Integer>> sizes() {
        return Arbitraries.integers().between(0, 100).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<Long> limits() {
        return Arbitraries.longs().between(1, 400);
    }
}
