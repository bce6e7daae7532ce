package io.raftkv.raft.message;

import io.raftkv.raft.Entry;
import java.util.List;

/** Replicates entries after (prevLogIndex, prevLogTerm), Raft §5.3. */
public record AppendEntries(long from, long to, long term, long prevLogIndex, long prevLogTerm,
                            List<Entry> entries, long leaderCommit) implements Message {
    public AppendEntries {
        entries = List.copyOf(entries);
    }

    public long lastIndex() {
        return prevLogIndex + entries.size();
    }
}
