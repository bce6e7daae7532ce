package io.raftkv.simulator.kv;

import io.raftkv.simulator.check.Invariant;
import io.raftkv.simulator.check.Violations;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lease bound: a lease is never expired sooner than its TTL, as the slowest clock the nemesis
 * can make counts it, after the newest acknowledged request that renewed it.
 *
 * <p>Precisely, for every lease expiry that was applied (a {@code LeaseExpiry} command that found
 * its lease and revoked it), with
 * <ul>
 *   <li>{@code d}: when the leader decided the expiry, in virtual time;</li>
 *   <li>{@code p}: when the expiry was first applied anywhere;</li>
 *   <li>{@code A}: the latest virtual time at which a grant or keep-alive of that lease arrived at
 *       the node that then acknowledged it (a grant answered, a keep-alive answered with TTL &gt; 0),
 *       among those that arrived at or before {@code p};</li>
 *   <li>{@code TTL}: the lease's TTL as that acknowledgement gave it;</li>
 *   <li>{@code ρ = driftMaxPpm / 10^6}: the largest drift a node's clock can have in the run, the
 *       largest the nemesis can set ({@link io.raftkv.simulator.nemesis.NemesisModel#driftMaxPpm},
 *       10% by default) or, if larger, the largest a clock starts with;</li>
 * </ul>
 * it holds that {@code d >= A + TTL / (1 + ρ)}. An expiry of a lease with no acknowledged grant or
 * keep-alive (its grant's answer was lost with a leader change) is not checked.
 *
 * <p>This is what a lease holder may rely on: a client that sent the acknowledged request at
 * {@code s <= A} may act as holder until {@code s + TTL / (1 + ρ)} on an accurate clock
 * ({@link LockClient}). It is what the server means to give: its lease clock advances only by its
 * timer's period, and a period of {@code P} local milliseconds lasts at least {@code P / (1 + ρ)}
 * of virtual time; the leader restarts a lease's deadline when it acknowledges a keep-alive, and a
 * new leader restarts every deadline once it leads, which is after any keep-alive the old one
 * acknowledged had arrived (the acknowledgement followed a ReadIndex round begun after the
 * arrival).
 *
 * <p>How {@code d} is measured: as the first time a node's Ready carried the expiry's log entry
 * (its index and term) to append, which is the proposing leader's Ready. That runs in the same
 * virtual instant as the leader's timer task that decided, unless the process was paused between
 * the two; then it is later. So the measured {@code d} is never earlier than the decision: a
 * violation reported is real, and a pause at that exact point could hide one.
 */
public final class LeaseBoundCheck {
    private static final long MILLION = 1_000_000;

    private final long driftMaxPpm;
    /** (lease) -> acknowledged arrivals in the order acknowledged; looked up, never iterated. */
    private final Map<Long, List<Acknowledged>> acknowledged = new HashMap<>();
    private final List<Expiry> expiries = new ArrayList<>();

    private record Acknowledged(long nodeId, long arrivalMicros, long ttlSeconds) {}

    /** An applied expiry: decided by {@code nodeId} at {@code decidedMicros}, first applied at {@code appliedMicros}. */
    private record Expiry(long leaseId, long nodeId, long decidedMicros, long appliedMicros) {}

    public LeaseBoundCheck(long driftMaxPpm) {
        this.driftMaxPpm = driftMaxPpm;
    }

    /** Node {@code nodeId} acknowledged a grant or keep-alive of {@code leaseId} that arrived at {@code arrivalMicros}. */
    public void onAcknowledged(long nodeId, long leaseId, long ttlSeconds, long arrivalMicros) {
        acknowledged.computeIfAbsent(leaseId, id -> new ArrayList<>()).add(new Acknowledged(nodeId, arrivalMicros, ttlSeconds));
    }

    public void onExpiryApplied(long leaseId, long decidedByNode, long decidedMicros, long appliedMicros) {
        expiries.add(new Expiry(leaseId, decidedByNode, decidedMicros, appliedMicros));
    }

    public int expiriesApplied() {
        return expiries.size();
    }

    /** {@code TTL / (1 + ρ)} in microseconds, rounded down (the bound is never stricter than stated). */
    public long shortestTtlMicros(long ttlSeconds) {
        return ttlSeconds * MILLION * MILLION / (MILLION + driftMaxPpm);
    }

    public void check(Violations violations) {
        for (Expiry expiry : expiries) {
            Acknowledged last = null;
            for (Acknowledged ack : acknowledged.getOrDefault(expiry.leaseId(), List.of())) {
                if (ack.arrivalMicros() <= expiry.appliedMicros() && (last == null || ack.arrivalMicros() > last.arrivalMicros())) {
                    last = ack;
                }
            }
            if (last == null) {
                continue;
            }
            long earliest = last.arrivalMicros() + shortestTtlMicros(last.ttlSeconds());
            if (expiry.decidedMicros() < earliest) {
                violations.report(expiry.nodeId(), Invariant.LEASE_BOUND, "node " + expiry.nodeId() + " decided at t="
                        + expiry.decidedMicros() + "us to expire lease " + expiry.leaseId() + " (TTL " + last.ttlSeconds()
                        + " s), whose renewal arrived at node " + last.nodeId() + " at t=" + last.arrivalMicros()
                        + "us and was acknowledged: the bound allows no expiry before t=" + earliest + "us");
            }
        }
    }
}
