package io.raftkv.kv.recipe;

/**
 * Proof of a hold, handed out by every successful lock and election: the create revision of the
 * key that holds it. Store revisions only grow, so a later hold of the same lock always carries a
 * larger token; a resource that remembers the largest token it has seen can refuse a holder that
 * was overtaken (see {@link FencedResource}).
 *
 * @param revision the store revision at which the holding key was created; positive
 */
public record FencingToken(long revision) implements Comparable<FencingToken> {
    public FencingToken {
        if (revision <= 0) {
            throw new IllegalArgumentException("a fencing token is a store revision, which is positive; was " + revision);
        }
    }

    @Override
    public int compareTo(FencingToken other) {
        return Long.compare(revision, other.revision);
    }

    public boolean isOlderThan(FencingToken other) {
        return revision < other.revision;
    }

    @Override
    public String toString() {
        return "token " + revision;
    }
}
