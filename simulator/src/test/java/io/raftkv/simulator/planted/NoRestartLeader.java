package io.raftkv.simulator.planted;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.raftkv.kv.api.KvService;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.LeaseExpiry;
import io.raftkv.kv.proto.LeaseKeepAliveRequest;
import io.raftkv.kv.proto.LeaseKeepAliveResponse;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.kv.ForwardingKvService;
import io.raftkv.simulator.kv.KvNodeContext;
import io.raftkv.simulator.kv.KvNodeWrapper;
import io.raftkv.simulator.sm.ForwardingStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * PLANTED BUG: a new leader that does not restart the lease deadlines it kept as a follower. It
 * keeps deadlines as a lease clock would on this node, started when a grant is applied and
 * renewed by the keep-alives this node acknowledges, but never restarted when the node becomes
 * leader; as leader it proposes an expiry for every lease past that deadline. A follower never
 * saw the keep-alives the old leader acknowledged, so after a leader change it expires leases
 * that were renewed a moment ago.
 *
 * <p>Planted from outside: {@code KvServer} is final and keeps its (correct) expiry loop; this
 * runs beside it, on the node's scheduler and clock, and proposes through the node's Raft.
 */
final class NoRestartLeader {
    static final KvNodeWrapper WRAPPER = new KvNodeWrapper() {
        private NoRestartLeader current;

        @Override
        public SnapshottingStateMachine machine(KvNodeContext node, SnapshottingStateMachine machine) {
            current = new NoRestartLeader(node);
            return current.watch(machine);
        }

        @Override
        public KvService service(KvNodeContext node, KvService service) {
            NoRestartLeader leader = current;
            leader.scheduleTick();
            return leader.watch(service);
        }
    };
    private static final long TICK_MILLIS = 100;

    private final KvNodeContext node;
    /** Lease -> deadline on this node's clock, in milliseconds. */
    private final TreeMap<Long, Long> deadlines = new TreeMap<>();
    private final TreeSet<Long> proposed = new TreeSet<>();

    private NoRestartLeader(KvNodeContext node) {
        this.node = node;
    }

    private void scheduleTick() {
        node.scheduler().schedule(TICK_MILLIS, () -> {
            if (node.leads()) {
                long now = node.scheduler().nowMillis();
                for (var lease : deadlines.entrySet()) {
                    if (lease.getValue() <= now && proposed.add(lease.getKey())) {
                        node.raft().propose(Command.newBuilder()
                                .setLeaseExpiry(LeaseExpiry.newBuilder().setID(lease.getKey())).build().toByteString());
                    }
                }
            }
            scheduleTick();
        });
    }

    private SnapshottingStateMachine watch(SnapshottingStateMachine machine) {
        return new ForwardingStateMachine(machine) {
            @Override
            public ByteString apply(long index, ByteString command) {
                ByteString result = delegate.apply(index, command);
                follow(command);
                return result;
            }

            @Override
            public void restoreSnapshot(InputStream in) throws IOException {
                delegate.restoreSnapshot(in);
                deadlines.clear();
                for (long id : node.machine().leases().ids()) {
                    start(id, node.machine().leases().get(id).ttlSeconds());
                }
            }
        };
    }

    private void follow(ByteString bytes) {
        Command command;
        try {
            command = Command.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        if (command.hasLeaseGrant() && node.machine().leases().exists(command.getLeaseGrant().getID())) {
            start(command.getLeaseGrant().getID(), command.getLeaseGrant().getTTL());
        } else if (command.hasLeaseRevoke()) {
            deadlines.remove(command.getLeaseRevoke().getID());
        } else if (command.hasLeaseExpiry()) {
            deadlines.remove(command.getLeaseExpiry().getID());
        }
    }

    private void start(long id, long ttlSeconds) {
        deadlines.put(id, node.scheduler().nowMillis() + ttlSeconds * 1000);
        proposed.remove(id);
    }

    private KvService watch(KvService service) {
        return new ForwardingKvService(service) {
            @Override
            public CompletableFuture<LeaseKeepAliveResponse> leaseKeepAlive(LeaseKeepAliveRequest request) {
                return delegate.leaseKeepAlive(request).whenComplete((renewed, error) -> {
                    if (error == null && renewed.getTTL() > 0 && deadlines.containsKey(renewed.getID())) {
                        start(renewed.getID(), renewed.getTTL());
                    }
                });
            }
        };
    }
}
