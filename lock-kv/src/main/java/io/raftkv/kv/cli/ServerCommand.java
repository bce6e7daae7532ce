package io.raftkv.kv.cli;

import io.raftkv.kv.node.NodeConfig;
import io.raftkv.kv.node.RaftKvNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * {@code server}: runs one node until the process is told to stop (SIGTERM or SIGINT), then shuts
 * it down cleanly from a shutdown hook. Prints one line once the node is up. Exit status: 2 for a
 * bad command line, 1 if the node cannot start (data directory, port), else what the JVM gives
 * a process stopped by a signal.
 *
 * <p>The node serves etcd's KV, Lease and Watch services over gRPC on its listen client URL. With
 * {@code --demo-cron-worker JOB} the process also runs the demo's {@link DemoCronWorker}.
 */
public final class ServerCommand {
    private final PrintStream out;
    private final PrintStream err;

    public ServerCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        int status = new ServerCommand(System.out, System.err).run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Starts the node and blocks until a shutdown hook has closed it; returns the exit status. */
    public int run(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(ServerArgs.USAGE);
            return 0;
        }
        RaftKvNode node;
        Optional<String> demoJob;
        try {
            demoJob = ServerArgs.demoCronJob(args);
            node = start(args);
        } catch (UsageException bad) {
            err.println("server: " + bad.getMessage());
            err.println(ServerArgs.USAGE);
            return 2;
        } catch (IOException | RuntimeException cannot) {
            err.println("server: cannot start: " + cannot.getMessage());
            return 1;
        }
        DemoCronWorker worker = demoJob.map(job -> DemoCronWorker.start(node, job, out)).orElse(null);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (worker != null) {
                worker.close();
            }
            node.close();
            closed.countDown();
        }, "raftkv-shutdown"));
        awaitUninterruptibly(closed);
        return 0;
    }

    /** Parses the flags, starts the node and prints that it is up; the caller closes it. */
    public RaftKvNode start(String[] args) throws UsageException, IOException {
        NodeConfig config = ServerArgs.parse(args);
        RaftKvNode node = RaftKvNode.start(config);
        out.println(upLine(node));
        return node;
    }

    static String upLine(RaftKvNode node) {
        NodeConfig config = node.config();
        return "raftkv node " + config.name() + " (id " + config.memberId() + ", cluster "
                + config.clusterIdText() + ") serving peers on " + node.peerUrl() + ", clients on "
                + node.clientUrl().map(URI::toString).orElse("(none)") + ", data in "
                + config.dataDir().toAbsolutePath();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
