package io.raftkv.raft.runtime;

/** The proposal's log entry was replaced by a later leader before it committed: it will never apply. */
public final class ProposalDroppedException extends RaftException {
    private static final long serialVersionUID = 1L;

    public ProposalDroppedException(long index, long proposedTerm, long replacingTerm) {
        super("leadership lost before commit: the entry proposed at index " + index + " in term "
                + proposedTerm + " was replaced by an entry of term " + replacingTerm);
    }

    @Override
    public boolean certainlyNotApplied() {
        return true;
    }
}
