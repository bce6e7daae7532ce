package io.raftkv.simulator.check.linearizability.kv;

/**
 * A store revision as far as the model knows it: exactly, or only from below when an op with an
 * unknown outcome made it ("some revision >= min"). A later read that sees it resolves it.
 *
 * <p>Only lower bounds are kept. An unknown write followed by known ones also bounds its revision
 * from above, but keeping that would make states larger and rarely catches more: a read that
 * sees the key checks the revisions that are still current.
 */
public record Revision(long min, boolean exact) {
    public static final Revision ZERO = exact(0);

    public static Revision exact(long revision) {
        return new Revision(revision, true);
    }

    /** Some revision after this one: what a write whose outcome is unknown created, if it happened. */
    Revision after() {
        return new Revision(min + 1, false);
    }

    /** Could this be {@code revision}? */
    boolean admits(long revision) {
        return exact ? revision == min : revision >= min;
    }

    /** Could {@code revision} come strictly after this one? */
    boolean before(long revision) {
        return min < revision;
    }

    /** Could {@code revision} be this one or come after it? */
    boolean notAfter(long revision) {
        return min <= revision;
    }

    @Override
    public String toString() {
        return exact ? Long.toString(min) : ">=" + min;
    }
}
