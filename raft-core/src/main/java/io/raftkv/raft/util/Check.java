package io.raftkv.raft.util;

/**
 * Invariant checks that are always on (unlike Java's {@code assert}). A failed check means a bug
 * in raftkv, never bad input: bad input gets its own clear exception where it enters.
 */
public final class Check {
    private Check() {}

    public static void that(boolean condition, String invariant) {
        if (!condition) {
            throw new InvariantViolation(invariant);
        }
    }

    // Overloads for primitive arguments: checks sit on hot paths, and varargs would box every
    // argument and allocate an array on every call, even when the check passes.

    public static void that(boolean condition, String format, long a) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, a));
        }
    }

    public static void that(boolean condition, String format, long a, long b) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, a, b));
        }
    }

    public static void that(boolean condition, String format, long a, long b, long c) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, a, b, c));
        }
    }

    public static void that(boolean condition, String format, Object... args) {
        if (!condition) {
            throw new InvariantViolation(String.format(format, args));
        }
    }

    /** Thrown when an invariant of raftkv itself does not hold. */
    public static final class InvariantViolation extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        InvariantViolation(String message) {
            super("invariant violated: " + message);
        }
    }
}
