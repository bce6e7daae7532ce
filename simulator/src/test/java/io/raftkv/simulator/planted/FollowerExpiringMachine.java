package io.raftkv.simulator.planted;

import com.google.protobuf.ByteString;
import io.raftkv.kv.proto.Command;
import io.raftkv.kv.proto.LeaseExpiry;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import io.raftkv.simulator.kv.KvNodeContext;
import io.raftkv.simulator.kv.KvNodeWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * PLANTED BUG: a follower expires leases by its own clock: before it applies the next command of
 * the log, it revokes locally every lease whose deadline passed on its lease clock (which no
 * keep-alive renews on a follower). Its replica then holds less than the log says.
 */
final class FollowerExpiringMachine implements SnapshottingStateMachine {
    static final KvNodeWrapper WRAPPER = new KvNodeWrapper() {
        @Override
        public SnapshottingStateMachine machine(KvNodeContext node, SnapshottingStateMachine machine) {
            return new FollowerExpiringMachine(node, machine);
        }
    };

    private final KvNodeContext node;
    private final SnapshottingStateMachine machine;

    private FollowerExpiringMachine(KvNodeContext node, SnapshottingStateMachine machine) {
        this.node = node;
        this.machine = machine;
    }

    @Override
    public ByteString apply(long index, ByteString command) {
        if (node.raft() != null && !node.leads()) {
            List<Long> leases = node.machine().leases().ids();
            for (long id : leases) {
                if (node.machine().deadlines().remainingMillis(id) == 0) {
                    machine.apply(index, Command.newBuilder().setLeaseExpiry(LeaseExpiry.newBuilder().setID(id)).build()
                            .toByteString());
                }
            }
        }
        return machine.apply(index, command);
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        machine.writeSnapshot(out);
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        machine.restoreSnapshot(in);
    }
}
