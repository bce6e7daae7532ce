package io.raftkv.kv.cli;

import com.google.protobuf.ByteString;
import io.raftkv.kv.api.KvClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failover under a writer: one client puts in a loop (one put at a time); the leader is SIGKILLed,
 * and the figure is the time from the kill to the next put that succeeds (acknowledged by the new
 * leader): a put sent before the old leader was dead does not count. The killed member is restarted and caught up before the next measurement.
 */
final class Failover {
    private static final long SETTLE_MS = 1_000;
    private static final long RECOVERY_DEADLINE_MS = 30_000;
    private static final long LEADER_DEADLINE_MS = 30_000;

    private Failover() {}

    /** One failover: milliseconds from the kill to the next successful write. */
    static double measure(ProcessCluster cluster, KvClient client) throws Exception {
        AtomicLong lastSuccessNanos = new AtomicLong();
        Writer writer = new Writer(client, lastSuccessNanos);
        Thread thread = new Thread(writer, "bench-failover-writer");
        thread.setDaemon(true);
        thread.start();
        try {
            Thread.sleep(SETTLE_MS);
            long leader = ProcessCluster.leader(client.service(), LEADER_DEADLINE_MS);
            long killNanos = System.nanoTime();
            cluster.kill(leader);
            // A put sent before the leader was dead may have been acknowledged by it: only later ones count.
            writer.countFrom(System.nanoTime());
            long deadline = killNanos + TimeUnit.MILLISECONDS.toNanos(RECOVERY_DEADLINE_MS);
            while (lastSuccessNanos.get() - killNanos <= 0) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("no write succeeded within " + RECOVERY_DEADLINE_MS
                            + " ms of killing the leader: " + cluster.describe());
                }
                Thread.sleep(1);
            }
            double millis = (lastSuccessNanos.get() - killNanos) / 1e6;
            cluster.restart(leader);
            return millis;
        } finally {
            writer.stop();
            thread.join(RECOVERY_DEADLINE_MS);
        }
    }

    /** Puts one key after another, and notes when each success arrived. */
    private static final class Writer implements Runnable {
        private final KvClient client;
        private final AtomicLong lastSuccessNanos;
        private volatile boolean stopping;
        /** Successes are noted only for puts sent at or after this time, and none before it is set. */
        private volatile long countFromNanos;
        private volatile boolean counting;

        Writer(KvClient client, AtomicLong lastSuccessNanos) {
            this.client = client;
            this.lastSuccessNanos = lastSuccessNanos;
        }

        void countFrom(long nanos) {
            countFromNanos = nanos;
            counting = true;
        }

        void stop() {
            stopping = true;
        }

        @Override
        public void run() {
            ByteString value = ByteString.copyFrom(new byte[256]);
            for (long i = 0; !stopping; i++) {
                long sent = System.nanoTime();
                try {
                    client.kv().put(ByteString.copyFromUtf8("/bench/failover/" + (i % 100)), value)
                            .get(RECOVERY_DEADLINE_MS, TimeUnit.MILLISECONDS);
                    if (counting && sent - countFromNanos >= 0) {
                        lastSuccessNanos.set(System.nanoTime());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception failedDuringFailover) {
                    // Expected while there is no leader: try again.
                }
            }
        }
    }
}
