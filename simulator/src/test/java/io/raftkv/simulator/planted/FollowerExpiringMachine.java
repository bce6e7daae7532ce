package io.raftkv.simulator.planted;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.LeaseExpiry;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.kv.KvNodeContext;
import io.raftkv.simulator.kv.KvNodeWrapper;
import io.raftkv.simulator.sm.ForwardingStateMachine;
import java.util.List;

/**
 * PLANTED BUG: a follower expires leases by its own clock: before it applies the next command of
 * the log, it revokes locally every lease whose deadline passed on its lease clock (which no
 * keep-alive renews on a follower). Its replica then holds less than the log says.
 */
final class FollowerExpiringMachine extends ForwardingStateMachine {
    static final KvNodeWrapper WRAPPER = new KvNodeWrapper() {
        @Override
        public SnapshottingStateMachine machine(KvNodeContext node, SnapshottingStateMachine machine) {
            return new FollowerExpiringMachine(node, machine);
        }
    };

    private final KvNodeContext node;

    private FollowerExpiringMachine(KvNodeContext node, SnapshottingStateMachine machine) {
        super(machine);
        this.node = node;
    }

    @Override
    public ByteString apply(long index, ByteString command) {
        if (node.raft() != null && !node.leads()) {
            List<Long> leases = node.machine().leases().ids();
            for (long id : leases) {
                if (node.machine().deadlines().remainingMillis(id) == 0) {
                    delegate.apply(index, Command.newBuilder().setLeaseExpiry(LeaseExpiry.newBuilder().setID(id)).build()
                            .toByteString());
                }
            }
        }
        return delegate.apply(index, command);
    }
}
