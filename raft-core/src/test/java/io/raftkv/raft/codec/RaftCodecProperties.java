package io.raftkv.raft.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.raftkv.raft.Entry;
import io.raftkv.raft.EntryType;
import io.raftkv.raft.HardState;
import io.raftkv.raft.message.AppendEntries;
import io.raftkv.raft.message.AppendEntriesResponse;
import io.raftkv.raft.message.Heartbeat;
import io.raftkv.raft.SnapshotMeta;
import io.raftkv.raft.message.HeartbeatResponse;
import io.raftkv.raft.message.InstallSnapshot;
import io.raftkv.raft.message.InstallSnapshotResponse;
import io.raftkv.raft.message.Message;
import io.raftkv.raft.message.RequestVote;
import io.raftkv.raft.message.RequestVoteResponse;
import io.raftkv.raft.message.TimeoutNow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * The codec against the simplest model there is, identity: whatever we encode decodes to an
 * equal record. And whatever bytes arrive, decoding either yields a valid record or a
 * {@link CodecException}; never another exception (no invariant violation, no runtime error).
 */
class RaftCodecProperties {

    // ---- round trips

    @Property
    void messageRoundTripsThroughBytes(@ForAll("messages") Message message) throws CodecException {
        assertEquals(message, RaftCodec.decodeMessage(RaftCodec.encode(message)));
    }

    @Property
    void messageRoundTripsThroughSharedByteString(@ForAll("messages") Message message) throws CodecException {
        assertEquals(message, RaftCodec.decodeMessage(ByteString.copyFrom(RaftCodec.encode(message))));
    }

    @Property
    void messageRoundTripsThroughProto(@ForAll("messages") Message message) throws CodecException {
        Statistics.label("kind").collect(message.getClass().getSimpleName());
        assertEquals(message, RaftCodec.fromProto(RaftCodec.toProto(message)));
    }

    @Property(tries = 300)
    void entryRoundTrips(@ForAll("entries") Entry entry) throws CodecException {
        assertEquals(entry, RaftCodec.decodeEntry(RaftCodec.encode(entry)));
        assertEquals(entry, RaftCodec.decodeEntry(ByteString.copyFrom(RaftCodec.encode(entry))));
    }

    @Property
    void hardStateRoundTrips(@ForAll("hardStates") HardState hardState) throws CodecException {
        assertEquals(hardState, RaftCodec.decodeHardState(RaftCodec.encode(hardState)));
        assertEquals(hardState, RaftCodec.decodeHardState(ByteString.copyFrom(RaftCodec.encode(hardState))));
    }

    // ---- bad input

    @Property
    void randomBytesDecodeToAValidRecordOrFailClearly(@ForAll @Size(max = 64) byte[] bytes) {
        decodesOrFailsClearly(bytes);
    }

    @Property(tries = 2000)
    void mutatedMessagesDecodeToAValidMessageOrFailClearly(@ForAll("messages") Message message,
                                                            @ForAll long mutationSeed) {
        byte[] mutated = Mutations.mutate(RaftCodec.encode(message), new Random(mutationSeed));
        Statistics.label("outcome").collect(messageOutcome(mutated));
    }

    @Property
    void mutatedEntriesDecodeToAValidEntryOrFailClearly(@ForAll("smallEntries") Entry entry,
                                                         @ForAll long mutationSeed) {
        byte[] mutated = Mutations.mutate(RaftCodec.encode(entry), new Random(mutationSeed));
        Statistics.label("outcome").collect(entryOutcome(mutated));
    }

    @Property
    void mutatedHardStatesDecodeToAValidHardStateOrFailClearly(@ForAll("hardStates") HardState hardState,
                                                                @ForAll long mutationSeed) {
        byte[] mutated = Mutations.mutate(RaftCodec.encode(hardState), new Random(mutationSeed));
        Statistics.label("outcome").collect(hardStateOutcome(mutated));
    }

    private static void decodesOrFailsClearly(byte[] bytes) {
        messageOutcome(bytes);
        entryOutcome(bytes);
        hardStateOutcome(bytes);
    }

    /**
     * Any exception but CodecException escapes and fails the property. A decoded message must be
     * one we could have sent: it encodes again (encoding checks the same rules as invariants) and
     * decodes to itself, both from bytes and from a shared ByteString.
     */
    private static String messageOutcome(byte[] bytes) {
        Message decoded;
        try {
            decoded = RaftCodec.decodeMessage(bytes);
        } catch (CodecException e) {
            assertDecoderAgrees(bytes, e);
            return "refused";
        }
        assertEquals(decoded, decodeMessageOrFail(RaftCodec.encode(decoded)));
        assertEquals(decoded, decodeMessageOrFail(ByteString.copyFrom(bytes)));
        return "decoded";
    }

    private static String entryOutcome(byte[] bytes) {
        Entry decoded;
        try {
            decoded = RaftCodec.decodeEntry(bytes);
        } catch (CodecException e) {
            return "refused";
        }
        assertEquals(decoded, decodeEntryOrFail(RaftCodec.encode(decoded)));
        return "decoded";
    }

    private static String hardStateOutcome(byte[] bytes) {
        HardState decoded;
        try {
            decoded = RaftCodec.decodeHardState(bytes);
        } catch (CodecException e) {
            return "refused";
        }
        try {
            assertEquals(decoded, RaftCodec.decodeHardState(RaftCodec.encode(decoded)));
        } catch (CodecException e) {
            throw new AssertionError("a decoded hard state must encode to decodable bytes", e);
        }
        return "decoded";
    }

    /** The byte[] and the ByteString decoders refuse the same inputs. */
    private static void assertDecoderAgrees(byte[] bytes, CodecException fromArray) {
        try {
            Message decoded = RaftCodec.decodeMessage(ByteString.copyFrom(bytes));
            throw new AssertionError("byte[] decoding refused (" + fromArray.getMessage()
                    + ") but ByteString decoding gave " + decoded);
        } catch (CodecException expected) {
            // both refused
        }
    }

    private static Message decodeMessageOrFail(byte[] bytes) {
        try {
            return RaftCodec.decodeMessage(bytes);
        } catch (CodecException e) {
            throw new AssertionError("bytes we encoded must decode", e);
        }
    }

    private static Message decodeMessageOrFail(ByteString bytes) {
        try {
            return RaftCodec.decodeMessage(bytes);
        } catch (CodecException e) {
            throw new AssertionError("bytes that decode as byte[] must decode as ByteString", e);
        }
    }

    private static Entry decodeEntryOrFail(byte[] bytes) {
        try {
            return RaftCodec.decodeEntry(bytes);
        } catch (CodecException e) {
            throw new AssertionError("bytes we encoded must decode", e);
        }
    }

    // ---- generators

    @Provide
    Arbitrary<Message> messages() {
        return Arbitraries.oneOf(requestVotes(), requestVoteResponses(), appendEntries(),
                appendEntriesResponses(), heartbeats(), heartbeatResponses(), timeoutNows(),
                installSnapshots(), installSnapshotResponses());
    }

    /** A chunk as a leader sends it: positive snapshot position, snapshot term at most the message term. */
    private static Arbitrary<InstallSnapshot> installSnapshots() {
        return Combinators.combine(ids(), ids(), Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.longs().between(0, 5),
                        Arbitraries.longs().between(0, Long.MAX_VALUE - (1 << 20)), data(),
                        Arbitraries.integers())
                .as((from, to, index, snapshotTerm, termSlack, offset, data, checksum) -> {
                    boolean done = (checksum & 1) == 0;
                    long term = snapshotTerm > Long.MAX_VALUE - termSlack ? snapshotTerm : snapshotTerm + termSlack;
                    return new InstallSnapshot(from, to, term, index, snapshotTerm, offset, data, done,
                            done ? checksum : 0);
                });
    }

    private static Arbitrary<InstallSnapshotResponse> installSnapshotResponses() {
        return Combinators.combine(ids(), ids(), counts(), Arbitraries.longs().between(1, Long.MAX_VALUE), counts(),
                        Arbitraries.of(true, false))
                .as(InstallSnapshotResponse::new);
    }

    @Provide
    Arbitrary<SnapshotMeta> snapshotMetas() {
        return logPositions().map(position -> new SnapshotMeta(position.get1(), position.get2()));
    }

    @Property
    void snapshotMetaRoundTrips(@ForAll("snapshotMetas") SnapshotMeta snapshot) throws CodecException {
        assertEquals(snapshot, RaftCodec.decodeSnapshotMeta(RaftCodec.encode(snapshot)));
    }

    @Property
    void mutatedSnapshotMetasDecodeToAValidMetaOrFailClearly(@ForAll("snapshotMetas") SnapshotMeta snapshot,
                                                              @ForAll long mutationSeed) {
        byte[] mutated = Mutations.mutate(RaftCodec.encode(snapshot), new Random(mutationSeed));
        SnapshotMeta decoded;
        try {
            decoded = RaftCodec.decodeSnapshotMeta(mutated);
        } catch (CodecException e) {
            return;
        }
        try {
            assertEquals(decoded, RaftCodec.decodeSnapshotMeta(RaftCodec.encode(decoded)));
        } catch (CodecException e) {
            throw new AssertionError("a decoded snapshot meta must encode to decodable bytes", e);
        }
    }

    /** Member ids: mostly small as in real clusters, with the edges (1, Long.MAX_VALUE) too. */
    private static Arbitrary<Long> ids() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(1, 7)),
                Tuple.of(2, Arbitraries.longs().between(1, Long.MAX_VALUE)));
    }

    /** Any value a uint64 field may carry into a Java long. */
    private static Arbitrary<Long> counts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 1_000)),
                Tuple.of(4, Arbitraries.longs().between(0, Long.MAX_VALUE)));
    }

    private static Arbitrary<RequestVote> requestVotes() {
        return Combinators.combine(ids(), ids(), counts(), logPositions(), Arbitraries.of(true, false),
                        Arbitraries.of(true, false))
                .as((from, to, term, last, preVote, transfer) ->
                        new RequestVote(from, to, term, last.get1(), last.get2(), preVote, transfer));
    }

    /** (index, term) of a log position: (0, 0) for the empty log, else both positive. */
    private static Arbitrary<Tuple.Tuple2<Long, Long>> logPositions() {
        Arbitrary<Tuple.Tuple2<Long, Long>> real = Combinators.combine(
                        Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.longs().between(1, Long.MAX_VALUE))
                .as(Tuple::of);
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Tuple.of(0L, 0L))), Tuple.of(4, real));
    }

    private static Arbitrary<RequestVoteResponse> requestVoteResponses() {
        return Combinators.combine(ids(), ids(), counts(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(RequestVoteResponse::new);
    }

    private static Arbitrary<AppendEntriesResponse> appendEntriesResponses() {
        return Combinators.combine(ids(), ids(), counts(), Arbitraries.of(true, false), counts(), counts(),
                        counts(), counts())
                .as(AppendEntriesResponse::new);
    }

    private static Arbitrary<Heartbeat> heartbeats() {
        return Combinators.combine(ids(), ids(), counts(), counts(), counts()).as(Heartbeat::new);
    }

    private static Arbitrary<HeartbeatResponse> heartbeatResponses() {
        return Combinators.combine(ids(), ids(), counts(), counts()).as(HeartbeatResponse::new);
    }

    private static Arbitrary<TimeoutNow> timeoutNows() {
        return Combinators.combine(ids(), ids(), counts()).as(TimeoutNow::new);
    }

    /**
     * An append as a leader sends it: entries follow prevLogIndex without gaps, their terms never
     * decrease from prevLogTerm and stay at or below the message term.
     */
    private static Arbitrary<AppendEntries> appendEntries() {
        return Arbitraries.integers().between(0, 6).flatMap(count -> Combinators.combine(
                        ids(), ids(),
                        Arbitraries.longs().between(0, Long.MAX_VALUE - count),
                        Arbitraries.longs().between(1, Long.MAX_VALUE / 2),
                        Arbitraries.longs().between(0, 3).list().ofSize(count),
                        payloads().list().ofSize(count),
                        counts(),
                        Arbitraries.longs().between(0, 3))
                .as((from, to, prevLogIndex, someTerm, termSteps, payloads, leaderCommit, termSlack) -> {
                    long prevLogTerm = prevLogIndex == 0 ? 0 : someTerm;
                    List<Entry> entries = new ArrayList<>();
                    long term = Math.max(prevLogTerm, 1);
                    for (int i = 0; i < count; i++) {
                        term += termSteps.get(i);
                        Payload payload = payloads.get(i);
                        entries.add(new Entry(prevLogIndex + 1 + i, term, payload.type(), payload.data()));
                    }
                    return new AppendEntries(from, to, term + termSlack, prevLogIndex, prevLogTerm, entries,
                            leaderCommit);
                }));
    }

    private record Payload(EntryType type, ByteString data) {}

    private static Arbitrary<Payload> payloads() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(new Payload(EntryType.NOOP, ByteString.EMPTY))),
                Tuple.of(5, smallData().map(data -> new Payload(EntryType.NORMAL, data))));
    }

    /** Entry data: empty, small, or (rarely) large, up to 1 MiB. */
    private static Arbitrary<ByteString> data() {
        Arbitrary<ByteString> large = Combinators.combine(Arbitraries.integers().between(64 << 10, 1 << 20),
                        Arbitraries.longs())
                .as((size, seed) -> {
                    byte[] bytes = new byte[size];
                    new Random(seed).nextBytes(bytes);
                    return ByteString.copyFrom(bytes);
                });
        return Arbitraries.frequencyOf(Tuple.of(9, smallData()), Tuple.of(1, large));
    }

    private static Arbitrary<ByteString> smallData() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(ByteString.EMPTY)),
                Tuple.of(5, Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(ByteString::copyFrom)));
    }

    @Provide
    Arbitrary<Entry> entries() {
        return entriesWith(data());
    }

    @Provide
    Arbitrary<Entry> smallEntries() {
        return entriesWith(smallData());
    }

    private static Arbitrary<Entry> entriesWith(Arbitrary<ByteString> data) {
        return Combinators.combine(Arbitraries.longs().between(1, Long.MAX_VALUE),
                        Arbitraries.longs().between(1, Long.MAX_VALUE), Arbitraries.of(EntryType.class), data)
                .as(Entry::new);
    }

    @Provide
    Arbitrary<HardState> hardStates() {
        return Combinators.combine(counts(), counts(), counts()).as(HardState::new);
    }

    /** Small random damage to an encoding, as a network or a disk might do it. */
    static final class Mutations {
        private Mutations() {}

        static byte[] mutate(byte[] original, Random random) {
            byte[] bytes = original;
            int rounds = 1 + random.nextInt(3);
            for (int round = 0; round < rounds; round++) {
                bytes = mutateOnce(bytes, random);
            }
            return bytes;
        }

        private static byte[] mutateOnce(byte[] bytes, Random random) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0: { // overwrite a byte
                    byte[] copy = bytes.clone();
                    if (copy.length > 0) {
                        copy[at] = (byte) random.nextInt(256);
                    }
                    return copy;
                }
                case 1: { // flip one bit
                    byte[] copy = bytes.clone();
                    if (copy.length > 0) {
                        copy[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    return copy;
                }
                case 2: // truncate
                    return Arrays.copyOf(bytes, at);
                case 3: { // insert random bytes
                    byte[] inserted = new byte[1 + random.nextInt(4)];
                    random.nextBytes(inserted);
                    return splice(bytes, at, 0, inserted);
                }
                default: // delete a short run
                    return splice(bytes, at, Math.min(bytes.length - at, 1 + random.nextInt(4)), new byte[0]);
            }
        }

        private static byte[] splice(byte[] bytes, int at, int removed, byte[] inserted) {
            byte[] result = new byte[bytes.length - removed + inserted.length];
            System.arraycopy(bytes, 0, result, 0, at);
            System.arraycopy(inserted, 0, result, at, inserted.length);
            System.arraycopy(bytes, at + removed, result, at + inserted.length, bytes.length - at - removed);
            return result;
        }
    }
}
