package io.raftkv.kv.node;

import io.raftkv.raft.Ready;
import io.raftkv.raft.SoftState;
import io.raftkv.raft.runtime.RaftObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one line whenever the leader this node knows of changes (who, in which term), from the
 * soft state the core reports in its Ready. Runs on the node's thread; changes nothing.
 */
final class LeaderLog implements RaftObserver {
    private static final Logger LOG = LoggerFactory.getLogger(RaftKvNode.class);

    private final NodeConfig config;
    private long knownLeader = SoftState.NO_LEADER;

    LeaderLog(NodeConfig config) {
        this.config = config;
    }

    @Override
    public void onReady(long nodeId, Ready ready) {
        SoftState soft = ready.softState();
        if (soft == null || soft.leaderId() == knownLeader) {
            return;
        }
        knownLeader = soft.leaderId();
        String self = "node " + config.self().label();
        if (soft.leaderId() == SoftState.NO_LEADER) {
            LOG.info("{} term {}: no leader known ({})", self, soft.term(), soft.role());
        } else if (soft.leaderId() == config.memberId()) {
            LOG.info("{} term {}: this node is the leader", self, soft.term());
        } else {
            LOG.info("{} term {}: leader is {}", self, soft.term(), describe(soft.leaderId()));
        }
    }

    private String describe(long id) {
        return config.member(id).map(Member::label).orElse("unknown member " + id);
    }
}
