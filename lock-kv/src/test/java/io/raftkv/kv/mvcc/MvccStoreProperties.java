package io.raftkv.kv.mvcc;

import static io.raftkv.kv.KvRequests.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.Compare;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.KeyHistoryRecord;
import io.raftkv.kv.proto.KeyValue;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RangeRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.TxnRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link MvccStore} against {@link ReferenceStore}, a dumb model of etcd's semantics, over random
 * sequences of puts, deletes, txns (nested, with compares), ranges at past revisions with limits,
 * sorts and filters, compactions, history queries and snapshot round trips. A small key alphabet
 * makes keys collide, so txns hit the duplicate-key rule and compares see existing keys.
 */
class MvccStoreProperties {
    private static final long LIVE_LEASE = 7;
    private static final long DEAD_LEASE = 9;
    private static final LongPredicate LEASES = id -> id == LIVE_LEASE;
    private static final List<String> KEYS = List.of("a", "ab", "b", "c", "d");
    private static final List<String> RANGE_ENDS = List.of("", "", "\0", "b", "c", "d", "a");

    /** What a step does; revisions are relative to the store's, so that shrinking keeps them meaningful. */
    sealed interface Action permits Write, Read, Compact, History, Restore {
    }

    record Write(RequestOp op) implements Action {
    }

    /** @param revisionsBack 0: the current revision (request revision 0); -1: one past it; n: n below it */
    record Read(RangeRequest request, int revisionsBack) implements Action {
    }

    record Compact(int revisionsBack) implements Action {
    }

    record History(String key, String rangeEnd, int revisionsBack, int max) implements Action {
    }

    record Restore() implements Action {
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
    void theStoreAnswersAsTheReferenceModel(@ForAll("actions") List<Action> actions) {
        MvccStore store = new MvccStore();
        ReferenceStore model = new ReferenceStore();
        for (Action action : actions) {
            Statistics.label("action").collect(action.getClass().getSimpleName());
            store = step(store, model, action);
            assertEquals(model.revision(), store.revision());
            assertEquals(model.compactRevision(), store.compactRevision());
            assertEquals(model.keyCount(), store.keyCount());
        }
        Statistics.label("final revision").collect(model.revision() < 10 ? "< 10" : model.revision() < 20 ? "< 20" : ">= 20");
        assertSameEverywhere(store, model);
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void aRestoredStoreHoldsTheSameHistoryAndAnswersAlike(@ForAll("actions") List<Action> actions) {
        MvccStore store = new MvccStore();
        ReferenceStore model = new ReferenceStore();
        for (Action action : actions) {
            store = step(store, model, action);
        }
        MvccStore restored = restored(store);
        assertEquals(records(store), records(restored));
        assertSameEverywhere(restored, model);
    }

    private static MvccStore step(MvccStore store, ReferenceStore model, Action action) {
        if (action instanceof Write write) {
            long before = model.revision();
            MvccStore.WriteResult[] result = new MvccStore.WriteResult[1];
            sameOutcome(() -> model.write(write.op(), LEASES), () -> (result[0] = store.write(write.op(), LEASES))
                    .response());
            if (result[0] != null) {
                Statistics.label("write").collect(result[0].events().size() > 1 ? "several changes"
                        : result[0].events().size() == 1 ? "one change" : "no change");
                assertEquals(model.lastEvents(before), result[0].events());
                assertEquals(model.revision(), result[0].revision());
            }
        } else if (action instanceof Read read) {
            RangeRequest request = read.request().toBuilder().setRevision(revision(model, read.revisionsBack())).build();
            sameOutcome(() -> model.range(request), () -> store.range(request));
        } else if (action instanceof Compact compact) {
            long revision = model.revision() - compact.revisionsBack();
            sameOutcome(() -> {
                model.compact(revision);
                return "compacted";
            }, () -> {
                store.compact(revision);
                return "compacted";
            });
        } else if (action instanceof History history) {
            long from = Math.max(1, model.revision() - history.revisionsBack());
            sameOutcome(() -> model.history(bytes(history.key()), bytes(history.rangeEnd()), from, history.max()),
                    () -> store.history(bytes(history.key()), bytes(history.rangeEnd()), from, history.max()));
        } else {
            return restored(store);
        }
        return store;
    }

    private static long revision(ReferenceStore model, int revisionsBack) {
        if (revisionsBack == 0) {
            return 0;
        }
        return revisionsBack < 0 ? model.revision() + 1 : Math.max(1, model.revision() - revisionsBack);
    }

    /** Both give equal answers, or both refuse with the same code. */
    private static void sameOutcome(Supplier<Object> model, Supplier<Object> store) {
        Object expected;
        try {
            expected = model.get();
        } catch (KvException refused) {
            Statistics.label("refused").collect(refused.code());
            KvError.Code code = refused.code();
            KvException actual = assertThrows(KvException.class, store::get);
            assertEquals(code, actual.code(), actual.getMessage());
            return;
        }
        assertEquals(expected, store.get());
    }

    /** Every retained revision reads alike, and so does the whole retained history. */
    private static void assertSameEverywhere(MvccStore store, ReferenceStore model) {
        RangeRequest all = RangeRequest.newBuilder().setKey(ByteString.EMPTY).setRangeEnd(bytes("\0")).build();
        for (long revision = Math.max(1, model.compactRevision()); revision <= model.revision(); revision++) {
            RangeRequest at = all.toBuilder().setRevision(revision).build();
            assertEquals(model.range(at), store.range(at), "range at revision " + revision);
        }
        long from = Math.max(1, model.compactRevision());
        assertEquals(model.history(ByteString.EMPTY, bytes("\0"), from, Integer.MAX_VALUE),
                store.history(ByteString.EMPTY, bytes("\0"), from, Integer.MAX_VALUE));
        List<KeyValue> live = new ArrayList<>();
        store.forEachLive(live::add);
        assertEquals(model.live(), live);
    }

    private static MvccStore restored(MvccStore store) {
        return MvccStore.restore(store.revision(), store.compactRevision(), records(store).iterator());
    }

    private static List<KeyHistoryRecord> records(MvccStore store) {
        List<KeyHistoryRecord> records = new ArrayList<>();
        store.forEachKeyHistory(records::add);
        return records;
    }

    // ---- generators

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                Tuple.of(10, op(2).map(Write::new)),
                Tuple.of(3, Combinators.combine(range(), Arbitraries.integers().between(-1, 6)).as(Read::new)),
                Tuple.of(1, Arbitraries.integers().between(-1, 4).map(Compact::new)),
                Tuple.of(2, Combinators.combine(key(), rangeEnd(), Arbitraries.integers().between(0, 8),
                        Arbitraries.of(1, 2, 3, 100)).as(History::new)),
                Tuple.of(1, Arbitraries.just(new Restore())));
        return action.list().ofMinSize(1).ofMaxSize(40).withSizeDistribution(RandomDistribution.uniform());
    }

    private static Arbitrary<RequestOp> op(int txnDepth) {
        Arbitrary<RequestOp> put = put().map(p -> RequestOp.newBuilder().setRequestPut(p).build());
        Arbitrary<RequestOp> delete = delete().map(d -> RequestOp.newBuilder().setRequestDeleteRange(d).build());
        Arbitrary<RequestOp> range = range().map(r -> RequestOp.newBuilder().setRequestRange(r).build());
        if (txnDepth == 0) {
            return Arbitraries.frequencyOf(Tuple.of(6, put), Tuple.of(2, delete), Tuple.of(1, range));
        }
        Arbitrary<RequestOp> txn = txn(txnDepth - 1).map(t -> RequestOp.newBuilder().setRequestTxn(t).build());
        return Arbitraries.frequencyOf(Tuple.of(6, put), Tuple.of(2, delete), Tuple.of(1, range), Tuple.of(3, txn));
    }

    private static Arbitrary<TxnRequest> txn(int nestedDepth) {
        Arbitrary<List<RequestOp>> branch = Arbitraries.lazy(() -> op(nestedDepth)).list().ofMaxSize(3);
        return Combinators.combine(compare().list().ofMaxSize(2), branch, branch).as((compares, success, failure) ->
                TxnRequest.newBuilder().addAllCompare(compares).addAllSuccess(success).addAllFailure(failure).build());
    }

    private static Arbitrary<PutRequest> put() {
        Arbitrary<Integer> ignore = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, 1), Tuple.of(1, 2));
        return Combinators.combine(key(), value(), lease(), Arbitraries.of(true, false), ignore)
                .as((key, value, lease, prevKv, ignoreWhat) -> {
                    PutRequest.Builder put = PutRequest.newBuilder().setKey(bytes(key)).setPrevKv(prevKv);
                    return switch (ignoreWhat) {
                        case 1 -> put.setIgnoreValue(true).setLease(lease).build();
                        case 2 -> put.setIgnoreLease(true).setValue(bytes(value)).build();
                        default -> put.setValue(bytes(value)).setLease(lease).build();
                    };
                });
    }

    private static Arbitrary<DeleteRangeRequest> delete() {
        return Combinators.combine(key(), rangeEnd(), Arbitraries.of(true, false)).as((key, end, prevKv) ->
                DeleteRangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(end)).setPrevKv(prevKv).build());
    }

    private static Arbitrary<RangeRequest> range() {
        Arbitrary<RangeRequest.Builder> where = Combinators.combine(key(), rangeEnd(),
                Arbitraries.integers().between(0, 3), smallRevision()).as((key, end, limit, revision) ->
                RangeRequest.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(end)).setLimit(limit)
                        .setRevision(revision));
        Arbitrary<RangeRequest.SortOrder> order = Arbitraries.of(RangeRequest.SortOrder.NONE,
                RangeRequest.SortOrder.NONE, RangeRequest.SortOrder.ASCEND, RangeRequest.SortOrder.DESCEND);
        Arbitrary<RangeRequest.SortTarget> target = Arbitraries.of(RangeRequest.SortTarget.KEY,
                RangeRequest.SortTarget.KEY, RangeRequest.SortTarget.VERSION, RangeRequest.SortTarget.CREATE,
                RangeRequest.SortTarget.MOD, RangeRequest.SortTarget.VALUE);
        Arbitrary<Integer> flags = Arbitraries.integers().between(0, 15);
        Arbitrary<List<Long>> filters = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(List.of(0L, 0L, 0L, 0L))),
                Tuple.of(1, Arbitraries.longs().between(0, 8).list().ofSize(4)));
        return Combinators.combine(where, order, target, flags, filters).as((builder, sortOrder, sortTarget, bits,
                bounds) -> builder.setSortOrder(sortOrder).setSortTarget(sortTarget).setKeysOnly((bits & 1) != 0)
                .setCountOnly((bits & 14) == 14).setMinModRevision(bounds.get(0)).setMaxModRevision(bounds.get(1))
                .setMinCreateRevision(bounds.get(2)).setMaxCreateRevision(bounds.get(3)).build());
    }

    private static Arbitrary<Compare> compare() {
        Arbitrary<Compare.CompareTarget> target = Arbitraries.of(Compare.CompareTarget.VERSION,
                Compare.CompareTarget.CREATE, Compare.CompareTarget.MOD, Compare.CompareTarget.VALUE,
                Compare.CompareTarget.LEASE);
        Arbitrary<Compare.CompareResult> result = Arbitraries.of(Compare.CompareResult.EQUAL,
                Compare.CompareResult.NOT_EQUAL, Compare.CompareResult.GREATER, Compare.CompareResult.LESS);
        Arbitrary<String> end = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just("")), Tuple.of(1, rangeEnd()));
        return Combinators.combine(key(), end, target, result, Arbitraries.integers().between(-1, 6), value())
                .as((key, rangeEnd, what, how, number, value) -> {
                    Compare.Builder compare = Compare.newBuilder().setKey(bytes(key)).setRangeEnd(bytes(rangeEnd))
                            .setTarget(what).setResult(how);
                    if (number < 0) {
                        return compare.build(); // no value set: etcd compares against zero
                    }
                    return switch (what) {
                        case VERSION -> compare.setVersion(number).build();
                        case CREATE -> compare.setCreateRevision(number).build();
                        case MOD -> compare.setModRevision(number).build();
                        case VALUE -> compare.setValue(bytes(value)).build();
                        default -> compare.setLease(number % 2 == 0 ? 0 : LIVE_LEASE).build();
                    };
                });
    }

    private static Arbitrary<String> key() {
        return Arbitraries.of(KEYS);
    }

    private static Arbitrary<String> rangeEnd() {
        return Arbitraries.of(RANGE_ENDS);
    }

    private static Arbitrary<String> value() {
        return Arbitraries.of("", "x", "y");
    }

    private static Arbitrary<Long> lease() {
        return Arbitraries.frequency(Tuple.of(6, 0L), Tuple.of(3, LIVE_LEASE), Tuple.of(1, DEAD_LEASE));
    }

    /** A revision named inside a txn: mostly the current one (0), sometimes a small absolute one, possibly ahead. */
    private static Arbitrary<Long> smallRevision() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0L)), Tuple.of(1, Arbitraries.longs().between(1, 8)));
    }
}
