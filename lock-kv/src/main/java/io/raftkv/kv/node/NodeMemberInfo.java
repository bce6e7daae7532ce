package io.raftkv.kv.node;

import io.raftkv.kv.grpc.MemberInfo;
import io.raftkv.kv.proto.MemberListResponse;
import io.raftkv.kv.proto.ResponseHeader;
import io.raftkv.kv.proto.StatusResponse;
import io.raftkv.kv.state.KvStateMachine;
import io.raftkv.raft.NodeStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * What a node's Cluster.MemberList and Maintenance.Status answer: the members of its configuration
 * (raftkv does not change membership yet), and its Raft state. Headers carry the cluster and member
 * ids, the store revision (read on the node's thread) and the term.
 */
final class NodeMemberInfo implements MemberInfo {
    /**
     * etcd's clients parse "major.minor" from it (clientv3's version check wants 3.2 or later);
     * raftkv serves the v3 API of etcd 3.5 in part, which the pre-release tag says.
     */
    static final String VERSION = "3.5.0-raftkv";

    private final NodeParts parts;
    private final KvStateMachine machine;

    NodeMemberInfo(NodeParts parts, KvStateMachine machine) {
        this.parts = parts;
        this.machine = machine;
    }

    @Override
    public CompletableFuture<MemberListResponse> memberList() {
        return header().thenApply(header -> {
            MemberListResponse.Builder answer = MemberListResponse.newBuilder().setHeader(header);
            for (Member member : parts.config.members()) {
                boolean self = member.id() == parts.config.memberId();
                io.raftkv.kv.proto.Member.Builder listed = io.raftkv.kv.proto.Member.newBuilder()
                        .setID(member.id()).setName(member.name())
                        .addPeerURLs(self ? bound(member.peerUrl(), Optional.of(parts.transport.localAddress()))
                                .toString() : member.peerUrl().toString());
                // Its own: the advertised client URL, else the one it listens on (with the port bound).
                Optional<URI> clientUrl = self ? member.clientUrl().or(parts.config::listenClientUrl).map(url -> bound(
                        url, Optional.ofNullable(parts.grpcServer).map(server -> server.localAddress()))) : member.clientUrl();
                clientUrl.ifPresent(url -> listed.addClientURLs(url.toString()));
                answer.addMembers(listed);
            }
            return answer.build();
        });
    }

    @Override
    public CompletableFuture<StatusResponse> status() {
        return header().thenApply(header -> {
            NodeStatus status = parts.raft.status();
            long dbSize = bytesUnder(parts.config.dataDir());
            return StatusResponse.newBuilder().setHeader(header).setVersion(VERSION).setDbSize(dbSize)
                    .setDbSizeInUse(dbSize).setLeader(status.leaderId()).setRaftIndex(status.commitIndex())
                    .setRaftTerm(status.term()).setRaftAppliedIndex(status.appliedIndex()).build();
        });
    }

    /** A header as the KV server fills one, with the revision read on the node's thread. */
    private CompletableFuture<ResponseHeader> header() {
        CompletableFuture<ResponseHeader> header = new CompletableFuture<>();
        parts.scheduler.execute(() -> header.complete(ResponseHeader.newBuilder().setClusterId(parts.config.clusterId())
                .setMemberId(parts.config.memberId()).setRevision(machine.store().revision())
                .setRaftTerm(parts.raft.status().term()).build()));
        return header;
    }

    /** {@code url} with the port actually bound, when it was configured as 0. */
    private static URI bound(URI url, Optional<java.net.InetSocketAddress> address) {
        if (url.getPort() != 0 || address.isEmpty()) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + url.getHost() + ":" + address.get().getPort());
    }

    /** Bytes in the files under the data directory (Raft log and snapshots): etcd's dbSize stands for the backend. */
    private static long bytesUnder(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException vanished) {
                    return 0; // a file removed while walking (a compacted log file, an old snapshot)
                }
            }).sum();
        } catch (IOException | UncheckedIOException unreadable) {
            return 0;
        }
    }
}
