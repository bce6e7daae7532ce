package io.raftkv.kv.watch;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KeyInterval;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;

/** One registered watch: what it covers, what it wants, and the next revision it has not seen. */
final class Watcher {
    final long id;
    final ByteString key;
    final ByteString rangeEnd;
    final KeyInterval range;
    final boolean prevKv;
    final boolean noPut;
    final boolean noDelete;
    final boolean progressNotify;
    final WatchSink sink;
    /** Every event below this revision was delivered (or filtered out). */
    long nextRevision;
    /** Whether events reached the watcher since the last progress notification. */
    boolean sentSinceProgress;

    Watcher(long id, WatchCreateRequest request, long nextRevision, WatchSink sink) {
        this.id = id;
        this.key = request.getKey();
        this.rangeEnd = request.getRangeEnd();
        this.range = KeyInterval.of(key, rangeEnd);
        this.prevKv = request.getPrevKv();
        this.noPut = request.getFiltersList().contains(WatchCreateRequest.FilterType.NOPUT);
        this.noDelete = request.getFiltersList().contains(WatchCreateRequest.FilterType.NODELETE);
        this.progressNotify = request.getProgressNotify();
        this.nextRevision = nextRevision;
        this.sink = sink;
    }

    boolean wants(Event event) {
        if (event.getType() == Event.EventType.PUT ? noPut : noDelete) {
            return false;
        }
        return range.contains(event.getKv().getKey());
    }

    /** The event as this watcher asked for it: without the previous key-value unless it asked. */
    Event shape(Event event) {
        return prevKv || !event.hasPrevKv() ? event : event.toBuilder().clearPrevKv().build();
    }

    void send(WatchResponse.Builder response) {
        sink.onResponse(response.setWatchId(id).build());
    }
}
