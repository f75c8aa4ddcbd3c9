package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the repositories of a batch on workers with at most {@code parallelism} in flight, retries a
 * repository once when its worker (agent) is lost, and on abort stops quickly and records what did not
 * run. Jenkins-free: the Jenkins layer supplies the {@link Worker} (a callable on the workspace's node, or a
 * build-queue task on a labelled agent: {@link QueueFanOut}).
 */
public final class RepositoryScheduler {

    /** Works one repository somewhere. */
    public interface Worker {
        /**
         * @param attempt 1, or 2 when the first worker was lost
         * @param started to call when the repository begins work on a machine; until then (e.g. while it waits
         *                in a queue) an abort records it as not run
         * @throws WorkerLostException when the machine running it went away (the repository is retried once)
         * @throws IOException         for any other failure to run it (the repository fails)
         */
        RepoOutcome run(RepoTask task, int attempt, Runnable started)
                throws InterruptedException, WorkerLostException, IOException;
    }

    /** Progress callbacks, called from worker threads. */
    public interface Listener {
        void started(RepoTask task);

        void finished(RepoOutcome outcome);
    }

    /** The worker (agent) went away while working on a repository. */
    public static final class WorkerLostException extends Exception {
        public WorkerLostException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Every repository's outcome in input order; {@code aborted} when the run was interrupted. */
    public record Outcome(List<RepoOutcome> outcomes, boolean aborted) {}

    static final String NOT_RUN = "Not run: the build was aborted before this repository started.";
    static final String ABORTED_RUNNING = "Aborted while running: the build was stopped before this repository finished.";
    private static final long ABORT_GRACE_SECONDS = 10;

    private final int parallelism;

    public RepositoryScheduler(int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, was " + parallelism);
        }
        this.parallelism = parallelism;
    }

    /**
     * Runs every task. If the calling thread is interrupted (build aborted), running repositories are
     * interrupted, unstarted ones are recorded as SKIPPED, and the method returns within seconds.
     */
    public Outcome run(List<RepoTask> tasks, Worker worker, Listener listener) {
        Map<RepoTask, RepoOutcome> done = new LinkedHashMap<>();
        Map<RepoTask, Boolean> started = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallelism, Math.max(1, tasks.size())), r -> {
            Thread thread = new Thread(r, "cody-batch-worker-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ExecutorCompletionService<RepoOutcome> completion = new ExecutorCompletionService<>(pool);
        List<Future<RepoOutcome>> futures = new ArrayList<>();
        AtomicBoolean stopping = new AtomicBoolean();
        for (RepoTask task : tasks) {
            Runnable markStarted = () -> {
                if (started.putIfAbsent(task, true) == null) {
                    listener.started(task);
                }
            };
            futures.add(completion.submit(() -> {
                if (stopping.get()) { // a thread freed by the abort must not start another repository
                    throw new CancellationException("aborted");
                }
                RepoOutcome outcome = runWithRetry(worker, task, markStarted);
                listener.finished(outcome);
                return outcome;
            }));
        }
        boolean aborted = false;
        try {
            for (int i = 0; i < tasks.size(); i++) {
                RepoOutcome outcome = completion.take().get();
                done.put(outcome.task(), outcome);
            }
        } catch (InterruptedException e) {
            aborted = true;
        } catch (ExecutionException e) {
            // runWithRetry turns every failure into a result; only an interrupt of a worker lands here
            aborted = true;
        } finally {
            stopping.set(true);
            pool.shutdownNow(); // first: drops the repositories not started yet, then interrupts the running ones
            futures.forEach(future -> future.cancel(true));
        }
        if (aborted) {
            awaitQuietly(pool);
            // results that completed while stopping still count
            for (Future<RepoOutcome> future : futures) {
                if (future.isDone() && !future.isCancelled()) {
                    try {
                        RepoOutcome outcome = future.get();
                        done.put(outcome.task(), outcome);
                    } catch (InterruptedException | ExecutionException ignored) {
                        // recorded as aborted below
                    }
                }
            }
        }
        List<RepoOutcome> outcomes = new ArrayList<>();
        for (RepoTask task : tasks) {
            RepoOutcome outcome = done.get(task);
            if (outcome == null) {
                boolean wasRunning = started.containsKey(task);
                RepoResult result = wasRunning
                        ? new RepoResult(task.spec(), RepoStatus.FAILED, ABORTED_RUNNING, 0, Usage.ZERO, 0, List.of(), null, null, 0)
                        : RepoResult.skipped(task.spec(), NOT_RUN);
                outcome = new RepoOutcome(task, result, List.of());
                listener.finished(outcome);
            }
            outcomes.add(outcome);
        }
        if (aborted) {
            Thread.currentThread().interrupt();
        }
        return new Outcome(outcomes, aborted);
    }

    private static RepoOutcome runWithRetry(Worker worker, RepoTask task, Runnable started)
            throws InterruptedException {
        String firstLoss = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                return worker.run(task, attempt, started);
            } catch (WorkerLostException e) {
                if (firstLoss != null) {
                    return failed(task, "The agent was lost twice while working on this repository (first: "
                            + firstLoss + "; then: " + e.getMessage() + "). Check the agents, then retry the failed"
                            + " repositories.");
                }
                firstLoss = e.getMessage();
            } catch (IOException | RuntimeException e) {
                return failed(task, "Could not run this repository: " + e.getMessage());
            }
        }
        throw new AssertionError("unreachable");
    }

    private static RepoOutcome failed(RepoTask task, String reason) {
        return new RepoOutcome(task, RepoResult.failed(task.spec(), reason), List.of());
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(ABORT_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
