package io.raftkv.kv.node;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One member of a cluster as every node knows it.
 *
 * @param name      unique in the cluster; letters, digits, '.', '_' and '-' (it is written in
 *                  {@code --initial-cluster} lists and in file names)
 * @param id        its Raft id (positive), usually {@link ClusterIds#memberId derived} from the
 *                  cluster token and the name
 * @param peerUrl   where the other members reach its Raft transport; port 0 means not known yet
 * @param clientUrl where clients reach its KV API, if known (another member's often is not)
 */
public record Member(String name, long id, URI peerUrl, Optional<URI> clientUrl) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final String NAME_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    public Member {
        requireValidName("members[].name", name);
        if (id <= 0) {
            throw new NodeConfigException("members[" + name + "].id", id, "must be positive");
        }
        NodeUrls.check("members[" + name + "].peerUrl", peerUrl);
        Objects.requireNonNull(clientUrl, "clientUrl (Optional.empty() when not known)");
        clientUrl.ifPresent(url -> NodeUrls.check("members[" + name + "].clientUrl", url));
    }

    /** Fails naming {@code field} unless {@code name} is a valid member name; returns it. */
    public static String requireValidName(String field, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new NodeConfigException(field, name, NAME_RULE);
        }
        return name;
    }

    public Member(String name, long id, URI peerUrl) {
        this(name, id, peerUrl, Optional.empty());
    }

    @Override
    public String toString() {
        return label() + " at " + peerUrl;
    }

    /** The name and the id, as log lines and messages name a member. */
    public String label() {
        return name + " (id " + id + ")";
    }
}
