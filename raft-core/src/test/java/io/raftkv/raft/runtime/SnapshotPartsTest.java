package io.raftkv.raft.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.HardState;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The runtime's snapshot pieces one by one: store, options, log storage, sender and receiver. */
class SnapshotPartsTest {
    private static final SnapshotMeta META = new SnapshotMeta(40, 3);

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static MemorySnapshotStore storeWith(SnapshotMeta meta, byte[] content) throws IOException {
        MemorySnapshotStore store = new MemorySnapshotStore();
        SnapshotStore.SnapshotWriter writer = store.begin(meta);
        writer.output().write(content);
        writer.commit();
        return store;
    }

    @Test
    void aSnapshotIsVisibleOnlyOnceCommitted() throws IOException {
        MemorySnapshotStore store = new MemorySnapshotStore();
        SnapshotStore.SnapshotWriter writer = store.begin(META);
        writer.output().write(bytes(10));
        assertEquals(Optional.empty(), store.latest());
        assertThrows(IOException.class, () -> store.open(META));
        writer.commit();
        assertEquals(Optional.of(META), store.latest());
        assertArrayEquals(bytes(10), store.bytes(META));
        SnapshotStore.SnapshotWriter aborted = store.begin(new SnapshotMeta(50, 3));
        aborted.output().write(bytes(3));
        aborted.abort();
        assertEquals(List.of(META), store.list());
    }

    @Test
    void badSnapshotOptionsAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnapshotOptions.builder().chunkBytes(0).build());
        assertTrue(e.getMessage().contains("chunkBytes must be at least 1, was 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SnapshotOptions.builder().trailingEntries(-1).build());
        assertThrows(IllegalArgumentException.class, () -> SnapshotOptions.builder().maxInflightChunks(0).build());
        assertThrows(IllegalArgumentException.class, () -> SnapshotOptions.builder().transferTimeoutTicks(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> SnapshotOptions.builder().snapshotThresholdEntries(0).build());
    }

    @Test
    void memoryLogStorageDropsACompactedPrefixAndFollowsAnInstalledSnapshot() {
        MemoryLogStorage storage = new MemoryLogStorage();
        List<Entry> log = new ArrayList<>();
        for (long index = 1; index <= 6; index++) {
            log.add(Entry.noop(index, index <= 3 ? 1 : 2));
        }
        storage.write(new HardState(2, 0, 6), log, new NoCallback());
        storage.compactThrough(2);
        assertEquals(3, storage.entries().get(0).index());
        storage.installSnapshot(new SnapshotMeta(4, 2));
        assertEquals(List.of(Entry.noop(5, 2), Entry.noop(6, 2)), storage.entries(), "the suffix still follows");
        storage.installSnapshot(new SnapshotMeta(9, 3));
        assertTrue(storage.entries().isEmpty(), "a log that does not hold the snapshot's last entry is dropped");
        storage.write(null, List.of(Entry.noop(10, 3)), new NoCallback());
        assertEquals(List.of(Entry.noop(10, 3)), storage.entries(), "the next write starts right after the snapshot");
    }

    @Test
    void aLogStorageWithoutSnapshotSupportRefusesToInstallOne() {
        LogStorage plain = new LogStorage() {
            @Override
            public io.raftkv.raft.PersistentState load() {
                return io.raftkv.raft.PersistentState.EMPTY;
            }

            @Override
            public void write(HardState hardState, List<Entry> entries, WriteCallback callback) {}

            @Override
            public void close() {}
        };
        plain.compactThrough(5); // optional: keeping the prefix is allowed
        assertThrows(UnsupportedOperationException.class, () -> plain.installSnapshot(META));
    }

    @Test
    void theSenderKeepsAtMostMaxInflightChunksUnacknowledged() throws IOException {
        byte[] content = bytes(1000);
        List<Message> sent = new ArrayList<>();
        SnapshotOptions options = SnapshotOptions.builder().chunkBytes(100).maxInflightChunks(3).build();
        OutgoingSnapshots outgoing = new OutgoingSnapshots(1, options, storeWith(META, content), sent::add);
        assertTrue(outgoing.start(2, 5, new SnapshotMeta(30, 2)));
        assertEquals(3, sent.size(), "the window is full");
        assertFalse(outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 100, true)));
        assertEquals(4, sent.size(), "one acknowledged chunk lets one more go");
        assertFalse(outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 400, true)));
        assertEquals(7, sent.size());
        for (long acked = 500; acked <= 1000; acked += 100) {
            outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, acked, true));
        }
        assertEquals(10, sent.size());
        InstallSnapshot last = (InstallSnapshot) sent.get(9);
        assertTrue(last.done());
        assertEquals(900, last.offset());
        CRC32C crc = new CRC32C();
        crc.update(content);
        assertEquals((int) crc.getValue(), last.checksum(), "the last chunk carries the CRC32C of the whole");
        assertTrue(sent.subList(0, 9).stream().noneMatch(m -> ((InstallSnapshot) m).done()));
    }

    @Test
    void theSenderAbortsOnARefusalAndOnAStall() throws IOException {
        List<Message> sent = new ArrayList<>();
        SnapshotOptions options = SnapshotOptions.builder().chunkBytes(100).maxInflightChunks(2)
                .transferTimeoutTicks(3).build();
        OutgoingSnapshots outgoing = new OutgoingSnapshots(1, options, storeWith(META, bytes(1000)), sent::add);
        outgoing.start(2, 5, META);
        assertFalse(outgoing.onResponse(new InstallSnapshotResponse(2, 1, 4, 40, 0, false)), "an older term's answer");
        assertTrue(outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 0, false)));
        assertFalse(outgoing.isSending(2));
        outgoing.start(3, 5, META);
        assertEquals(List.of(), outgoing.onTick());
        assertEquals(List.of(), outgoing.onTick());
        assertEquals(List.of(3L), outgoing.onTick(), "no progress for transferTimeoutTicks");
        assertFalse(outgoing.isSending(3));
        assertFalse(outgoing.start(3, 5, new SnapshotMeta(41, 3)), "no snapshot that new in the store");
    }

    @Test
    void theReceiverSavesOnlyACompleteSnapshotWithAMatchingChecksum() throws IOException {
        MemorySnapshotStore store = new MemorySnapshotStore();
        IncomingSnapshot incoming = new IncomingSnapshot(2, store);
        byte[] content = bytes(250);
        CRC32C crc = new CRC32C();
        crc.update(content);
        int checksum = (int) crc.getValue();
        assertNull(incoming.onChunk(chunk(content, 0, 100, false, 0)).completed());
        assertNull(incoming.onChunk(chunk(content, 100, 200, false, 0)).completed());
        assertEquals(Optional.empty(), store.latest(), "nothing is visible before the last chunk");
        IncomingSnapshot.Outcome bad = incoming.onChunk(chunk(content, 200, 250, true, checksum + 1));
        assertFalse(bad.response().success());
        assertNull(bad.completed());
        assertEquals(Optional.empty(), store.latest(), "a bad checksum saves nothing");

        incoming.onChunk(chunk(content, 0, 100, false, 0));
        IncomingSnapshot.Outcome duplicate = incoming.onChunk(chunk(content, 0, 100, false, 0));
        assertEquals(100, duplicate.response().nextOffset(), "a late copy of the first chunk does not restart the receipt");
        incoming.onChunk(chunk(content, 100, 200, false, 0));
        IncomingSnapshot.Outcome repeated = incoming.onChunk(chunk(content, 100, 200, false, 0));
        assertEquals(200, repeated.response().nextOffset(), "a repeated chunk is acknowledged again");
        IncomingSnapshot.Outcome done = incoming.onChunk(chunk(content, 200, 250, true, checksum));
        assertEquals(META, done.completed());
        assertEquals(250, done.response().nextOffset());
        assertArrayEquals(content, store.bytes(META));
    }

    @Test
    void theReceiverAnswersAnEarlyChunkWithWhatIsMissingAndKeepsTheReceipt() throws IOException {
        MemorySnapshotStore store = new MemorySnapshotStore();
        IncomingSnapshot incoming = new IncomingSnapshot(2, store);
        byte[] content = bytes(300);
        CRC32C crc = new CRC32C();
        crc.update(content);
        incoming.onChunk(chunk(content, 0, 100, false, 0));
        IncomingSnapshot.Outcome early = incoming.onChunk(chunk(content, 200, 300, true, (int) crc.getValue()));
        assertTrue(early.response().success());
        assertEquals(100, early.response().nextOffset(), "the answer names the first missing byte");
        assertNull(early.completed(), "an early last chunk completes nothing");
        incoming.onChunk(chunk(content, 100, 200, false, 0));
        IncomingSnapshot.Outcome done = incoming.onChunk(chunk(content, 200, 300, true, (int) crc.getValue()));
        assertEquals(META, done.completed());
        assertArrayEquals(content, store.bytes(META));
    }

    @Test
    void theReceiverRefusesALaterChunkOfASnapshotItIsNotReceiving() throws IOException {
        IncomingSnapshot incoming = new IncomingSnapshot(2, new MemorySnapshotStore());
        IncomingSnapshot.Outcome orphan = incoming.onChunk(chunk(bytes(300), 100, 200, false, 0));
        assertFalse(orphan.response().success(), "only offset 0 starts a receipt");
    }

    @Test
    void theSenderGoesBackToTheFirstMissingChunkOnceAGapIsReported() throws IOException {
        List<Message> sent = new ArrayList<>();
        SnapshotOptions options = SnapshotOptions.builder().chunkBytes(100).maxInflightChunks(3).build();
        OutgoingSnapshots outgoing = new OutgoingSnapshots(1, options, storeWith(META, bytes(1000)), sent::add);
        outgoing.start(2, 5, META);
        assertEquals(3, sent.size());
        // Chunk 0 was lost: the answers to chunks 1 and 2 both say byte 0 is missing.
        outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 0, true));
        outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 0, true));
        List<Long> resent = sent.subList(3, sent.size()).stream().map(m -> ((InstallSnapshot) m).offset()).toList();
        assertEquals(List.of(0L, 100L, 200L), resent, "the window is sent again once, from the gap");
        outgoing.onResponse(new InstallSnapshotResponse(2, 1, 5, 40, 300, true));
        assertEquals(500, ((InstallSnapshot) sent.get(sent.size() - 1)).offset(),
                "progress through byte 300 opens the window for chunks 300, 400 and 500");
    }

    @Test
    void theSenderResendsItsWindowWhenAnswersStopComing() throws IOException {
        List<Message> sent = new ArrayList<>();
        SnapshotOptions options = SnapshotOptions.builder().chunkBytes(100).maxInflightChunks(2)
                .transferTimeoutTicks(10).build();
        OutgoingSnapshots outgoing = new OutgoingSnapshots(1, options, storeWith(META, bytes(1000)), sent::add);
        outgoing.start(2, 5, META);
        assertEquals(2, sent.size());
        for (int tick = 1; tick < options.retransmitTicks(); tick++) {
            outgoing.onTick();
        }
        assertEquals(2, sent.size(), "nothing resent before retransmitTicks");
        outgoing.onTick();
        assertEquals(4, sent.size(), "the whole window is resent");
        assertEquals(sent.get(0), sent.get(2));
    }

    private static InstallSnapshot chunk(byte[] content, int from, int to, boolean done, int checksum) {
        return new InstallSnapshot(1, 2, 5, META.index(), META.term(), from,
                ByteString.copyFrom(content, from, to - from), done, checksum);
    }

    private static final class NoCallback implements LogStorage.WriteCallback {
        @Override
        public void onDurable() {}

        @Override
        public void onFailure(Exception cause) {
            throw new AssertionError(cause);
        }
    }
}
