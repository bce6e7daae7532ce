package io.raftkv.kv.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.KvLimits;
import io.raftkv.kv.api.Bytes;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.CompactionRequest;
import io.raftkv.kv.proto.DeleteRangeRequest;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.PutRequest;
import io.raftkv.kv.proto.RequestOp;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import io.raftkv.kv.state.KvStateMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WatchHubTest {
    private final KvStateMachine machine = new KvStateMachine(KvLimits.DEFAULTS, 1_000);
    private final WatchHub hub = machine.watches();
    private final List<WatchResponse> seen = new ArrayList<>();
    private long index;

    private void put(String key, String value) {
        machine.apply(++index, Command.newBuilder().setWrite(RequestOp.newBuilder().setRequestPut(
                PutRequest.newBuilder().setKey(Bytes.of(key)).setValue(Bytes.of(value)))).build().toByteString());
    }

    private void delete(String key) {
        machine.apply(++index, Command.newBuilder().setWrite(RequestOp.newBuilder().setRequestDeleteRange(
                DeleteRangeRequest.newBuilder().setKey(Bytes.of(key)))).build().toByteString());
    }

    private long watch(WatchCreateRequest.Builder request) {
        return hub.create(request.build(), machine.store(), seen::add);
    }

    private List<Event> events() {
        return seen.stream().flatMap(r -> r.getEventsList().stream()).toList();
    }

    private List<String> describe() {
        return events().stream().map(e -> e.getType() + " " + e.getKv().getKey().toStringUtf8() + "@"
                + e.getKv().getModRevision()).toList();
    }

    @Test
    void aWatchFromAPastRevisionReplaysHistoryThenFollowsLiveWrites() {
        put("a", "1");
        put("b", "1");
        put("a", "2");
        long id = watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setStartRevision(2));
        assertTrue(seen.get(0).getCreated());
        assertEquals(id, seen.get(0).getWatchId());
        delete("a");
        put("a", "3");
        assertEquals(List.of("PUT a@2", "PUT a@4", "DELETE a@5", "PUT a@6"), describe());
    }

    @Test
    void aWatchWithoutStartRevisionSeesOnlyLaterWrites() {
        put("a", "1");
        watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")));
        put("a", "2");
        assertEquals(List.of("PUT a@3"), describe());
    }

    @Test
    void rangesPrefixesAndFiltersSelectEvents() {
        watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("/x/")).setRangeEnd(Bytes.of("/x0"))
                .addFilters(WatchCreateRequest.FilterType.NODELETE));
        put("/x/1", "a");
        put("/y/1", "a");
        put("/x/2", "a");
        delete("/x/1");
        assertEquals(List.of("PUT /x/1@2", "PUT /x/2@4"), describe());
    }

    @Test
    void thePreviousKeyValueComesOnlyWhenAskedFor() {
        put("k", "old");
        watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("k")));
        List<WatchResponse> withPrev = new ArrayList<>();
        hub.create(WatchCreateRequest.newBuilder().setKey(Bytes.of("k")).setPrevKv(true).build(), machine.store(),
                withPrev::add);
        put("k", "new");
        assertFalse(events().get(0).hasPrevKv());
        Event event = withPrev.stream().flatMap(r -> r.getEventsList().stream()).findFirst().orElseThrow();
        assertEquals("old", event.getPrevKv().getValue().toStringUtf8());
    }

    @Test
    void aCompactedStartRevisionCancelsTheWatchNamingTheCompactedRevision() {
        put("a", "1");
        put("a", "2");
        put("a", "3");
        machine.apply(++index, Command.newBuilder().setCompaction(CompactionRequest.newBuilder().setRevision(3))
                .build().toByteString());
        watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setStartRevision(2));
        WatchResponse last = seen.get(seen.size() - 1);
        assertTrue(last.getCanceled());
        assertEquals(3, last.getCompactRevision());
        assertTrue(last.getCancelReason().contains("compacted"), last.getCancelReason());
        assertEquals(0, hub.size());
        put("a", "4");
        assertTrue(events().isEmpty(), "a canceled watch receives nothing");
    }

    @Test
    void cancelAndProgressAreAnswered() {
        long id = watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setProgressNotify(true));
        put("b", "1");
        hub.notifyProgress(machine.store().revision());
        WatchResponse progress = seen.get(seen.size() - 1);
        assertEquals(0, progress.getEventsCount());
        assertEquals(2, progress.getHeader().getRevision());
        hub.requestProgress(id, machine.store().revision());
        assertEquals(3, seen.size());
        hub.cancel(id, machine.store().revision());
        assertTrue(seen.get(seen.size() - 1).getCanceled());
        put("a", "1");
        assertTrue(events().isEmpty());
    }

    @Test
    void aWatchIdInUseOrANegativeStartIsRefused() {
        watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setWatchId(5));
        assertThrows(KvException.class, () -> watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setWatchId(5)));
        assertThrows(KvException.class, () -> watch(WatchCreateRequest.newBuilder().setKey(Bytes.of("a")).setStartRevision(-1)));
    }

    @Test
    void aLongHistoryIsReplayedInBatchesThatNeverSplitARevision() {
        for (int i = 0; i < 2_500; i++) {
            put("k" + (i % 7), "v" + i);
        }
        watch(WatchCreateRequest.newBuilder().setKey(ByteString.EMPTY).setRangeEnd(ByteString.copyFrom(new byte[] {0}))
                .setStartRevision(1));
        List<Event> events = events();
        assertEquals(2_500, events.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(i + 2, events.get(i).getKv().getModRevision(), "events in revision order, none lost or repeated");
        }
        assertTrue(seen.size() >= 4, "replayed in batches, got " + seen.size() + " responses");
    }
}
