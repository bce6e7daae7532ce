package io.raftkv.kv.watch;

import io.raftkv.kv.HeaderSource;
import io.raftkv.kv.KvException;
import io.raftkv.kv.mvcc.MvccStore;
import io.raftkv.kv.proto.Event;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.WatchCreateRequest;
import io.raftkv.kv.proto.WatchResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The watches of one node, served from what this node applied: a new watch replays the retained
 * history from its start revision, then receives each applied write's events as they happen.
 * Everything runs on the node's execution context, so replay and live delivery cannot interleave:
 * no event is lost or sent twice, and a leader change (which does not change what this node
 * applied) does not disturb a watch. A snapshot restore replays the gap from the restored
 * history, or cancels the watches it has compacted away.
 */
public final class WatchHub {
    /** Events per replayed response; a response never splits one revision. */
    private static final int REPLAY_BATCH = 1000;
    private static final String COMPACTED_REASON = "mvcc: required revision has been compacted";

    private final TreeMap<Long, Watcher> watchers = new TreeMap<>();
    private HeaderSource headers = HeaderSource.REVISION_ONLY;
    private long nextWatchId = 1;

    public void setHeaders(HeaderSource headers) {
        this.headers = headers;
    }

    public int size() {
        return watchers.size();
    }

    /**
     * Registers a watch and answers "created" on its sink, then replays from its start revision
     * (0: from the next write). Returns its id. A start revision that compaction dropped gets
     * "created", then "canceled" with the compacted revision, as etcd does.
     */
    public long create(WatchCreateRequest request, MvccStore store, WatchSink sink) {
        long id = request.getWatchId() != 0 ? request.getWatchId() : nextFreeId();
        if (watchers.containsKey(id)) {
            throw new KvException(KvError.Code.INVALID_ARGUMENT, "watch id " + id + " is already in use");
        }
        if (request.getStartRevision() < 0) {
            throw new KvException(KvError.Code.INVALID_ARGUMENT, "start revision must not be negative, was "
                    + request.getStartRevision());
        }
        long start = request.getStartRevision() == 0 ? store.revision() + 1 : request.getStartRevision();
        Watcher watcher = new Watcher(id, request, start, sink);
        watcher.send(WatchResponse.newBuilder().setHeader(headers.header(store.revision())).setCreated(true));
        if (catchUp(watcher, store)) {
            watchers.put(id, watcher);
        }
        return id;
    }

    /** Stops a watch; answers "canceled" on its sink. Unknown ids are ignored (a cancel may race the watch's end). */
    public void cancel(long id, long revision) {
        Watcher watcher = watchers.remove(id);
        if (watcher != null) {
            watcher.send(WatchResponse.newBuilder().setHeader(headers.header(revision)).setCanceled(true));
        }
    }

    /** Delivers the events of one applied write (all at {@code revision}) to the watches they concern. */
    public void onApplied(List<Event> events, long revision) {
        if (events.isEmpty() || watchers.isEmpty()) {
            return;
        }
        for (Watcher watcher : watchers.values()) {
            deliver(watcher, events, revision);
        }
    }

    /** Periodic progress: an empty response at {@code revision} for each watch that asked and saw nothing since the last one. */
    public void notifyProgress(long revision) {
        for (Watcher watcher : watchers.values()) {
            if (watcher.progressNotify && !watcher.sentSinceProgress) {
                watcher.send(WatchResponse.newBuilder().setHeader(headers.header(revision)));
            }
            watcher.sentSinceProgress = false;
        }
    }

    /** A progress request: tells the watch that it has seen everything up to {@code revision}. */
    public void requestProgress(long id, long revision) {
        Watcher watcher = watchers.get(id);
        if (watcher != null) {
            watcher.send(WatchResponse.newBuilder().setHeader(headers.header(revision)));
        }
    }

    /** The node's state was replaced by a snapshot: each watch catches up from the restored history. */
    public void afterRestore(MvccStore store) {
        List<Long> ids = new ArrayList<>(watchers.keySet());
        for (long id : ids) {
            Watcher watcher = watchers.get(id);
            if (!catchUp(watcher, store)) {
                watchers.remove(id);
            }
        }
    }

    private void deliver(Watcher watcher, List<Event> events, long revision) {
        if (revision < watcher.nextRevision) {
            return;
        }
        List<Event> wanted = new ArrayList<>();
        for (Event event : events) {
            if (watcher.wants(event)) {
                wanted.add(watcher.shape(event));
            }
        }
        watcher.nextRevision = revision + 1;
        if (!wanted.isEmpty()) {
            watcher.sentSinceProgress = true;
            watcher.send(WatchResponse.newBuilder().setHeader(headers.header(revision)).addAllEvents(wanted));
        }
    }

    /** Replays history from the watcher's next revision; false (and "canceled" sent) if it was compacted. */
    private boolean catchUp(Watcher watcher, MvccStore store) {
        if (watcher.nextRevision < store.compactRevision()) {
            watcher.send(WatchResponse.newBuilder().setHeader(headers.header(store.revision())).setCanceled(true)
                    .setCompactRevision(store.compactRevision()).setCancelReason(COMPACTED_REASON));
            return false;
        }
        int batch = REPLAY_BATCH;
        while (watcher.nextRevision <= store.revision()) {
            List<Event> events = store.history(watcher.key, watcher.rangeEnd, watcher.nextRevision, batch);
            if (events.isEmpty()) {
                break;
            }
            boolean complete = events.size() < batch;
            List<Event> whole = complete ? events : withoutLastRevision(events);
            if (whole.isEmpty()) {
                // One revision holds more events than a batch: ask for more at once rather than split it.
                batch *= 2;
                continue;
            }
            long lastRevision = whole.get(whole.size() - 1).getKv().getModRevision();
            deliver(watcher, whole, lastRevision);
            if (complete) {
                break;
            }
        }
        watcher.nextRevision = store.revision() + 1;
        return true;
    }

    private static List<Event> withoutLastRevision(List<Event> events) {
        long last = events.get(events.size() - 1).getKv().getModRevision();
        int end = events.size();
        while (end > 0 && events.get(end - 1).getKv().getModRevision() == last) {
            end--;
        }
        return events.subList(0, end);
    }

    private long nextFreeId() {
        while (watchers.containsKey(nextWatchId)) {
            nextWatchId++;
        }
        return nextWatchId++;
    }
}
