package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one repository's worker on a thread of its own and waits for it under the per-repository timeout, the
 * batch's cancellation and the stop grace; a repository that has to stop still keeps what it spent.
 */
final class RepositorySupervisor {

    private final RepositoryWorker worker;
    private final ResultsStore store;
    private final BatchRunner.Options options;
    private final Clock clock;
    private final AtomicBoolean cancelled;
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();

    RepositorySupervisor(RepositoryWorker worker, ResultsStore store, BatchRunner.Options options, Clock clock,
            AtomicBoolean cancelled) {
        this.worker = worker;
        this.store = store;
        this.options = options;
        this.clock = clock;
        this.cancelled = cancelled;
    }

    /** Interrupts every running worker (the batch was cancelled). */
    void interruptAll() {
        workers.forEach(Thread::interrupt);
    }

    /** Runs the worker on a thread of its own and waits for it under the timeout, the cancellation and the grace. */
    RepoResult supervise(BatchJob job, RepositoryEntry entry, long start) {
        CompletableFuture<RepoResult> done = new CompletableFuture<>();
        AtomicLong startedAt = new AtomicLong(-1);
        Thread thread = new Thread(() -> {
            try {
                done.complete(worker.work(job, entry, () -> startedAt.compareAndSet(-1, clock.millis())));
            } catch (Throwable t) { // NOPMD: whatever ends one repository must reach its supervisor
                done.completeExceptionally(t);
            }
        }, "cody-batch-" + ResultFiles.directoryName(entry.spec()));
        thread.setDaemon(true);
        workers.add(thread);
        thread.start();
        if (cancelled.get()) {
            thread.interrupt();
        }
        try {
            String stopReason = await(done, startedAt);
            if (stopReason == null) {
                RepoResult result = done.getNow(null);
                return result != null ? result
                        : failure(entry, "internal error: the worker returned no result", start);
            }
            thread.interrupt();
            if (!awaitStop(done)) {
                stopReason += " (it did not stop within " + human(options.stopGrace()) + " and was abandoned)";
            }
            return failure(entry, stopReason, start);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String reason = cause instanceof InterruptedException
                    ? "cancelled while running; " + JobOptions.retryHint(options.host())
                    : cause instanceof RuntimeException || cause instanceof Error
                            ? "internal error: " + cause + "; the other repositories are not affected, please report this"
                            : "could not be run: " + cause.getMessage();
            return failure(entry, reason, start);
        } finally {
            workers.remove(thread);
        }
    }

    /** Waits until the worker ends (null) or must stop (why). */
    private String await(CompletableFuture<RepoResult> done, AtomicLong startedAt) throws ExecutionException {
        long timeout = options.repositoryTimeout().toMillis();
        while (true) {
            try {
                done.get(100, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                long since = startedAt.get();
                if (since >= 0 && clock.millis() - since >= timeout) {
                    return "timed out after " + human(options.repositoryTimeout())
                            + "; raise the per-repository timeout or narrow the prompt";
                }
                if (cancelled.get()) {
                    return "cancelled while running; " + JobOptions.retryHint(options.host());
                }
            } catch (InterruptedException e) {
                cancelled.set(true);
                interruptAll();
                return "cancelled while running; " + JobOptions.retryHint(options.host());
            }
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
     * A FAILED result with the given reason, keeping what was spent: the result.json the worker recorded, or what
     * the transcript shows when that is more (a conversation cut off mid-way cannot record it itself).
     */
    private RepoResult failure(RepositoryEntry entry, String reason, long start) {
        RepoResult recorded = store.recorded(entry.directory());
        RepoResult base = recorded != null ? recorded : RepoResult.failed(entry.spec(), reason);
        AgentOutcome.Spend spent = store.spent(entry.directory());
        if (spent.usage().totalTokens() > base.usage().totalTokens()) {
            base = base.withSpent(spent.iterations(), spent.usage(), spent.cost());
        }
        return base.withFailure(reason, null).withDuration(Math.max(0, clock.millis() - start));
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
}
