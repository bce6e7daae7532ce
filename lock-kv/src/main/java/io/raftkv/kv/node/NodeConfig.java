package io.raftkv.kv.node;

import io.raftkv.kv.KvLimits;
import io.raftkv.kv.server.KvServerOptions;
import io.raftkv.raft.RaftConfig;
import io.raftkv.raft.runtime.SnapshotOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one node needs to start, validated when built: a bad value fails with a {@link
 * NodeConfigException} naming the field, the value and the rule.
 *
 * <p>Time follows etcd: the heartbeat interval is the Raft tick (a leader sends heartbeats every
 * tick) and the election timeout is a whole number of ticks (rounded down, as etcd does), drawn at
 * random in [timeout, 2 x timeout). The minimum lease TTL is the election timeout rounded up to
 * whole seconds, so that a lease outlives at least one election. Every write is fsynced before it
 * is acknowledged; there is deliberately no switch to turn that off.
 *
 * @param name                 this member's name
 * @param memberId             this member's Raft id; {@code members} holds it under {@code name}
 * @param clusterId            names the cluster on the wire and in the data directory
 * @param members              every voting member (this one included), sorted by id
 * @param listenPeerUrl        where this node's Raft transport listens (port 0: any free port)
 * @param listenClientUrl      where this node serves the KV API over gRPC (port 0: any free port), if it does
 * @param dataDir              the node's data: the Raft log under {@code raft/}, snapshots under {@code snap/}
 * @param heartbeatIntervalMs  etcd's {@code --heartbeat-interval}, the Raft tick
 * @param electionTimeoutMs    etcd's {@code --election-timeout}
 * @param snapshotOptions      when to snapshot and how to stream snapshots (transfer timeout in ticks)
 * @param kvLimits             request and lease limits; its minimum lease TTL is at least
 *                             {@link #minLeaseTtlSeconds(long)} of the election timeout
 * @param initialClusterState  what the data directory must hold at start
 */
public record NodeConfig(
        String name,
        long memberId,
        long clusterId,
        List<Member> members,
        URI listenPeerUrl,
        Optional<URI> listenClientUrl,
        Path dataDir,
        long heartbeatIntervalMs,
        long electionTimeoutMs,
        SnapshotOptions snapshotOptions,
        KvLimits kvLimits,
        InitialClusterState initialClusterState) {

    /** etcd requires an election timeout of at least five heartbeats. */
    public static final int ELECTION_HEARTBEATS_MIN = 5;
    /** etcd's upper bound on the election timeout. */
    public static final long ELECTION_TIMEOUT_MS_MAX = 50_000;
    public static final long DEFAULT_HEARTBEAT_INTERVAL_MS = 100;
    public static final long DEFAULT_ELECTION_TIMEOUT_MS = 1_000;

    public NodeConfig {
        // Not members.contains(null): an immutable list throws on that question.
        if (members != null && members.stream().anyMatch(Objects::isNull)) {
            throw new NodeConfigException("members", members, "must not hold null");
        }
        members = members == null ? List.of() : members.stream().sorted(Comparator.comparingLong(Member::id)).toList();
        validate(name, memberId, clusterId, members, listenPeerUrl, listenClientUrl, dataDir);
        validateTiming(heartbeatIntervalMs, electionTimeoutMs);
        require(snapshotOptions != null, "snapshotOptions", null, "must be given (SnapshotOptions.builder().build())");
        require(kvLimits != null, "kvLimits", null, "must be given (KvLimits.DEFAULTS)");
        long minTtlSeconds = minLeaseTtlSeconds(electionTimeoutMs);
        require(kvLimits.minLeaseTtlSeconds() >= minTtlSeconds, "kvLimits.minLeaseTtlSeconds",
                kvLimits.minLeaseTtlSeconds(), "must be at least the election timeout rounded up to whole seconds ("
                        + minTtlSeconds + ")");
        require(initialClusterState != null, "initialClusterState", null, "must be new or existing");
    }

    private static void validate(String name, long memberId, long clusterId, List<Member> members, URI listenPeerUrl,
                                 Optional<URI> listenClientUrl, Path dataDir) {
        Member.requireValidName("name", name);
        require(!members.isEmpty(), "members", members, "must list every member, this one included");
        Set<Long> ids = new HashSet<>();
        Set<String> names = new HashSet<>();
        Set<URI> peerUrls = new HashSet<>();
        for (Member member : members) {
            // Names first: a name given twice also derives the same id twice.
            require(names.add(member.name()), "members", members,
                    "names must be distinct, '" + member.name() + "' appears twice");
            require(ids.add(member.id()), "members", members, "ids must be distinct, " + member.id() + " appears twice");
            // Port 0 (not known yet) may repeat: each member binds its own free port.
            require(member.peerUrl().getPort() == 0 || peerUrls.add(member.peerUrl()), "members", members,
                    "peer URLs must be distinct, " + member.peerUrl() + " appears twice");
        }
        require(memberId > 0, "memberId", memberId, "must be positive");
        Member self = members.stream().filter(m -> m.id() == memberId).findFirst().orElse(null);
        require(self != null, "memberId", memberId, "must be one of the members' ids " + ids);
        require(self.name().equals(name), "name", name,
                "must be the name of member " + memberId + " ('" + self.name() + "')");
        require(clusterId > 0, "clusterId", clusterId, "must be positive");
        NodeUrls.check("listenPeerUrl", listenPeerUrl);
        require(listenClientUrl != null, "listenClientUrl", null, "must be given (Optional.empty() for none)");
        listenClientUrl.ifPresent(url -> NodeUrls.check("listenClientUrl", url));
        require(dataDir != null, "dataDir", null, "must be given");
    }

    private static void validateTiming(long heartbeatIntervalMs, long electionTimeoutMs) {
        long heartbeatMax = ELECTION_TIMEOUT_MS_MAX / ELECTION_HEARTBEATS_MIN;
        require(heartbeatIntervalMs >= 1 && heartbeatIntervalMs <= heartbeatMax, "heartbeatIntervalMs",
                heartbeatIntervalMs, "must be from 1 to " + heartbeatMax + " ms");
        require(electionTimeoutMs >= ELECTION_HEARTBEATS_MIN * heartbeatIntervalMs, "electionTimeoutMs",
                electionTimeoutMs, "must be at least " + ELECTION_HEARTBEATS_MIN + " heartbeat intervals ("
                        + ELECTION_HEARTBEATS_MIN + " x " + heartbeatIntervalMs + " ms)");
        require(electionTimeoutMs <= ELECTION_TIMEOUT_MS_MAX, "electionTimeoutMs", electionTimeoutMs,
                "must be at most " + ELECTION_TIMEOUT_MS_MAX + " ms");
    }

    private static void require(boolean rule, String field, Object value, String what) {
        if (!rule) {
            throw new NodeConfigException(field, value, what);
        }
    }

    /** The election timeout rounded up to whole seconds: the shortest lease a node grants. */
    public static long minLeaseTtlSeconds(long electionTimeoutMs) {
        return Math.max(1, (electionTimeoutMs + 999) / 1000);
    }

    public static Builder builder(String name, Path dataDir) {
        return new Builder(name, dataDir);
    }

    /** This member. */
    public Member self() {
        return member(memberId).orElseThrow();
    }

    public Optional<Member> member(long id) {
        return members.stream().filter(m -> m.id() == id).findFirst();
    }

    /** Every member but this one. */
    public List<Member> peers() {
        return members.stream().filter(m -> m.id() != memberId).toList();
    }

    public Path raftDir() {
        return dataDir.resolve("raft");
    }

    public Path snapshotDir() {
        return dataDir.resolve("snap");
    }

    /** The cluster id as the transport and the data directory carry it. */
    public String clusterIdText() {
        return ClusterIds.hex(clusterId);
    }

    public int electionTimeoutTicks() {
        return (int) (electionTimeoutMs / heartbeatIntervalMs);
    }

    /** One tick per heartbeat interval, a heartbeat every tick, etcd's way. */
    public RaftConfig raftConfig() {
        return RaftConfig.builder(memberId, members.stream().map(Member::id).toList())
                .tickIntervalMillis(heartbeatIntervalMs)
                .heartbeatIntervalTicks(1)
                .electionTimeoutTicks(electionTimeoutTicks())
                .build();
    }

    public KvServerOptions kvServerOptions() {
        return KvServerOptions.defaults(clusterId, memberId);
    }

    /**
     * Builds a {@link NodeConfig}. Members added by name and URL get ids derived from the cluster
     * token (see {@link ClusterIds}); the cluster id is derived too unless given. The listen peer
     * URL defaults to this member's peer URL and the listen client URL to the advertised one.
     */
    public static final class Builder {
        private final String name;
        private final Path dataDir;
        /** Name and peer URL of each member added by name; a name given twice is refused at build. */
        private final List<Map.Entry<String, String>> namedMembers = new ArrayList<>();
        private final List<Member> explicitMembers = new ArrayList<>();
        private String clusterToken = ClusterIds.DEFAULT_TOKEN;
        private Long clusterId;
        private String listenPeerUrl;
        private String listenClientUrl;
        private String advertiseClientUrl;
        /** Other members' client URLs by name, as {@code --initial-cluster-client-urls} gives them. */
        private final Map<String, String> memberClientUrls = new LinkedHashMap<>();
        private long heartbeatIntervalMs = DEFAULT_HEARTBEAT_INTERVAL_MS;
        private long electionTimeoutMs = DEFAULT_ELECTION_TIMEOUT_MS;
        private SnapshotOptions snapshotOptions = SnapshotOptions.builder().build();
        private KvLimits kvLimits = KvLimits.DEFAULTS;
        private InitialClusterState initialClusterState = InitialClusterState.NEW;

        private Builder(String name, Path dataDir) {
            this.name = name;
            this.dataDir = dataDir;
        }

        /** A member whose id is derived from the cluster token and its name. */
        public Builder member(String memberName, String peerUrl) {
            namedMembers.add(new AbstractMap.SimpleImmutableEntry<>(memberName, peerUrl));
            return this;
        }

        /** A member with its id given. */
        public Builder member(Member member) {
            explicitMembers.add(member);
            return this;
        }

        public Builder clusterToken(String token) { this.clusterToken = token; return this; }
        public Builder clusterId(long id) { this.clusterId = id; return this; }
        public Builder listenPeerUrl(String url) { this.listenPeerUrl = url; return this; }
        public Builder listenClientUrl(String url) { this.listenClientUrl = url; return this; }
        public Builder advertiseClientUrl(String url) { this.advertiseClientUrl = url; return this; }

        /**
         * Where clients reach member {@code memberName}'s KV API (another member's; this node's is
         * {@link #advertiseClientUrl}). The name must be a member's; without it that member's client
         * URL is unknown and this node does not reach it for clients.
         */
        public Builder memberClientUrl(String memberName, String url) {
            if (memberClientUrls.put(memberName, url) != null) {
                throw new NodeConfigException("clientUrls[" + memberName + "]", memberName + "=" + url,
                        "is given twice for one member");
            }
            return this;
        }
        public Builder heartbeatIntervalMs(long ms) { this.heartbeatIntervalMs = ms; return this; }
        public Builder electionTimeoutMs(long ms) { this.electionTimeoutMs = ms; return this; }
        public Builder snapshotOptions(SnapshotOptions options) { this.snapshotOptions = options; return this; }
        /** Limits; a minimum lease TTL below the election timeout's is raised to it. */
        public Builder kvLimits(KvLimits limits) { this.kvLimits = limits; return this; }
        public Builder initialClusterState(InitialClusterState state) { this.initialClusterState = state; return this; }

        public NodeConfig build() {
            Member.requireValidName("name", name);
            require(clusterToken != null && !clusterToken.isBlank(), "clusterToken", clusterToken, "must not be blank");
            List<Member> members = members();
            Member self = members.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
            require(self != null, "members", names(members), "must include this node's name '" + name + "'");
            for (Map.Entry<String, String> entry : memberClientUrls.entrySet()) {
                String field = "clientUrls[" + entry.getKey() + "]";
                String value = entry.getKey() + "=" + entry.getValue();
                require(names(members).contains(entry.getKey()), field, value,
                        "names no member (members are " + names(members) + ")");
                require(!entry.getKey().equals(name), field, value,
                        "is this node's own; its client URL is the advertised one");
            }
            long id = clusterId != null ? clusterId
                    : ClusterIds.clusterId(clusterToken, members.stream().map(Member::id).toList());
            URI listenPeer = listenPeerUrl == null ? self.peerUrl() : NodeUrls.parse("listenPeerUrl", listenPeerUrl);
            Optional<URI> listenClient = listenClientUrl != null
                    ? Optional.of(NodeUrls.parse("listenClientUrl", listenClientUrl)) : self.clientUrl();
            KvLimits limits = kvLimits == null ? null : kvLimits.withMinLeaseTtlSeconds(
                    Math.max(kvLimits.minLeaseTtlSeconds(), minLeaseTtlSeconds(electionTimeoutMs)));
            return new NodeConfig(name, self.id(), id, members, listenPeer, listenClient, dataDir, heartbeatIntervalMs,
                    electionTimeoutMs, snapshotOptions, limits, initialClusterState);
        }

        private List<Member> members() {
            List<Member> members = new ArrayList<>();
            for (Member member : explicitMembers) {
                members.add(withClientUrl(member));
            }
            for (Map.Entry<String, String> named : namedMembers) {
                String memberName = named.getKey();
                URI peerUrl = NodeUrls.parse("members[" + memberName + "].peerUrl", named.getValue());
                members.add(withClientUrl(new Member(memberName, ClusterIds.memberId(clusterToken, memberName), peerUrl)));
            }
            return members;
        }

        private Member withClientUrl(Member member) {
            boolean self = member.name().equals(name);
            String field = self ? "members[" + name + "].clientUrl" : "clientUrls[" + member.name() + "]";
            String text = self ? advertiseClientUrl : memberClientUrls.get(member.name());
            if (text == null) {
                return member;
            }
            URI url = NodeUrls.parse(field, text);
            return new Member(member.name(), member.id(), member.peerUrl(), Optional.of(url));
        }

        private static List<String> names(List<Member> members) {
            return members.stream().map(Member::name).toList();
        }
    }
}
