package io.jenkins.plugins.codybatch.engine.verify;

import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs one verify command: {@code sh -c COMMAND} in a directory, with the job's secrets removed from its
 * environment ({@link CheckEnvironment}), stdin closed, stdout and stderr merged into a bounded, masked tail. At the
 * timeout, on cancellation and after it ends, every process it started is killed: its process tree (children
 * are remembered while it runs, so a grandchild whose parent died is still found) and, on Linux, every process
 * that carries the run's marker variable.
 */
public final class CheckRunner {

    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration READER_GRACE = Duration.ofSeconds(5);

    private final Map<String, String> environment;
    private final Redactor redactor;

    /**
     * @param environment variables on top of this process's environment (the build's, in Jenkins)
     * @param redactor    masks every secret of the job; its values are also kept out of the environment
     */
    public CheckRunner(Map<String, String> environment, Redactor redactor) {
        this.environment = Map.copyOf(environment);
        this.redactor = redactor;
    }

    /** @throws InterruptedException when cancelled; the command's processes are killed first */
    public CheckRun run(String command, Path directory, Duration timeout) throws InterruptedException {
        String marker = UUID.randomUUID().toString();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command).directory(directory.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(CheckEnvironment.of(System.getenv(), environment, redactor, marker));
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new CheckRun(command, null, false, millisSince(start), OutputTail.mask("Could not start sh -c in "
                    + directory + ": " + e.getMessage(), redactor));
        }
        try {
            process.getOutputStream().close(); // the command reads no input
        } catch (IOException ignored) {
            // already closed: nothing to do
        }
        OutputTail tail = new OutputTail();
        Thread reader = new Thread(() -> copy(process.getInputStream(), tail), "cody-batch-check-output");
        reader.setDaemon(true);
        reader.start();
        Set<ProcessHandle> seen = new LinkedHashSet<>();
        boolean finished = false;
        try {
            long deadline = start + timeout.toNanos();
            while (!finished) {
                process.descendants().forEach(seen::add);
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                finished = process.waitFor(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            killAll(process, seen, marker);
            throw e;
        }
        killAll(process, seen, marker);
        reader.join(READER_GRACE.toMillis());
        Integer exitCode = finished ? process.exitValue() : null;
        return new CheckRun(command, exitCode, !finished, millisSince(start), tail.text(redactor));
    }

    private static void copy(InputStream in, OutputTail tail) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                tail.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the stream closes when the processes are killed; what was read is kept
        }
    }

    /** Kills the command and every process it started, then waits briefly for them to be gone. */
    static void killAll(Process process, Set<ProcessHandle> seen, String marker) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        all.add(process.toHandle());
        process.descendants().forEach(all::add);
        for (ProcessHandle handle : seen) {
            if (handle.isAlive()) {
                all.add(handle);
                handle.descendants().forEach(all::add);
            }
        }
        all.addAll(marked(marker));
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // a process that does not die within 2 s of SIGKILL is the kernel's business now
            }
        }
    }

    /** Processes whose environment holds {@code CODY_BATCH_CHECK=marker} (Linux /proc; elsewhere none). */
    private static List<ProcessHandle> marked(String marker) {
        Path proc = Path.of("/proc");
        if (!Files.isDirectory(proc)) {
            return List.of();
        }
        byte[] needle = (CheckEnvironment.MARKER + "=" + marker).getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != self).filter(p -> {
            try {
                return contains(Files.readAllBytes(proc.resolve(p.pid() + "/environ")), needle);
            } catch (IOException | RuntimeException e) {
                return false; // gone, or another user's process: not ours
            }
        }).toList();
    }

    private static boolean contains(byte[] environ, byte[] entry) {
        outer:
        for (int i = 0; i + entry.length <= environ.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue; // entries start after a NUL
            }
            for (int j = 0; j < entry.length; j++) {
                if (environ[i + j] != entry[j]) {
                    continue outer;
                }
            }
            if (i + entry.length == environ.length || environ[i + entry.length] == 0) {
                return true;
            }
        }
        return false;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
