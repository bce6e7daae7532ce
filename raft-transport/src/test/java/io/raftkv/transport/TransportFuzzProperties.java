package io.raftkv.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.raftkv.raft.message.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Bytes thrown at a live transport (member 2) over raw sockets: random ones, and valid frame
 * streams damaged by bit flips, truncation, extension, insertion, deletion and wrong lengths.
 * After each, member 1 (well-behaved) still gets a message through, and nothing went wrong
 * inside member 2 (no error that is not the input's fault).
 */
class TransportFuzzProperties {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MAX_FRAME_BYTES = 64 << 10;
    /** The identity the fuzzer claims: a real member whose transport stays quiet. */
    private static final long FUZZER = 3;

    private static Loopback net;
    private static final AtomicLong markers = new AtomicLong(1_000_000);

    @BeforeContainer
    static void startCluster() {
        net = Loopback.start(3, b -> b.maxFrameBytes(MAX_FRAME_BYTES).maxQueuedBytes(1 << 20).handshakeTimeoutMillis(2_000));
    }

    @AfterContainer
    static void stopCluster() {
        net.close();
    }

    @Property(tries = 250)
    void randomBytesNeitherBreakTheTransportNorStopAWellBehavedPeer(
            @ForAll boolean handshakeFirst, @ForAll("randomBytes") byte[] bytes) throws IOException {
        byte[] stream = handshakeFirst ? concat(RawPeer.hello(Loopback.CLUSTER, FUZZER, 2), bytes) : bytes;
        throwAtMember2(stream);
        assertWellBehavedPeerStillGetsThrough();
    }

    @Property(tries = 250)
    void damagedValidFramesNeitherBreakTheTransportNorStopAWellBehavedPeer(
            @ForAll("damagedStreams") byte[] stream) throws IOException {
        throwAtMember2(stream);
        assertWellBehavedPeerStillGetsThrough();
    }

    /** Writes {@code stream}, ends it, and waits until member 2 has closed its end. */
    private static void throwAtMember2(byte[] stream) throws IOException {
        try (RawPeer raw = new RawPeer(net.address(2))) {
            raw.write(stream);
            raw.shutdownOutput();
            assertTrue(raw.closedByTransportWithin(WAIT), "member 2 closes a connection whose peer ended it");
        }
    }

    private static void assertWellBehavedPeerStillGetsThrough() {
        Message probe = Messages.heartbeat(1, 2, markers.incrementAndGet());
        net.get(1).send(probe);
        net.inbox(2).takeUntil(probe::equals, WAIT);
        assertEquals(0, net.get(2).stats().unexpectedErrors(), () -> "member 2: " + net.get(2).stats());
        assertEquals(0, net.get(1).stats().unexpectedErrors(), () -> "member 1: " + net.get(1).stats());
    }

    @Provide
    Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2_000);
    }

    @Provide
    Arbitrary<byte[]> damagedStreams() {
        Arbitrary<byte[]> valid = Arbitraries.integers().between(0, 12).map(TransportFuzzProperties::validStream);
        return Combinators.combine(valid, mutation().list().ofMinSize(1).ofMaxSize(4)).as((bytes, mutations) -> {
            byte[] damaged = bytes;
            for (Mutation mutation : mutations) {
                damaged = mutation.apply(damaged);
            }
            return damaged;
        });
    }

    /** A handshake as the fuzzer's member, then {@code messages} valid messages of every type in turn. */
    private static byte[] validStream(int messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(RawPeer.hello(Loopback.CLUSTER, FUZZER, 2));
        List<Message> all = Messages.everyType(FUZZER, 2, 1 + messages);
        for (int i = 0; i < messages; i++) {
            out.writeBytes(RawPeer.message(all.get(i % all.size())));
        }
        return out.toByteArray();
    }

    private static Arbitrary<Mutation> mutation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64);
        Arbitrary<Integer> length = Arbitraries.oneOf(
                Arbitraries.of(0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, MAX_FRAME_BYTES, MAX_FRAME_BYTES + 1),
                Arbitraries.integers().between(0, 100), Arbitraries.integers());
        return Arbitraries.oneOf(
                Combinators.combine(position, Arbitraries.integers().between(0, 7)).as(BitFlip::new),
                position.map(Truncate::new),
                junk.map(Extend::new),
                Combinators.combine(position, junk).as(Insert::new),
                Combinators.combine(position, Arbitraries.integers().between(1, 32)).as(Delete::new),
                Combinators.combine(position, length).as(WrongLength::new));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    /** Damage to a byte stream; positions are taken modulo its length. */
    private sealed interface Mutation permits BitFlip, Truncate, Extend, Insert, Delete, WrongLength {
        byte[] apply(byte[] bytes);
    }

    private record BitFlip(int position, int bit) implements Mutation {
        public byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes;
            }
            byte[] flipped = bytes.clone();
            flipped[position % bytes.length] ^= (byte) (1 << bit);
            return flipped;
        }
    }

    private record Truncate(int keep) implements Mutation {
        public byte[] apply(byte[] bytes) {
            return Arrays.copyOf(bytes, bytes.length == 0 ? 0 : keep % bytes.length);
        }
    }

    private record Extend(byte[] tail) implements Mutation {
        public byte[] apply(byte[] bytes) {
            return concat(bytes, tail);
        }
    }

    private record Insert(int position, byte[] junk) implements Mutation {
        public byte[] apply(byte[] bytes) {
            int at = bytes.length == 0 ? 0 : position % bytes.length;
            return concat(concat(Arrays.copyOf(bytes, at), junk), Arrays.copyOfRange(bytes, at, bytes.length));
        }
    }

    private record Delete(int position, int length) implements Mutation {
        public byte[] apply(byte[] bytes) {
            if (bytes.length == 0) {
                return bytes;
            }
            int from = position % bytes.length;
            int to = Math.min(bytes.length, from + length);
            return concat(Arrays.copyOf(bytes, from), Arrays.copyOfRange(bytes, to, bytes.length));
        }
    }

    /** Four bytes somewhere (often a length prefix, when it lands on one) replaced by a chosen length. */
    private record WrongLength(int position, int value) implements Mutation {
        public byte[] apply(byte[] bytes) {
            if (bytes.length < 4) {
                return concat(bytes, RawPeer.lengthPrefix(value));
            }
            byte[] changed = bytes.clone();
            System.arraycopy(RawPeer.lengthPrefix(value), 0, changed, position % (bytes.length - 3), 4);
            return changed;
        }
    }
}
