package io.raftkv.simulator.check.linearizability;

import java.util.Objects;

/**
 * One client operation as the client saw it: when it was called, when it returned, and what it
 * was told. An op that certainly did not take effect (refused before it could apply) does not
 * belong in a history at all; one that may or may not have taken effect has an unknown outcome:
 * {@code output == null} and {@code returnMicros == Long.MAX_VALUE}, since it may take effect at
 * any later time.
 *
 * @param opId unique within a history; it breaks ties, so results do not depend on list order
 * @param clientId who issued it; for reports only
 */
public record Op<I, O>(long opId, int clientId, I input, O output, long callMicros, long returnMicros) {
    public static final long UNKNOWN_RETURN = Long.MAX_VALUE;

    public Op {
        Objects.requireNonNull(input, "input");
        if ((output == null) != (returnMicros == UNKNOWN_RETURN)) {
            throw new IllegalArgumentException("op " + opId + ": an unknown outcome (null output) and only it returns at "
                    + "Long.MAX_VALUE, but output is " + output + " and returnMicros " + returnMicros);
        }
        if (callMicros < 0 || callMicros > returnMicros || callMicros == UNKNOWN_RETURN) {
            throw new IllegalArgumentException("op " + opId + ": needs 0 <= callMicros <= returnMicros, callMicros < "
                    + "Long.MAX_VALUE; got " + callMicros + ", " + returnMicros);
        }
    }

    /** An op whose outcome nobody saw. */
    public static <I, O> Op<I, O> unknown(long opId, int clientId, I input, long callMicros) {
        return new Op<>(opId, clientId, input, null, callMicros, UNKNOWN_RETURN);
    }

    public boolean isUnknown() {
        return output == null;
    }

    /** Who and when, for a report: {@code op 7 (client 2, 100..250 us)}; an unknown return is {@code ?}. */
    public String header() {
        String returned = isUnknown() ? "?" : Long.toString(returnMicros);
        return "op " + opId + " (client " + clientId + ", " + callMicros + ".." + returned + " us)";
    }

    @Override
    public String toString() {
        return header() + " " + input + " -> " + (isUnknown() ? "unknown outcome" : output);
    }
}
