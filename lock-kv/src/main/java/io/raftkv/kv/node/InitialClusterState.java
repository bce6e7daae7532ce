package io.raftkv.kv.node;

import java.util.Locale;

/**
 * etcd's {@code --initial-cluster-state}. Membership is static (no member add or remove yet), so
 * the two differ only in what they ask of the data directory.
 */
public enum InitialClusterState {
    /** Founding a cluster: an empty data directory bootstraps the member; one with data restarts it. */
    NEW,
    /**
     * Rejoining a running cluster: the data directory must hold this member's data. An empty one is
     * refused, because a member that starts empty may have forgotten a vote it already cast in a
     * term, and voting again would let two leaders win that term.
     */
    EXISTING;

    /** "new" or "existing", as the flag spells it. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the flag's value; null if it is neither "new" nor "existing". */
    public static InitialClusterState parse(String text) {
        for (InitialClusterState state : values()) {
            if (state.flagValue().equals(text)) {
                return state;
            }
        }
        return null;
    }
}
