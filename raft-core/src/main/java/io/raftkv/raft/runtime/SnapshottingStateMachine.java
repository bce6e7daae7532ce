package io.raftkv.raft.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A state machine that can be saved to and restored from a snapshot, so that the log before the
 * snapshot can be dropped (Raft §7). State machines that only implement {@link StateMachine}
 * keep working; their nodes simply never compact their log.
 *
 * <p>Both methods are called on the node's execution context, between applies: what
 * {@link #writeSnapshot} writes is the state after the last command applied, and after
 * {@link #restoreSnapshot} the state must be exactly what the snapshot holds, whatever it was
 * before. Like {@code apply}, the bytes must be deterministic for a given state.
 */
public interface SnapshottingStateMachine extends StateMachine {

    /** Writes the whole current state to {@code out} (do not close it). */
    void writeSnapshot(OutputStream out) throws IOException;

    /** Replaces the whole state with the one read from {@code in} (to its end). */
    void restoreSnapshot(InputStream in) throws IOException;
}
