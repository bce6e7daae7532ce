package io.raftkv.transport;

import java.util.concurrent.atomic.AtomicLong;

/** The live counts behind {@link TransportStats}; updated from the event loops and senders. */
final class Counters {
    final AtomicLong sent = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong received = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong unexpected = new AtomicLong();
    /** Keepalive frames read, both ways; not part of the stats, for tests of idleness. */
    final AtomicLong keepalives = new AtomicLong();

    TransportStats snapshot() {
        return new TransportStats(sent.get(), dropped.get(), lost.get(), received.get(), reconnects.get(),
                accepted.get(), refused.get(), rejected.get(), unexpected.get());
    }
}
