package io.raftkv.kv.cli;

import io.raftkv.kv.node.NodeUrls;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The demo's nodes as OS processes on loopback: one JVM per member ({@code java -cp <this JVM's
 * classpath> ServerCommand ... --demo-cron-worker JOB}), free ports picked up front (every member
 * must know every peer URL at start), a data directory per member under one temporary root, stdout
 * read line by line into one queue, stderr (the node's log) appended to a file per member.
 *
 * <p>{@link #close()} kills every process still running, waits for each to be gone, and deletes the
 * data; it fails if a process outlived that.
 */
final class DemoProcesses implements AutoCloseable {
    /** One line a member printed on stdout, with when the driver read it. */
    record Output(String member, String text, long readAtNanos) {
    }

    private static final long EXIT_WAIT_MILLIS = 10_000;
    /** The children's JVM: small, quick to start, two of them busy on a small machine. */
    private static final List<String> JVM_FLAGS = List.of("-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final List<String> names;
    private final String job;
    private final Path root;
    private final Map<String, Integer> peerPorts = new LinkedHashMap<>();
    private final Map<String, Integer> clientPorts = new LinkedHashMap<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final BlockingQueue<Output> output = new LinkedBlockingQueue<>();

    private DemoProcesses(List<String> names, String job, Path root) {
        this.names = names;
        this.job = job;
        this.root = root;
    }

    /** Picks ports and a temporary root for {@code names}; starts nothing yet. */
    static DemoProcesses prepare(List<String> names, String job) throws IOException {
        DemoProcesses processes = new DemoProcesses(List.copyOf(names), job,
                Files.createTempDirectory("raftkv-demo-"));
        List<Integer> ports = NodeUrls.freePorts(2 * names.size());
        for (int i = 0; i < names.size(); i++) {
            processes.peerPorts.put(names.get(i), ports.get(i));
            processes.clientPorts.put(names.get(i), ports.get(names.size() + i));
        }
        return processes;
    }

    BlockingQueue<Output> output() {
        return output;
    }

    Path root() {
        return root;
    }

    boolean isRunning(String member) {
        Process process = running.get(member);
        return process != null && process.isAlive();
    }

    /** Starts (or restarts, from its data directory) {@code member}'s process. */
    synchronized void start(String member) throws IOException {
        if (isRunning(member)) {
            throw new IllegalStateException(member + " is running already");
        }
        Path dataDir = root.resolve(member);
        Files.createDirectories(dataDir);
        ProcessBuilder builder = new ProcessBuilder(command(member, dataDir))
                .redirectError(ProcessBuilder.Redirect.appendTo(root.resolve(member + ".log").toFile()));
        Process process = builder.start();
        process.getOutputStream().close();
        running.put(member, process);
        started.add(process);
        Thread reader = new Thread(() -> relay(member, process), "raftkv-demo-read-" + member);
        reader.setDaemon(true);
        reader.start();
        readers.add(reader);
    }

    /** SIGKILL: the process gets no chance to clean up; what it printed before is still read. */
    synchronized void kill(String member) throws InterruptedException {
        Process process = running.remove(member);
        if (process == null) {
            throw new IllegalStateException(member + " is not running");
        }
        // Through the handle: the process is killed, and our end of its stdout stays open to drain.
        process.toHandle().destroyForcibly();
        if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(member + " (pid " + process.pid() + ") still runs "
                    + EXIT_WAIT_MILLIS + " ms after SIGKILL");
        }
    }

    private List<String> command(String member, Path dataDir) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ServerCommand.class.getName());
        String peerUrl = url(peerPorts.get(member));
        String clientUrl = url(clientPorts.get(member));
        command.addAll(List.of("--name", member, "--data-dir", dataDir.toString(),
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--initial-cluster", list(peerPorts, null), "--initial-cluster-client-urls", list(clientPorts, member),
                "--initial-cluster-token", "raftkv-demo", "--demo-cron-worker", job));
        return command;
    }

    private static String url(int port) {
        return "http://127.0.0.1:" + port;
    }

    /** NAME=URL,... over {@code ports}, leaving out {@code except}. */
    private static String list(Map<String, Integer> ports, String except) {
        return ports.entrySet().stream().filter(e -> !e.getKey().equals(except))
                .map(e -> e.getKey() + "=" + url(e.getValue())).collect(Collectors.joining(","));
    }

    private void relay(String member, Process process) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                output.add(new Output(member, line, System.nanoTime()));
            }
        } catch (IOException endedWithTheProcess) {
            // The process is gone; nothing more to read.
        }
    }

    /** The tail of {@code member}'s log (stderr), for a failure report. */
    String logTail(String member, int lines) {
        Path log = root.resolve(member + ".log");
        try {
            List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills whatever still runs, waits until every process this started is gone, deletes the data. */
    @Override
    public synchronized void close() {
        started.forEach(process -> process.toHandle().destroyForcibly());
        running.clear();
        List<Long> survivors = new ArrayList<>();
        for (Process process : started) {
            try {
                if (!process.waitFor(EXIT_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    survivors.add(process.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                survivors.add(process.pid());
            }
        }
        for (Thread reader : readers) {
            try {
                reader.join(EXIT_WAIT_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(root);
        if (!survivors.isEmpty()) {
            throw new IllegalStateException("demo node processes " + survivors + " still run after SIGKILL");
        }
    }

    /** Every process this started that is still alive (none, after close). */
    List<ProcessHandle> alive() {
        synchronized (this) {
            return started.stream().map(Process::toHandle).filter(ProcessHandle::isAlive).toList();
        }
    }

    private static void deleteTree(Path root) {
        if (Files.notExists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the demo's data in " + root, e);
        }
    }
}
