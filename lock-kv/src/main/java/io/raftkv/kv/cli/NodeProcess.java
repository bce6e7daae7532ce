package io.raftkv.kv.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One member of a {@link ProcessCluster}: a child JVM running a {@code server} main class, started
 * again from the same data directory and ports after it is killed. Its stdout is read by a thread
 * of its own (so that waits have deadlines); its stderr (the log) goes to a file per start.
 */
final class NodeProcess {
    /** The line a server prints once it is up, as {@link ServerCommand} prints it. */
    static final String UP_LINE_PREFIX = "raftkv node ";
    private static final String EOF = "<eof>";

    private final String name;
    private final long id;
    private final InetSocketAddress clientAddress;
    private final Path logDir;
    private final List<String> command;
    private int starts;
    private Process process;
    private BlockingQueue<String> lines;

    NodeProcess(String name, long id, InetSocketAddress clientAddress, Path logDir, List<String> command) {
        this.name = name;
        this.id = id;
        this.clientAddress = clientAddress;
        this.logDir = logDir;
        this.command = List.copyOf(command);
    }

    String name() {
        return name;
    }

    long id() {
        return id;
    }

    InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Starts the process with {@code stateFlag} added ("new" the first time, "existing" after). */
    synchronized void start(String initialClusterState) throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is running (pid " + process.pid() + ")");
        }
        List<String> full = new ArrayList<>(command);
        full.add("--initial-cluster-state");
        full.add(initialClusterState);
        Path stderr = logDir.resolve(name + "-" + starts++ + ".log");
        process = new ProcessBuilder(full).redirectError(stderr.toFile()).start();
        lines = readLines(process, name);
    }

    /** Waits for the up line; fails if the process ends or prints nothing for {@code deadlineMs}. */
    synchronized void awaitUp(long deadlineMs) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            String line = lines.poll(left, TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (line.startsWith(UP_LINE_PREFIX)) {
                return;
            }
            if (line.equals(EOF)) {
                process.waitFor(deadlineMs, TimeUnit.MILLISECONDS);
                throw new IOException(name + " exited (" + exitText() + ") before it was up; its log:\n" + logTail());
            }
        }
        throw new IOException(name + " was not up within " + deadlineMs + " ms; its log:\n" + logTail());
    }

    /**
     * SIGKILL, and waits for the death. Through the process handle: {@link Process#destroyForcibly()}
     * would also close our end of the child's pipes and lose the lines still in them.
     */
    synchronized void sigkill(long deadlineMs) throws InterruptedException, IOException {
        if (process == null) {
            return;
        }
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        if (!process.waitFor(deadlineMs, TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " (pid " + process.pid() + ") still runs " + deadlineMs + " ms after SIGKILL");
        }
    }

    synchronized boolean isAlive() {
        return process != null && (process.isAlive() || process.toHandle().descendants().anyMatch(ProcessHandle::isAlive));
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    private String exitText() {
        return process.isAlive() ? "still running" : "status " + process.exitValue();
    }

    /** The last lines of the current start's log, for failure messages. */
    synchronized String logTail() {
        Path log = logDir.resolve(name + "-" + (starts - 1) + ".log");
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 30), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static BlockingQueue<String> readLines(Process child, String name) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<read error> " + e);
            } finally {
                lines.add(EOF);
            }
        }, "raftkv-stdout-" + name);
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    @Override
    public String toString() {
        return name + " (id " + id + ", pid " + pid() + ", clients on " + clientAddress + ")";
    }
}
