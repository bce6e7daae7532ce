package io.raftkv.kv.mvcc;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.*;
import java.util.*;
import java.util.function.*;

// TEMPORARY STUB (never committed): the real store comes from the mvcc branch.
public final class MvccStore {
    public MvccStore() {}
    public long revision() { throw new UnsupportedOperationException(); }
    public long compactRevision() { throw new UnsupportedOperationException(); }
    public int keyCount() { throw new UnsupportedOperationException(); }
    public RangeResponse range(RangeRequest request) { throw new UnsupportedOperationException(); }
    public WriteResult write(RequestOp op, LongPredicate leaseExists) { throw new UnsupportedOperationException(); }
    public record WriteResult(ResponseOp response, List<Event> events, long revision) {}
    public void compact(long revision) { throw new UnsupportedOperationException(); }
    public List<Event> history(ByteString key, ByteString rangeEnd, long fromRevision, int max) { throw new UnsupportedOperationException(); }
    public void forEachLive(Consumer<KeyValue> action) { throw new UnsupportedOperationException(); }
    public void forEachKeyHistory(Consumer<KeyHistoryRecord> action) { throw new UnsupportedOperationException(); }
    public static MvccStore restore(long revision, long compactRevision, Iterator<KeyHistoryRecord> keys) { throw new UnsupportedOperationException(); }
}
