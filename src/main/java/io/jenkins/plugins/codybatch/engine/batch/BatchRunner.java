package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch, for the CLI and for Jenkins alike: at most {@code job.parallelism()} repositories at once, each
 * handed to the {@link RepositoryWorker} under a wall-clock timeout, each isolated from the others' failures, each
 * result recorded in the {@link ResultsStore} as it ends, summary.json rewritten while the batch runs (see
 * docs/results.md).
 *
 * <p>It stops early, once, when an error concerns every repository ({@link BatchStopper}), and when cancelled
 * ({@link #cancel()} or an interrupt of the calling thread): running repositories are interrupted and keep what
 * they spent; the ones not started end FAILED (not SKIPPED), so that {@link #retry} picks them up.
 */
public final class BatchRunner {

    /**
     * @param repositoryTimeout wall-clock limit per repository, counted from when it starts on a machine
     * @param stopGrace         how long an interrupted repository may take to record what it has
     * @param summaryInterval   summary.json is rewritten at most this often while running
     * @param host              whose names the messages use
     */
    public record Options(Duration repositoryTimeout, Duration stopGrace, Duration summaryInterval, Host host) {

        public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);
        /** A turn through the Message Batches API may wait up to an hour before it goes direct. */
        public static final Duration BATCH_API_TIMEOUT = Duration.ofHours(24);

        /** The per-repository timeout when none is given. */
        public static Duration defaultTimeout(boolean useBatchApi) {
            return useBatchApi ? BATCH_API_TIMEOUT : DEFAULT_TIMEOUT;
        }

        public Options {
            Objects.requireNonNull(host, "host");
            if (repositoryTimeout.isNegative() || repositoryTimeout.isZero()) {
                throw new IllegalArgumentException("the per-repository timeout must be positive");
            }
        }

        public static Options defaults(Host host) {
            return new Options(DEFAULT_TIMEOUT, Duration.ofSeconds(30), Duration.ofMillis(500), host);
        }
    }

    private final RepositoryWorker worker;
    private final ResultsStore store;
    private final Options options;
    private final ProgressListener listener;
    private final AllowlistCheck allowlist;
    private final Clock clock;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final RepositorySupervisor supervisor;
    private final JobSpend liveSpend;

    /** A runner without a live meter: the job's budget is counted from finished repositories. */
    public BatchRunner(RepositoryWorker worker, ResultsStore store, Options options, ProgressListener listener,
            AllowlistCheck allowlist, Clock clock) {
        this(worker, store, options, listener, allowlist, clock, null);
    }

    /**
     * @param allowlist applied to each spec before a worker is asked (refused: SKIPPED, never cloned)
     * @param liveSpend what the worker's conversations spend in this process, response by response (the same
     *                  meter they stop on); null when they run elsewhere
     */
    public BatchRunner(RepositoryWorker worker, ResultsStore store, Options options, ProgressListener listener,
            AllowlistCheck allowlist, Clock clock, JobSpend liveSpend) {
        this.liveSpend = liveSpend;
        this.worker = Objects.requireNonNull(worker);
        this.store = Objects.requireNonNull(store);
        this.options = Objects.requireNonNull(options);
        this.listener = listener == null ? ProgressListener.NONE : listener;
        this.allowlist = allowlist == null ? AllowlistCheck.allowAll() : allowlist;
        this.clock = Objects.requireNonNull(clock);
        this.supervisor = new RepositorySupervisor(worker, store, options, clock, cancelled);
    }

    /**
     * Runs every repository of the job.
     *
     * @throws InterruptedException when the calling thread was interrupted; summary.json is final before it is thrown
     */
    public BatchSummary run(BatchJob job) throws InterruptedException {
        return execute(job, RepositoryEntry.forSpecs(job.repositories()), Map.of(), 1);
    }

    /**
     * Runs again the repositories of an earlier run that did not end well: FAILED ones and those a killed run left
     * PENDING or RUNNING. COMPLETED, NO_CHANGES and SKIPPED ones keep their result and are never redone (so no pull
     * request is opened twice). What the earlier attempt spent and its files are kept (result.json's
     * previous_attempts, attempts/N/ in the repository's folder).
     *
     * @param job the earlier job, perhaps with settings changed for this run
     * @throws IllegalArgumentException when the summary names a folder outside repos/ (nothing is touched)
     */
    public BatchSummary retry(BatchSummary previous, BatchJob job) throws InterruptedException {
        List<RepositoryEntry> entries = new ArrayList<>();
        Map<Integer, RepoResult> earlier = new HashMap<>();
        for (RepositoryEntry entry : previous.repositories()) {
            if (!ResultFiles.isRepositoryFolder(entry.directory())) {
                // a retried repository's folder is cleared: it must be one of repos/, whatever summary.json says
                throw new IllegalArgumentException("the summary lists a repository folder outside repos/ ("
                        + entry.directory() + "); it cannot be retried");
            }
            if (entry.status() == RepoStatus.FAILED || !entry.status().isFinal()) {
                RepoResult before = entry.result() != null ? entry.result() : killedAttempt(entry);
                if (before != null) {
                    earlier.put(entries.size(), before);
                }
                entries.add(entry.with(RepoStatus.PENDING, null));
            } else {
                entries.add(entry);
            }
        }
        return execute(job, entries, earlier, previous.attempt() + 1);
    }

    /** Stops the batch: running repositories are interrupted, the ones not started are not started. */
    public void cancel() {
        cancelled.set(true);
        supervisor.interruptAll();
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    private BatchSummary execute(BatchJob job, List<RepositoryEntry> entries, Map<Integer, RepoResult> earlier,
            int attempt) throws InterruptedException {
        BatchProgress progress = new BatchProgress(job, entries, attempt, store, listener, clock);
        String invalid = validate(job, entries);
        if (invalid != null) {
            BatchSummary summary = progress.end(invalid, JobOptions.retryHint(options.host()));
            listener.batchFinished(summary);
            return summary;
        }
        List<Integer> toRun = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).status() == RepoStatus.PENDING) {
                toRun.add(i);
            }
        }
        progress.toRun(toRun.size());
        listener.batchStarted(job, toRun.size(), entries.size());

        BatchStopper stopper = new BatchStopper(progress, listener, job.budget(), liveSpend, options.host());
        ExecutorService slots = Executors.newFixedThreadPool(Math.max(1, Math.min(job.parallelism(), toRun.size())),
                daemonThreads("cody-batch-slot"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("cody-batch-summary"));
        long interval = Math.max(10, options.summaryInterval().toMillis());
        ticker.scheduleWithFixedDelay(() -> progress.flush(false), interval, interval, TimeUnit.MILLISECONDS);
        boolean interrupted = false;
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int index : toRun) {
                futures.add(slots.submit(() -> runOne(job, progress, stopper, index, earlier.get(index))));
            }
            progress.flush(true); // the first summary, written while the first repositories start
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
                try { // the interrupted repositories get their grace to record what they have
                    slots.awaitTermination(options.stopGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException again) {
                    // a second interrupt: stop waiting; the summary below records where everything stands
                }
            }
            ticker.shutdownNow();
        }
        if (cancelled.get()) {
            progress.cancelled();
        }
        BatchSummary summary = progress.end(null, JobOptions.retryHint(options.host()));
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

    private void runOne(BatchJob job, BatchProgress progress, BatchStopper stopper, int index, RepoResult before) {
        RepositoryEntry entry = progress.entry(index);
        long start = clock.millis();
        RepoResult result;
        String refusal = allowlist.refusal(entry.spec());
        try {
            store.prepare(entry.directory(), before == null ? null : attemptFolder(before));
            if (cancelled.get()) {
                result = RepoResult.failed(entry.spec(), "cancelled before it started; " + JobOptions.retryHint(options.host()));
            } else if (stopper.reason() != null) {
                String why = stopper.notStarted();
                result = RepoResult.failed(entry.spec(), why).withFailure(why, stopper.kind());
            } else if (refusal != null) {
                result = RepoResult.skipped(entry.spec(), refusal);
            } else {
                progress.running(index);
                listener.repositoryStarted(progress.entry(index));
                result = supervisor.supervise(job, entry, start);
            }
        } catch (IOException e) {
            result = RepoResult.failed(entry.spec(), "could not prepare the folder " + entry.directory() + " ("
                    + e.getMessage() + "); check free space and permissions");
        }
        if (before != null) {
            result = result.withPreviousAttempts(before.attemptsSoFar(attemptFolder(before)));
        }
        result = result.withOutputs(store.outputs(entry.directory()));
        try {
            store.writeResult(entry.directory(), result);
        } catch (IOException e) {
            listener.warning("could not write " + entry.directory() + "/" + ResultFiles.RESULT + ": " + e.getMessage());
        }
        store.finished(entry.directory(), result);
        progress.finished(index, result);
        stopper.observe(result);
    }

    private static String attemptFolder(RepoResult before) {
        return "attempts/" + (before.previousAttempts().size() + 1);
    }

    /** An earlier attempt a killed run left without a result: what its folder shows, or null when it did nothing. */
    private RepoResult killedAttempt(RepositoryEntry entry) {
        RepoResult recorded = store.recorded(entry.directory());
        AgentOutcome.Spend spent = store.spent(entry.directory());
        if (recorded == null && spent.iterations() == 0) {
            return null;
        }
        RepoResult base = recorded != null ? recorded
                : RepoResult.failed(entry.spec(), "the run was stopped while it worked on this repository");
        return spent.usage().totalTokens() > base.usage().totalTokens()
                ? base.withSpent(spent.iterations(), spent.usage(), spent.cost()) : base;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
