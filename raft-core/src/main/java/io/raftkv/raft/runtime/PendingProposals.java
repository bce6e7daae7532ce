package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Proposals accepted into this node's log, waiting for their index to be applied. A proposal's
 * fate is known only when its index is applied: the same entry (same term) means committed;
 * another term there means it was replaced and can never commit (State Machine Safety). Seeing
 * it replaced in this node's log earlier proves nothing, since another node may still hold it
 * and commit it (Raft Figure 8), so several proposals may wait on one index, one per term.
 */
final class PendingProposals {
    private record Pending(long term, CompletableFuture<ByteString> future) {}

    // TreeMap: resolution happens in index order, which keeps the simulator's trace stable.
    private final TreeMap<Long, List<Pending>> byIndex = new TreeMap<>();
    private int size;

    void add(long index, long term, CompletableFuture<ByteString> future) {
        byIndex.computeIfAbsent(index, i -> new ArrayList<>(1)).add(new Pending(term, future));
        size++;
    }

    /** The entry at {@code entry.index()} was applied with {@code result} (null for a no-op). */
    void onApplied(Entry entry, ByteString result) {
        List<Pending> waiting = byIndex.remove(entry.index());
        if (waiting == null) {
            return;
        }
        size -= waiting.size();
        for (Pending pending : waiting) {
            if (pending.term() == entry.term()) {
                pending.future().complete(result);
            } else {
                pending.future().completeExceptionally(
                        new ProposalDroppedException(entry.index(), pending.term(), entry.term()));
            }
        }
    }

    /**
     * The state machine jumped to a snapshot through {@code index}: proposals up to it will never
     * be applied here one by one, so whether they took effect is unknown to this node.
     */
    void failThrough(long index, RaftException cause) {
        while (!byIndex.isEmpty() && byIndex.firstKey() <= index) {
            List<Pending> waiting = byIndex.pollFirstEntry().getValue();
            size -= waiting.size();
            waiting.forEach(pending -> pending.future().completeExceptionally(cause));
        }
    }

    void failAll(RaftException cause) {
        for (Map.Entry<Long, List<Pending>> waiting : byIndex.entrySet()) {
            for (Pending pending : waiting.getValue()) {
                pending.future().completeExceptionally(cause);
            }
        }
        byIndex.clear();
        size = 0;
    }

    int size() {
        return size;
    }
}
