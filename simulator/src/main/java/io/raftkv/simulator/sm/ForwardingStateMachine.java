package io.raftkv.simulator.sm;

import com.google.protobuf.ByteString;
import io.raftkv.raft.runtime.SnapshottingStateMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** A state machine that passes every call to another; wrappers override what they watch or change. */
public abstract class ForwardingStateMachine implements SnapshottingStateMachine {
    protected final SnapshottingStateMachine delegate;

    protected ForwardingStateMachine(SnapshottingStateMachine delegate) {
        this.delegate = delegate;
    }

    @Override
    public ByteString apply(long index, ByteString command) {
        return delegate.apply(index, command);
    }

    @Override
    public void writeSnapshot(OutputStream out) throws IOException {
        delegate.writeSnapshot(out);
    }

    @Override
    public void restoreSnapshot(InputStream in) throws IOException {
        delegate.restoreSnapshot(in);
    }
}
