package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch: at most {@code job.parallelism()} repositories at once, each under a wall-clock timeout, each
 * isolated from the others' failures. Results are written as each repository finishes; summary.json is rewritten
 * while the batch runs (at most every {@link Options#summaryInterval()}) and at the end, always atomically, so a
 * killed run leaves a valid summary. See docs/results.md.
 *
 * <p>Cancellation ({@link #cancel()} or interrupting the thread in {@link #run}) interrupts the running
 * repositories, which end FAILED "cancelled while running"; repositories that had not started end FAILED
 * "cancelled before it started" — FAILED rather than SKIPPED so that {@link #retryFailed} picks them up.
 */
public final class BatchRunner {

    /**
     * @param repositoryTimeout wall-clock limit per repository; the worker is interrupted when it passes
     * @param stopGrace         how long an interrupted repository may take to record what it has
     * @param summaryInterval   summary.json is rewritten at most this often while running
     * @param workRoot          where checkouts are made (one fresh folder per repository, deleted afterwards)
     */
    public record Options(Duration repositoryTimeout, Duration stopGrace, Duration summaryInterval, Path workRoot) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

        public Options {
            Objects.requireNonNull(workRoot, "workRoot");
            if (repositoryTimeout.isNegative() || repositoryTimeout.isZero()) {
                throw new IllegalArgumentException("the per-repository timeout must be positive");
            }
        }

        public static Options defaults(Path workRoot) {
            return new Options(DEFAULT_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(500), workRoot);
        }
    }

    private final RepositoryProcessor processor;
    private final Options options;
    private final ProgressListener listener;
    private final Clock clock;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    public BatchRunner(RepositoryProcessor processor, Options options, ProgressListener listener, Clock clock) {
        this.processor = Objects.requireNonNull(processor);
        this.options = Objects.requireNonNull(options);
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Runs every repository of the job, writing into {@code outputDir}.
     *
     * @throws IOException          when the output folder cannot be created (nothing ran)
     * @throws InterruptedException when the calling thread was interrupted; summary.json is final before it is thrown
     */
    public BatchSummary run(BatchJob job, Path outputDir) throws IOException, InterruptedException {
        List<RepositoryEntry> entries = new ArrayList<>();
        Set<String> specs = new HashSet<>();
        Set<String> directories = new HashSet<>();
        for (String raw : job.repositories()) {
            String spec = raw == null ? "" : raw.trim();
            if (spec.isEmpty() || !specs.add(spec)) {
                continue; // blank lines and repeats of the same spec are worked once
            }
            String base = ResultFiles.directoryName(spec);
            String directory = base;
            for (int n = 2; !directories.add(directory.toLowerCase(Locale.ROOT)); n++) {
                directory = base + "-" + n;
            }
            entries.add(new RepositoryEntry(spec, ResultFiles.REPOS + "/" + directory, RepoStatus.PENDING, null));
        }
        return execute(job, outputDir, entries, 1);
    }

    /**
     * Runs again, in the same folder, the repositories of an earlier run that did not end well: FAILED ones and
     * those a killed run left PENDING or RUNNING. COMPLETED, NO_CHANGES and SKIPPED ones keep their result and are
     * never redone (so no pull request is opened twice).
     *
     * @param parallelism repositories at once, or 0 to keep the earlier job's
     */
    public BatchSummary retryFailed(Path outputDir, int parallelism) throws IOException, InterruptedException {
        BatchSummary previous = readSummary(outputDir);
        if (previous.job() == null || previous.repositories().isEmpty()) {
            throw new IOException(outputDir.resolve(ResultFiles.SUMMARY)
                    + " does not record the job and its repositories; it cannot be retried");
        }
        BatchJob job = previous.job();
        if (parallelism > 0) {
            job = job.withParallelism(parallelism); // keeps every other option, the verify command too
        }
        List<RepositoryEntry> entries = new ArrayList<>();
        Path repos = outputDir.resolve(ResultFiles.REPOS).toAbsolutePath().normalize();
        for (RepositoryEntry entry : previous.repositories()) {
            Path folder = entry.directory() == null ? null : outputDir.resolve(entry.directory()).toAbsolutePath().normalize();
            if (entry.spec() == null || folder == null || !folder.startsWith(repos) || folder.equals(repos)) {
                // The folder of a retried repository is cleared, so it must lie inside repos/.
                throw new IOException(outputDir.resolve(ResultFiles.SUMMARY) + " lists a repository folder outside "
                        + ResultFiles.REPOS + "/ (" + entry.directory() + "); it cannot be retried");
            }
            boolean redo = entry.status() == RepoStatus.FAILED || !entry.status().isFinal();
            entries.add(redo ? entry.with(RepoStatus.PENDING, null) : entry);
        }
        return execute(job, outputDir, entries, previous.attempt() + 1);
    }

    /** Reads the summary.json of an output folder; the message says what to do when there is none. */
    public static BatchSummary readSummary(Path outputDir) throws IOException {
        Path file = outputDir.resolve(ResultFiles.SUMMARY);
        if (!Files.isRegularFile(file)) {
            throw new IOException(outputDir + " holds no " + ResultFiles.SUMMARY
                    + "; give the output folder of an earlier Cody Batch run");
        }
        BatchSummary summary;
        try {
            summary = Json.MAPPER.readValue(file.toFile(), BatchSummary.class);
        } catch (IOException e) {
            throw new IOException(file + " is not a valid Cody Batch summary (" + e.getMessage() + ")", e);
        }
        return summary;
    }

    /** Stops the batch: running repositories are interrupted, the ones not started are not started. */
    public void cancel() {
        cancelled.set(true);
        workers.forEach(Thread::interrupt);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    private BatchSummary execute(BatchJob job, Path outputDir, List<RepositoryEntry> entries, int attempt)
            throws IOException, InterruptedException {
        Files.createDirectories(outputDir.resolve(ResultFiles.REPOS));
        Progress progress = new Progress(job, outputDir, entries, attempt);
        String invalid = validate(job, entries);
        if (invalid != null) {
            BatchSummary summary = progress.end(invalid);
            listener.batchFinished(summary);
            return summary;
        }
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).status() == RepoStatus.PENDING) {
                toRun.add(i);
            }
        }
        progress.toRun = toRun.size();
        listener.batchStarted(job, toRun.size(), entries.size());
        progress.flush(true);

        ExecutorService slots = Executors.newFixedThreadPool(
                Math.max(1, Math.min(job.parallelism(), toRun.size())), daemonThreads("cody-batch-slot"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("cody-batch-summary"));
        long interval = Math.max(10, options.summaryInterval().toMillis());
        ticker.scheduleWithFixedDelay(() -> progress.flush(false), interval, interval, TimeUnit.MILLISECONDS);
        boolean interrupted = false;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int index : toRun) {
                futures.add(slots.submit(() -> runOne(job, outputDir, progress, index)));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    listener.warning("internal error in the batch runner: " + e.getCause());
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
            cancel();
        } finally {
            slots.shutdown();
            if (interrupted) {
                // Give the interrupted repositories their grace to record what they have.
                try {
                    slots.awaitTermination(options.stopGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException again) {
                    // A second interrupt: stop waiting, the summary below still records where everything stands.
                }
            }
            ticker.shutdownNow();
        }
        BatchSummary summary = progress.end(null);
        listener.batchFinished(summary);
        if (interrupted) {
            throw new InterruptedException("the batch was cancelled");
        }
        return summary;
    }

    private static String validate(BatchJob job, List<RepositoryEntry> entries) {
        if (job.name() == null || job.name().isBlank()) {
            return "The job has no name; give it one.";
        }
        if (job.prompt() == null || job.prompt().isBlank()) {
            return "The prompt is empty; say what the model should do.";
        }
        if (entries.isEmpty()) {
            return "The job names no repositories; list at least one owner/name, path or git URL.";
        }
        if (job.parallelism() < 1) {
            return "Parallelism must be at least 1, was " + job.parallelism() + ".";
        }
        return null;
    }

    private void runOne(BatchJob job, Path outputDir, Progress progress, int index) {
        RepositoryEntry entry = progress.entry(index);
        Path repoOut = outputDir.resolve(entry.directory());
        if (cancelled.get()) {
            progress.finished(index, failure(entry.spec(), repoOut, "cancelled before it started; run again with"
                    + " --retry-failed to work on it", clock.millis(), false));
            return;
        }
        progress.running(index);
        long start = clock.millis();
        RepoResult result;
        Path work = null;
        boolean abandoned = false;
        try {
            ResultFiles.deleteRecursively(repoOut); // a retried repository starts from a clean folder
            Files.createDirectories(repoOut);
            Files.createDirectories(options.workRoot());
            work = Files.createTempDirectory(options.workRoot(), repoOut.getFileName() + "-");
            Supervised supervised = supervise(job, entry.spec(), work, repoOut, start);
            result = supervised.result;
            abandoned = supervised.abandoned;
        } catch (IOException e) {
            result = failure(entry.spec(), repoOut, "could not prepare the folders of " + entry.spec() + " ("
                    + e.getMessage() + "); check free space and permissions", start, false);
        } catch (RuntimeException e) {
            result = failure(entry.spec(), repoOut, "internal error: " + e
                    + "; the other repositories are not affected, please report this", start, false);
        }
        if (work != null && !abandoned) {
            try {
                ResultFiles.deleteRecursively(work);
            } catch (IOException e) {
                listener.warning("could not delete the checkout " + work + ": " + e.getMessage());
            }
        }
        progress.finished(index, result);
    }

    private record Supervised(RepoResult result, boolean abandoned) {}

    private Supervised supervise(BatchJob job, String spec, Path work, Path repoOut, long start) {
        CompletableFuture<RepoResult> done = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                done.complete(processor.process(job, spec, work, repoOut));
            } catch (Throwable t) { // NOPMD: a crash of one repository must reach its supervisor, whatever it is
                done.completeExceptionally(t);
            }
        }, "cody-batch-" + repoOut.getFileName());
        worker.setDaemon(true);
        workers.add(worker);
        worker.start();
        if (cancelled.get()) {
            worker.interrupt();
        }
        try {
            String stopReason;
            try {
                RepoResult result = done.get(options.repositoryTimeout().toMillis(), TimeUnit.MILLISECONDS);
                if (result == null) {
                    return new Supervised(failure(spec, repoOut, "internal error: the processor returned no result",
                            start, true), false);
                }
                return new Supervised(result, false);
            } catch (TimeoutException e) {
                stopReason = "timed out after " + human(options.repositoryTimeout())
                        + "; raise the per-repository timeout or narrow the prompt";
            } catch (InterruptedException e) {
                cancel();
                stopReason = "cancelled while running; run again with --retry-failed to work on it";
            }
            worker.interrupt();
            boolean abandoned = !awaitStop(done);
            if (abandoned) {
                stopReason += " (it did not stop within " + human(options.stopGrace()) + " and was abandoned)";
            }
            return new Supervised(failure(spec, repoOut, stopReason, start, true), abandoned);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof InterruptedException
                    ? "cancelled while running; run again with --retry-failed to work on it"
                    : "internal error: " + cause + "; the other repositories are not affected, please report this";
            return new Supervised(failure(spec, repoOut, reason, start, true), false);
        } finally {
            workers.remove(worker);
        }
    }

    /** Waits the grace period for an interrupted worker; true when it ended. */
    private boolean awaitStop(CompletableFuture<RepoResult> done) {
        try {
            done.get(options.stopGrace().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A FAILED result with the given reason, keeping what the processor had recorded (usage, cost, files), and
     * written to result.json.
     */
    private RepoResult failure(String spec, Path repoOut, String reason, long start, boolean keepRecorded) {
        RepoResult recorded = keepRecorded ? ResultFiles.readResult(repoOut) : null;
        RepoResult base = recorded != null ? recorded : RepoResult.failed(spec, reason);
        RepoResult result = new RepoResult(base.repository(), RepoStatus.FAILED, reason, base.iterations(),
                base.usage(), base.cost(), base.filesChanged(), base.pullRequest(), base.summary(),
                Math.max(0, clock.millis() - start));
        try {
            Files.createDirectories(repoOut);
            ResultFiles.writeResult(repoOut, result);
        } catch (IOException e) {
            listener.warning("could not write " + repoOut.resolve(ResultFiles.RESULT) + ": " + e.getMessage());
        }
        return result;
    }

    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 60_000 == 0) {
            return millis / 60_000 + " min";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return millis + " ms";
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The entries of the running batch and the writing of summary.json. */
    private final class Progress {
        private final BatchJob job;
        private final Path outputDir;
        private final RepositoryEntry[] entries;
        private final int attempt;
        private final String started;
        private final AtomicInteger done = new AtomicInteger();
        private volatile int toRun;
        private boolean dirty;

        Progress(BatchJob job, Path outputDir, List<RepositoryEntry> entries, int attempt) {
            this.job = job;
            this.outputDir = outputDir;
            this.entries = entries.toArray(RepositoryEntry[]::new);
            this.attempt = attempt;
            this.started = clock.instant().toString();
        }

        synchronized RepositoryEntry entry(int index) {
            return entries[index];
        }

        synchronized void running(int index) {
            entries[index] = entries[index].with(RepoStatus.RUNNING, null);
            dirty = true;
        }

        void finished(int index, RepoResult result) {
            RepositoryEntry entry;
            synchronized (this) {
                entry = entries[index].with(result.status(), result);
                entries[index] = entry;
                dirty = true;
            }
            listener.repositoryFinished(entry, done.incrementAndGet(), toRun);
        }

        synchronized void flush(boolean force) {
            if (dirty || force) {
                write(BatchSummary.of(job, BatchStatus.RUNNING, null, cancelled.get(), attempt, started, null,
                        List.of(entries)));
                dirty = false;
            }
        }

        /** Final summary: anything not final did not get to run. */
        synchronized BatchSummary end(String error) {
            for (int i = 0; i < entries.length; i++) {
                if (!entries[i].status().isFinal()) {
                    String reason = entries[i].status() == RepoStatus.RUNNING
                            ? "cancelled while running and did not stop in time"
                            : "cancelled before it started; run again with --retry-failed to work on it";
                    entries[i] = entries[i].with(RepoStatus.FAILED, error != null
                            ? RepoResult.failed(entries[i].spec(), error)
                            : RepoResult.failed(entries[i].spec(), reason));
                }
            }
            List<RepositoryEntry> list = List.of(entries);
            boolean allFailed = list.stream().allMatch(e -> e.status() == RepoStatus.FAILED);
            BatchStatus status = error != null || cancelled.get() || allFailed ? BatchStatus.FAILED : BatchStatus.COMPLETED;
            BatchSummary summary = BatchSummary.of(job, status, error, cancelled.get(), attempt, started,
                    clock.instant().toString(), list);
            write(summary);
            dirty = false;
            return summary;
        }

        private void write(BatchSummary summary) {
            try {
                ResultFiles.writeAtomically(outputDir.resolve(ResultFiles.SUMMARY), Json.MAPPER.writeValueAsBytes(summary));
            } catch (IOException e) {
                listener.warning("could not write " + outputDir.resolve(ResultFiles.SUMMARY) + ": " + e.getMessage());
            }
        }
    }
}
