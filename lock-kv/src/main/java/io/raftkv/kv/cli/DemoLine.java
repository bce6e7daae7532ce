package io.raftkv.kv.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines a demo node prints on stdout, written and read in this one place: a node's worker
 * ({@link DemoCronWorker}) prints them, the demo driver ({@link DemoCommand}) parses them. Each is
 * readable as it stands and has one fixed shape, so a line that matches no shape is just relayed.
 */
sealed interface DemoLine {

    /** The member that printed the line. */
    String node();

    /** {@code worker n2: acquired /cron/lock/job9 token=17}: the lock is this worker's. */
    record Acquired(String node, String key, long token) implements DemoLine {
        static final Pattern SHAPE = Pattern.compile("worker (\\S+): acquired (\\S+) token=(\\d+)");

        @Override
        public String toString() {
            return "worker " + node + ": acquired " + key + " token=" + token;
        }
    }

    /** {@code worker n1: lock busy: held by n2 token=17}: another worker holds it. */
    record Busy(String node, String holder, long token) implements DemoLine {
        static final Pattern SHAPE = Pattern.compile("worker (\\S+): lock busy: held by (\\S+) token=(\\d+)");

        @Override
        public String toString() {
            return "worker " + node + ": lock busy: held by " + holder + " token=" + token;
        }
    }

    /** {@code worker n2: keep-alive ttl=3}: the holder's lease was renewed by the leader. */
    record KeptAlive(String node, long ttlSeconds) implements DemoLine {
        static final Pattern SHAPE = Pattern.compile("worker (\\S+): keep-alive ttl=(\\d+)");

        @Override
        public String toString() {
            return "worker " + node + ": keep-alive ttl=" + ttlSeconds;
        }
    }

    /** {@code node n3: leader n1 in term 4}: the leader this node knows of changed. */
    record Leader(String node, String leader, long term) implements DemoLine {
        static final Pattern SHAPE = Pattern.compile("node (\\S+): leader (\\S+) in term (\\d+)");

        @Override
        public String toString() {
            return "node " + node + ": leader " + leader + " in term " + term;
        }
    }

    /**
     * {@code node n2: local read /cron/lock/job9: n1 token=17 (revision 23)}: what this node's own
     * state machine holds for the lock key (a serializable read, no leader asked); holder "-" with
     * token 0 when the key is absent.
     */
    record LocalRead(String node, String key, String holder, long token, long revision) implements DemoLine {
        static final Pattern SHAPE =
                Pattern.compile("node (\\S+): local read (\\S+): (\\S+) token=(\\d+) \\(revision (\\d+)\\)");
        static final String ABSENT = "-";

        @Override
        public String toString() {
            return "node " + node + ": local read " + key + ": " + holder + " token=" + token + " (revision "
                    + revision + ")";
        }
    }

    /** The line's meaning if it has one of the shapes above. */
    static Optional<DemoLine> parse(String text) {
        Matcher m;
        if ((m = Acquired.SHAPE.matcher(text)).matches()) {
            return Optional.of(new Acquired(m.group(1), m.group(2), Long.parseLong(m.group(3))));
        }
        if ((m = Busy.SHAPE.matcher(text)).matches()) {
            return Optional.of(new Busy(m.group(1), m.group(2), Long.parseLong(m.group(3))));
        }
        if ((m = KeptAlive.SHAPE.matcher(text)).matches()) {
            return Optional.of(new KeptAlive(m.group(1), Long.parseLong(m.group(2))));
        }
        if ((m = Leader.SHAPE.matcher(text)).matches()) {
            return Optional.of(new Leader(m.group(1), m.group(2), Long.parseLong(m.group(3))));
        }
        if ((m = LocalRead.SHAPE.matcher(text)).matches()) {
            return Optional.of(new LocalRead(m.group(1), m.group(2), m.group(3), Long.parseLong(m.group(4)),
                    Long.parseLong(m.group(5))));
        }
        return Optional.empty();
    }
}
