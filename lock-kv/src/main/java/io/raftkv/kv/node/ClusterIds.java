package io.raftkv.kv.node;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.TreeSet;

/**
 * How member and cluster ids are derived, deterministically, so that every member computes the
 * same ids from the same command line.
 *
 * <p>A member's id hashes the cluster token and the member's name. etcd hashes the member's peer
 * URLs instead; we leave addresses out so that a member keeps its identity (and its data
 * directory) when it moves to another address or port, which also lets a whole cluster run on
 * ephemeral ports. The cluster id hashes the token and the sorted member ids (as etcd hashes its
 * member ids), so it changes with the token or with the set of names. A data directory opens only
 * under the member id and cluster id it was created with, so restarting a member with another
 * token or another set of names fails instead of joining the wrong history.
 *
 * <p>Each id is the first 8 bytes of a SHA-256, big-endian, with the sign bit cleared (Raft ids
 * are positive); a hash of 0 becomes 1. Member ids are printed in decimal, as every log line of
 * the Raft modules prints node ids; the cluster id travels as 16 hex digits ({@link #hex}).
 */
public final class ClusterIds {
    /** etcd's default token is "etcd-cluster"; a real cluster should pick its own. */
    public static final String DEFAULT_TOKEN = "raftkv-cluster";

    private ClusterIds() {}

    public static long memberId(String clusterToken, String name) {
        MessageDigest digest = sha256();
        digest.update(("raftkv-member\0" + clusterToken + "\0" + name).getBytes(StandardCharsets.UTF_8));
        return positive(digest.digest());
    }

    public static long clusterId(String clusterToken, Collection<Long> memberIds) {
        MessageDigest digest = sha256();
        digest.update(("raftkv-cluster\0" + clusterToken + "\0").getBytes(StandardCharsets.UTF_8));
        ByteBuffer id = ByteBuffer.allocate(Long.BYTES);
        for (long memberId : new TreeSet<>(memberIds)) {
            digest.update(id.clear().putLong(memberId).array());
        }
        return positive(digest.digest());
    }

    /** 16 lower-case hex digits, as etcd prints ids: the cluster id's text on the wire and on disk. */
    public static String hex(long id) {
        return String.format("%016x", id);
    }

    private static long positive(byte[] hash) {
        long id = ByteBuffer.wrap(hash, 0, Long.BYTES).getLong() & Long.MAX_VALUE;
        return id == 0 ? 1 : id;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
