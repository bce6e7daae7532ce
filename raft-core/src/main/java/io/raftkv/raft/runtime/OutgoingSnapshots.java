package io.raftkv.raft.runtime;

import com.google.protobuf.ByteString;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The leader's snapshot transfers, at most one per follower. A transfer streams the store's
 * newest snapshot in chunks of {@code chunkBytes}, at most {@code maxInflightChunks} of them
 * unacknowledged (so a snapshot larger than memory streams through a bounded buffer), the last
 * one carrying the CRC32C of the whole.
 *
 * <p>The transport may lose and reorder chunks, so the sender goes back N: it keeps the chunks
 * in its window, and sends them again from the follower's {@code nextOffset} when an answer
 * shows a gap, or when {@link SnapshotOptions#retransmitTicks()} pass without progress. A
 * refused chunk (the follower restarted, or the checksum failed) aborts the transfer, and so
 * does a stall of {@code transferTimeoutTicks}; the caller then reports the send failed to the
 * core, which asks again later. After the last chunk is acknowledged the transfer stays until
 * that timeout too, so that an install acknowledgement lost on the way also ends in a retry
 * (reporting a failure to a core that already saw the acknowledgement changes nothing).
 */
final class OutgoingSnapshots {
    private final long selfId;
    private final SnapshotOptions options;
    private final SnapshotStore store;
    private final Consumer<Message> transport;
    private final Map<Long, Outgoing> byPeer = new TreeMap<>();

    private static final class Outgoing {
        final long peerId;
        final long term;
        final SnapshotMeta meta;
        final InputStream input;
        final CRC32C crc = new CRC32C();
        final ArrayDeque<InstallSnapshot> unacknowledged = new ArrayDeque<>();
        byte[] nextChunk;
        long sentOffset;
        boolean lastSent;
        int idleTicks;
        /** The offset last gone back to, so that answers to one gap trigger one resend, not one each. */
        long resentFrom = -1;

        Outgoing(long peerId, long term, SnapshotMeta meta, InputStream input) {
            this.peerId = peerId;
            this.term = term;
            this.meta = meta;
            this.input = input;
        }
    }

    OutgoingSnapshots(long selfId, SnapshotOptions options, SnapshotStore store, Consumer<Message> transport) {
        this.selfId = selfId;
        this.options = options;
        this.store = store;
        this.transport = transport;
    }

    /**
     * Starts sending the newest snapshot (at least {@code atLeast}) to {@code peerId} in
     * {@code term}, replacing any transfer to it. Returns false if the store has none that new.
     */
    boolean start(long peerId, long term, SnapshotMeta atLeast) throws IOException {
        abort(peerId);
        SnapshotMeta newest = store.latest().orElse(SnapshotMeta.NONE);
        if (newest.index() < atLeast.index()) {
            return false;
        }
        Outgoing outgoing = new Outgoing(peerId, term, newest, store.open(newest));
        outgoing.nextChunk = outgoing.input.readNBytes(options.chunkBytes());
        byPeer.put(peerId, outgoing);
        sendWhileWindowAllows(outgoing);
        return true;
    }

    /** Flow control. Returns true when the transfer to the sender broke off (the core must hear of it). */
    boolean onResponse(InstallSnapshotResponse response) throws IOException {
        Outgoing outgoing = byPeer.get(response.from());
        if (outgoing == null || response.term() != outgoing.term
                || response.snapshotIndex() != outgoing.meta.index()) {
            return false; // about an earlier transfer
        }
        if (!response.success()) {
            abort(response.from());
            return true;
        }
        boolean progressed = false;
        while (!outgoing.unacknowledged.isEmpty()
                && outgoing.unacknowledged.peekFirst().endOffset() <= response.nextOffset()) {
            outgoing.unacknowledged.pollFirst();
            progressed = true;
        }
        if (progressed) {
            outgoing.idleTicks = 0;
            outgoing.resentFrom = -1;
        } else if (response.nextOffset() != outgoing.resentFrom) {
            resendFrom(outgoing, response.nextOffset());
        }
        sendWhileWindowAllows(outgoing);
        return false;
    }

    /** Counts a tick; returns the peers whose transfer timed out (now aborted). */
    List<Long> onTick() {
        List<Long> timedOut = new ArrayList<>();
        for (Outgoing outgoing : byPeer.values()) {
            outgoing.idleTicks++;
            if (outgoing.idleTicks >= options.transferTimeoutTicks()) {
                timedOut.add(outgoing.peerId);
            } else if (outgoing.idleTicks % options.retransmitTicks() == 0 && !outgoing.unacknowledged.isEmpty()) {
                resendFrom(outgoing, outgoing.unacknowledged.peekFirst().offset());
            }
        }
        timedOut.forEach(this::abort);
        return timedOut;
    }

    boolean isSending(long peerId) {
        return byPeer.containsKey(peerId);
    }

    void abort(long peerId) {
        Outgoing outgoing = byPeer.remove(peerId);
        if (outgoing != null) {
            closeQuietly(outgoing.input);
        }
    }

    void abortAll() {
        List.copyOf(byPeer.keySet()).forEach(this::abort);
    }

    private void sendWhileWindowAllows(Outgoing outgoing) throws IOException {
        while (!outgoing.lastSent && outgoing.unacknowledged.size() < options.maxInflightChunks()) {
            byte[] chunk = outgoing.nextChunk;
            outgoing.crc.update(chunk);
            outgoing.nextChunk = outgoing.input.readNBytes(options.chunkBytes());
            boolean done = outgoing.nextChunk.length == 0;
            int checksum = done ? (int) outgoing.crc.getValue() : 0;
            InstallSnapshot message = new InstallSnapshot(selfId, outgoing.peerId, outgoing.term,
                    outgoing.meta.index(), outgoing.meta.term(), outgoing.sentOffset, ByteString.copyFrom(chunk),
                    done, checksum);
            transport.accept(message);
            outgoing.sentOffset = message.endOffset();
            outgoing.unacknowledged.addLast(message);
            if (done) {
                outgoing.lastSent = true;
                closeQuietly(outgoing.input);
            }
        }
    }

    /** Sends again every chunk in the window that starts at or after {@code offset}. */
    private void resendFrom(Outgoing outgoing, long offset) {
        outgoing.resentFrom = offset;
        for (InstallSnapshot chunk : outgoing.unacknowledged) {
            if (chunk.offset() >= offset) {
                transport.accept(chunk);
            }
        }
    }

    private static void closeQuietly(InputStream input) {
        try {
            input.close();
        } catch (IOException ignored) {
            // only reading: nothing is lost
        }
    }
}
