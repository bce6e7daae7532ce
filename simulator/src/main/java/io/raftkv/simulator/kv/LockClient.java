package io.raftkv.simulator.kv;

import com.google.protobuf.ByteString;
import io.raftkv.kv.KvException;
import io.raftkv.kv.proto.KvError;
import io.raftkv.kv.proto.LeaseGrantRequest;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.kv.proto.LeaseRevokeRequest;
import io.raftkv.kv.proto.TxnResponse;
import io.raftkv.simulator.check.Violations;
import io.raftkv.simulator.client.ClientModel;
import io.raftkv.simulator.client.ClusterAccess;
import io.raftkv.simulator.loop.EventLoop;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * A lock holder, written against the KV service with the seed's raw recipe: grant a lease and keep
 * it alive; take a lock key with one transaction (if its create revision is 0, put it with the
 * lease, else get it); while it believes it holds the lock, write to the lock's protected resource
 * with its fencing token (the key's create revision); release by revoking the lease.
 *
 * <p>It believes it holds the lock while its lease was acknowledged alive recently enough: until
 * {@code s + TTL / (1 + ρ)} on its own clock (virtual time), where {@code s} is when it sent the
 * newest request (grant or keep-alive) that the leader acknowledged and {@code ρ} the largest drift
 * a node's clock can have in the run: the soonest the leader may expire the lease (see
 * {@link io.raftkv.kv.lease.LeaseDeadlines} and {@link LeaseBoundCheck}). Keep-alives go out
 * every {@code keepAliveMicros} whatever became of the last one. Now and then a holder stalls
 * (see {@link KvWorkloadModel#stallPpm}), the classic way a holder outlives its lease.
 */
public final class LockClient extends KvSimClient {
    private static final long MILLION = 1_000_000;

    private final KvWorkloadModel model;
    private final List<ByteString> lockKeys;
    private final ProtectedResources resources;
    private final Unlocker unlocker;
    private final long driftMaxPpm;
    private long leaseId;
    /** Changes whenever the lease does: keep-alive loops of an older lease end. */
    private long leaseEpoch;
    private long believedUntilMicros;
    private long locks;

    public LockClient(long clientId, EventLoop loop, ClusterAccess cluster, KvHistory history, RandomGenerator random,
                      ClientModel timing, Violations violations, KvWorkloadModel model, List<ByteString> lockKeys,
                      ProtectedResources resources, Unlocker unlocker, long driftMaxPpm) {
        super(clientId, loop, cluster, history, random, timing, violations);
        this.model = model;
        this.lockKeys = List.copyOf(lockKeys);
        this.resources = resources;
        this.unlocker = unlocker;
        this.driftMaxPpm = driftMaxPpm;
    }

    /** Once stopped, a lease it holds expires on its own. */
    @Override
    protected void begin() {
        grant();
    }

    private boolean believesLeaseAlive() {
        return loop.nowMicros() < believedUntilMicros;
    }

    /** How long after sending an acknowledged request the lease certainly still lives. */
    private long safeTtlMicros(long ttlSeconds) {
        return ttlSeconds * MILLION * MILLION / (MILLION + driftMaxPpm);
    }

    private void retry(Runnable step) {
        after(between(model.retryMinMicros(), model.retryMaxMicros()), step);
    }

    private void grant() {
        long sentMicros = loop.nowMicros();
        long ttlSeconds = between(1, model.leaseTtlMaxSeconds());
        send(service -> service.leaseGrant(LeaseGrantRequest.newBuilder().setTTL(ttlSeconds).build()),
                new Answer<>() {
                    @Override
                    public void ok(io.raftkv.kv.proto.LeaseGrantResponse granted) {
                        leaseId = granted.getID();
                        leaseEpoch++;
                        believedUntilMicros = sentMicros + safeTtlMicros(granted.getTTL());
                        keepAlive(leaseEpoch);
                        acquire();
                    }

                    @Override
                    public void failed(RuntimeException cause) {
                        retry(LockClient.this::grant);
                    }

                    @Override
                    public void unknown() {
                        // A lease granted without our knowing expires on its own.
                        retry(LockClient.this::grant);
                    }
                });
    }

    private void keepAlive(long epoch) {
        after(model.keepAliveMicros(), () -> {
            if (epoch != leaseEpoch || stopped()) {
                return;
            }
            long id = leaseId;
            long sentMicros = loop.nowMicros();
            keepAlive(epoch);
            send(service -> service.leaseKeepAlive(LeaseKeepAliveRequest.newBuilder().setID(id).build()),
                    new Answer<LeaseKeepAliveResponse>() {
                        @Override
                        public void ok(LeaseKeepAliveResponse response) {
                            if (epoch != leaseEpoch) {
                                return;
                            }
                            if (response.getTTL() > 0) {
                                believedUntilMicros = Math.max(believedUntilMicros,
                                        sentMicros + safeTtlMicros(response.getTTL()));
                            } else {
                                believedUntilMicros = 0;
                            }
                        }

                        @Override
                        public void failed(RuntimeException cause) {}

                        @Override
                        public void unknown() {}
                    });
        });
    }

    private void acquire() {
        if (!believesLeaseAlive()) {
            revokeLease(outcome -> retry(this::grant));
            return;
        }
        ByteString key = lockKeys.get(random.nextInt(lockKeys.size()));
        ByteString value = ByteString.copyFromUtf8("c" + clientId + "-lock" + ++locks);
        long lease = leaseId;
        perform(KvOp.Kind.CREATE_IF_ABSENT, key, value, lease,
                service -> service.txn(KvRequests.createIfAbsent(key, value, lease)),
                (op, response, refusal) -> afterAcquire(key, op, response, refusal));
    }

    private void afterAcquire(ByteString key, KvOp op, TxnResponse response, RuntimeException refusal) {
        if (op.outcome() == KvOp.Outcome.OK && response.getSucceeded()) {
            hold(key, response.getHeader().getRevision(), loop.nowMicros() + between(model.holdMinMicros(), model.holdMaxMicros()));
        } else if (op.outcome() == KvOp.Outcome.OK) {
            retry(this::acquire);
        } else if (refusal instanceof KvException refused && refused.code() == KvError.Code.LEASE_NOT_FOUND) {
            forgetLease();
            retry(this::grant);
        } else if (op.outcome() == KvOp.Outcome.FAILED) {
            retry(this::acquire);
        } else {
            // Unknown: the key may be ours. Give it up with the lease.
            revokeLease(outcome -> retry(this::grant));
        }
    }

    private void hold(ByteString key, long token, long untilMicros) {
        if (stopped()) {
            return;
        }
        if (loop.nowMicros() >= untilMicros || !believesLeaseAlive()) {
            release(key, token);
            return;
        }
        if (random.nextInt(1_000_000) < model.stallPpm()) {
            stall(key, token, untilMicros);
            return;
        }
        resources.write(key, token, clientId);
        after(model.resourceWriteMicros(), () -> hold(key, token, untilMicros));
    }

    /**
     * The write leaves, then the process stops for longer than any TTL: no keep-alives, so the lease
     * expires and the lock passes on; the write reaches the resource as the process resumes, which
     * finds its lease no longer believed alive and releases.
     */
    private void stall(ByteString key, long token, long untilMicros) {
        long stallMicros = between(model.stallMinMicros(), model.stallMaxMicros());
        leaseEpoch++;
        resources.send(key, token, clientId, stallMicros);
        after(stallMicros, () -> hold(key, token, untilMicros));
    }

    private void release(ByteString key, long token) {
        long lease = leaseId;
        unlocker.release(new Unlocker.Release() {
            private boolean done;

            @Override
            public ByteString key() {
                return key;
            }

            @Override
            public long token() {
                return token;
            }

            @Override
            public long leaseId() {
                return lease;
            }

            @Override
            public void revokeLease(Consumer<KvOp.Outcome> then) {
                LockClient.this.revokeLease(then);
            }

            @Override
            public void delete(ByteString target, Consumer<KvOp.Outcome> then) {
                perform(KvOp.Kind.DELETE, target, null, 0, service -> service.deleteRange(KvRequests.delete(target)),
                        (op, response, refusal) -> then.accept(op.outcome()));
            }

            @Override
            public void after(long delayMicros, Runnable then) {
                LockClient.this.after(delayMicros, then);
            }

            @Override
            public void released(boolean leaseKept) {
                if (done) {
                    throw new IllegalStateException("client " + clientId + " released its lock twice");
                }
                done = true;
                if (leaseKept && lease == leaseId) {
                    retry(LockClient.this::acquire);
                } else {
                    forgetLease();
                    retry(LockClient.this::grant);
                }
            }
        });
    }

    /** Revokes the current lease (whatever the outcome, the client forgets it), then {@code then}. */
    private void revokeLease(Consumer<KvOp.Outcome> then) {
        long lease = leaseId;
        forgetLease();
        perform(KvOp.Kind.REVOKE_LEASE, null, null, lease,
                service -> service.leaseRevoke(LeaseRevokeRequest.newBuilder().setID(lease).build()),
                (op, response, refusal) -> then.accept(op.outcome()));
    }

    private void forgetLease() {
        leaseId = 0;
        leaseEpoch++;
        believedUntilMicros = 0;
    }
}
