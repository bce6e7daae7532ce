package io.raftkv.kv.cli;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The steps of {@code demo}, each waiting for what the nodes print, each with a deadline. The
 * killed holder is restarted before the leader is killed: with two of three members down the
 * cluster has no quorum, and the lock could not keep working.
 */
final class DemoStory {
    /** A step that did not play out: which, and what was seen instead. */
    static final class StepFailed extends Exception {
        StepFailed(String message) {
            super(message);
        }
    }

    private static final long FIRST_HOLD_MILLIS = 45_000;
    private static final long TAKEOVER_MILLIS = 20_000;
    private static final long CATCH_UP_MILLIS = 25_000;
    private static final long ELECTION_MILLIS = 15_000;
    private static final long LOCK_WORKS_MILLIS = 15_000;

    private final DemoProcesses processes;
    private final DemoNarrator narrator;
    /** The last leader line of each member, by member name. */
    private final Map<String, DemoLine.Leader> leaderSeen = new TreeMap<>();
    private DemoLine.Acquired lastAcquired;

    DemoStory(DemoProcesses processes, DemoNarrator narrator) {
        this.processes = processes;
        this.narrator = narrator;
        narrator.observe(line -> {
            if (line instanceof DemoLine.Leader leader) {
                leaderSeen.put(leader.node(), leader);
            } else if (line instanceof DemoLine.Acquired acquired) {
                lastAcquired = acquired;
            }
        });
    }

    void play() throws StepFailed, IOException, InterruptedException {
        narrator.say("starting " + DemoCommand.NODES + " as three processes on 127.0.0.1 (data in "
                + processes.root() + "), each with a cron worker for " + DemoCommand.JOB + " that tries every "
                + DemoCronWorker.ATTEMPT_PERIOD_MILLIS / 1000 + " s to take /cron/lock/" + DemoCommand.JOB
                + " with a lease of " + DemoCronWorker.LEASE_TTL_SECONDS + " s");
        for (String node : DemoCommand.NODES) {
            processes.start(node);
        }
        DemoLine.Acquired first = firstHold();
        DemoLine.Acquired second = holderKilled(first);
        restartAndCatchUp(first.node(), second);
        leaderKilled();
    }

    /** (a) One worker takes the lock; the other two are told who holds it. */
    private DemoLine.Acquired firstHold() throws StepFailed, InterruptedException {
        DemoLine.Acquired acquired = (DemoLine.Acquired) narrator.await("(a) a worker takes the lock",
                FIRST_HOLD_MILLIS, line -> line instanceof DemoLine.Acquired);
        Set<String> toldBusy = new HashSet<>();
        narrator.await("(a) the other workers report the lock busy, held by " + acquired.node(), FIRST_HOLD_MILLIS,
                line -> line instanceof DemoLine.Busy busy && busy.holder().equals(lastAcquired.node())
                        && toldBusy.add(busy.node()) && toldBusy.size() == DemoCommand.NODES.size() - 1);
        narrator.say("(a) done: " + lastAcquired.node() + " holds the lock with token " + lastAcquired.token()
                + "; the other workers see it busy");
        return lastAcquired;
    }

    /** (b) SIGKILL the holder; once its lease expired another worker takes the lock with a larger token. */
    private DemoLine.Acquired holderKilled(DemoLine.Acquired held) throws StepFailed, InterruptedException {
        narrator.say("(b) SIGKILL " + held.node() + ", the lock holder: nobody revokes its lease, so the lock"
                + " is free only once the lease expired (" + DemoCronWorker.LEASE_TTL_SECONDS + " s)");
        processes.kill(held.node());
        long killedNanos = System.nanoTime();
        DemoLine.Acquired next = (DemoLine.Acquired) narrator.await("(b) another worker takes the lock after "
                + held.node() + " was killed", TAKEOVER_MILLIS, line -> line instanceof DemoLine.Acquired);
        if (next.token() <= held.token()) {
            throw new StepFailed("(b) " + next.node() + " took the lock with token " + next.token()
                    + ", not larger than the killed holder's " + held.token());
        }
        narrator.say(String.format("(b) %s took the lock %.1f s after the kill, token %d > %d: a resource that"
                        + " remembers the largest token refuses the old holder", next.node(),
                (System.nanoTime() - killedNanos) / 1e9, next.token(), held.token()));
        return next;
    }

    /** (b, end) The killed holder restarts from its data directory and catches up. */
    private void restartAndCatchUp(String member, DemoLine.Acquired current) throws StepFailed, IOException,
            InterruptedException {
        narrator.say("(b) restarting " + member + " from its data directory (the cluster needs it back before"
                + " losing its leader)");
        processes.start(member);
        awaitCaughtUp("(b)", member, current);
    }

    private void awaitCaughtUp(String step, String member, DemoLine.Acquired current) throws StepFailed,
            InterruptedException {
        String holder = current.node();
        Set<String> seen = new HashSet<>();
        narrator.await(step + " " + member + " catches up: its own state holds the lock for " + holder + " token "
                        + current.token() + " and its worker sees the lock busy", CATCH_UP_MILLIS,
                line -> line.node().equals(member) && ((line instanceof DemoLine.LocalRead read
                        && read.holder().equals(holder) && read.token() == current.token() && seen.add("read"))
                        || (line instanceof DemoLine.Busy busy && busy.holder().equals(holder) && seen.add("busy")))
                        && seen.size() == 2);
        narrator.say(step + " done: " + member + " caught up: it reads " + holder + " token " + current.token()
                + " from its own state machine, and its worker is told the lock is busy");
    }

    /** (c) SIGKILL the Raft leader; a new one is elected and the lock keeps working; (d) it comes back. */
    private void leaderKilled() throws StepFailed, IOException, InterruptedException {
        DemoLine.Leader leader = currentLeader();
        narrator.say("(c) SIGKILL " + leader.leader() + ", the Raft leader in term " + leader.term());
        processes.kill(leader.leader());
        DemoLine.Leader elected = (DemoLine.Leader) narrator.await("(c) the others elect a new leader after "
                        + leader.leader() + " was killed", ELECTION_MILLIS,
                line -> line instanceof DemoLine.Leader next && next.term() > leader.term()
                        && !next.leader().equals(leader.leader()) && processes.isRunning(next.node()));
        narrator.say("(c) " + elected.leader() + " leads in term " + elected.term() + "; does the lock still work?");
        DemoLine.Acquired before = lastAcquired;
        boolean holderDied = before.node().equals(leader.leader());
        DemoLine works = narrator.await("(c) the lock works under the new leader (" + (holderDied
                        ? "a worker takes it over from " + before.node() : before.node() + " renews its lease") + ")",
                LOCK_WORKS_MILLIS, line -> (line instanceof DemoLine.Acquired
                        || (!holderDied && line instanceof DemoLine.KeptAlive kept && kept.node().equals(before.node()))));
        if (works instanceof DemoLine.Acquired taken && taken.token() <= before.token()) {
            throw new StepFailed("(c) " + taken.node() + " took the lock with token " + taken.token()
                    + ", not larger than the previous holder's " + before.token());
        }
        narrator.say("(c) done: under leader " + elected.leader() + ", " + (works instanceof DemoLine.Acquired taken
                ? taken.node() + " took the lock with token " + taken.token()
                : before.node() + " keeps the lock (token " + before.token() + ") and renews its lease"));
        narrator.say("(d) restarting " + leader.leader() + " from its data directory");
        processes.start(leader.leader());
        awaitCaughtUp("(d)", leader.leader(), lastAcquired);
    }

    /** The leader named in the highest term by a running member. */
    private DemoLine.Leader currentLeader() throws StepFailed {
        return leaderSeen.values().stream()
                .filter(line -> processes.isRunning(line.node()) && processes.isRunning(line.leader()))
                .max((a, b) -> Long.compare(a.term(), b.term()))
                .orElseThrow(() -> new StepFailed("(c) no running member has named a running leader; seen: "
                        + leaderSeen.values()));
    }
}
