package io.raftkv.kv.etcdcompat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs etcd's command line client ({@code etcdctl}, API 3) against one endpoint. */
final class Etcdctl {
    static final long TIMEOUT_SECONDS = 20;

    /** What one run printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : List.of(out.split("\n"));
        }

        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout [" + out + "], stderr [" + err + "]";
        }
    }

    private final Path binary;
    private final String endpoint;

    Etcdctl(Path binary, String endpoint) {
        this.binary = binary;
        this.endpoint = endpoint;
    }

    /** The etcdctl on the PATH (or named by {@code ETCDCTL_BINARY}), if there is one. */
    static Optional<Path> find() {
        String named = System.getenv("ETCDCTL_BINARY");
        if (named != null && !named.isBlank()) {
            Path path = Path.of(named);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        for (String dir : pathVariable.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "etcdctl");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Result run(String... args) {
        return runWithInput(null, args);
    }

    /** Runs {@code etcdctl --endpoints=E args}, with {@code stdin} as its input (closed at once if null). */
    Result runWithInput(String stdin, String... args) {
        Process process = start(args);
        try {
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread outReader = drain(process.getInputStream(), out);
            Thread errReader = drain(process.getErrorStream(), err);
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("etcdctl " + String.join(" ", args) + " did not end within "
                        + TIMEOUT_SECONDS + " s");
            }
            outReader.join();
            errReader.join();
            return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8).strip(),
                    err.toString(StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Starts {@code etcdctl --endpoints=E args} for the caller to read (for watch); stderr goes with stdout. */
    Process start(String... args) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--endpoints=" + endpoint);
        command.add("--command-timeout=10s");
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("ETCDCTL_API", "3");
        try {
            return builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
    }

    private static Thread drain(InputStream from, ByteArrayOutputStream to) {
        Thread reader = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        }, "etcdctl-output");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }
}
