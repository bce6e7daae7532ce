package io.raftkv.kv.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code demo}: the cron lock of DESIGN.md on a real three-node cluster. Three node processes on
 * loopback each run a cron worker for job9 ({@link DemoCronWorker}); the driver relays what they
 * print and tells the story: one worker holds the lock and the others are told who; the holder is
 * killed (SIGKILL) and another takes the lock once the lease expired, with a larger fencing token;
 * the holder comes back and catches up; the Raft leader is killed and a new one is elected while the
 * lock keeps working; the old leader comes back and catches up.
 *
 * <p>Exit status 0 when the whole story played out, 1 naming the step that did not (and what the
 * nodes printed), 2 for a bad command line. Every wait has a deadline; every process is gone when
 * it returns.
 */
public final class DemoCommand {
    static final String USAGE = """
            usage: demo
              runs three raftkv nodes as processes on 127.0.0.1, each with a cron worker that takes the
              lock /cron/lock/job9 with a lease; kills the lock holder, then the Raft leader, and
              restarts them, narrating what happens. Exits 0 when the story played out.""";
    static final List<String> NODES = List.of("n1", "n2", "n3");
    static final String JOB = "job9";

    private final PrintStream out;

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new DemoCommand(System.out).run(args));
    }

    /** Runs the demo; returns the exit status. */
    public int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(USAGE);
            return 0;
        }
        if (args.length > 0) {
            out.println("demo: takes no arguments (got " + String.join(" ", args) + ")");
            out.println(USAGE);
            return 2;
        }
        long startNanos = System.nanoTime();
        DemoProcesses processes;
        try {
            processes = DemoProcesses.prepare(NODES, JOB);
        } catch (IOException e) {
            out.println("demo: cannot prepare the nodes' data directories and ports: " + e.getMessage());
            return 1;
        }
        // If this JVM is told to stop (Ctrl-C), the children go with it.
        Thread cleanup = new Thread(processes::close, "raftkv-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        int status = 1;
        try {
            new DemoStory(processes, new DemoNarrator(out, processes.output(), startNanos)).play();
            status = 0;
        } catch (DemoStory.StepFailed failed) {
            out.println();
            out.println("demo: FAILED at " + failed.getMessage());
            for (String node : NODES) {
                out.println("demo: last lines of " + node + "'s log (" + processes.root().resolve(node + ".log") + "):");
                out.println(processes.logTail(node, 15).indent(4).stripTrailing());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            out.println("demo: FAILED: " + e);
        } finally {
            status = shutDown(processes, cleanup, status);
        }
        if (status == 0) {
            out.printf("demo: the whole story played out in %.1f s; every node process is gone%n",
                    (System.nanoTime() - startNanos) / 1e9);
        }
        return status;
    }

    private int shutDown(DemoProcesses processes, Thread cleanup, int status) {
        try {
            processes.close();
        } catch (RuntimeException e) {
            out.println("demo: FAILED to clean up: " + e.getMessage());
            return 1;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or will; close is idempotent enough: the processes are gone.
            }
        }
        if (!processes.alive().isEmpty()) {
            out.println("demo: FAILED: node processes left behind: " + processes.alive());
            return 1;
        }
        return status;
    }

    static long secondsSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }
}
