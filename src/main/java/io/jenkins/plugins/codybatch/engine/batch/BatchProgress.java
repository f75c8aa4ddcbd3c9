package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Where every repository of a running batch stands, and the writing of summary.json from it: at the start, at most
 * every summary interval while repositories change, and at the end. Thread-safe.
 */
final class BatchProgress {

    private final BatchJob job;
    private final ResultsStore store;
    private final ProgressListener listener;
    private final Clock clock;
    private final RepositoryEntry[] entries;
    private final int attempt;
    private final String started;
    private int done;
    private int toRun;
    private boolean dirty;
    private String stopped;
    private boolean cancelled;

    BatchProgress(BatchJob job, List<RepositoryEntry> entries, int attempt, ResultsStore store,
            ProgressListener listener, Clock clock) {
        this.job = job;
        this.store = store;
        this.listener = listener;
        this.clock = clock;
        this.entries = entries.toArray(RepositoryEntry[]::new);
        this.attempt = attempt;
        this.started = clock.instant().toString();
    }

    synchronized RepositoryEntry entry(int index) {
        return entries[index];
    }

    synchronized int size() {
        return entries.length;
    }

    synchronized void toRun(int count) {
        toRun = count;
    }

    synchronized void running(int index) {
        entries[index] = entries[index].with(RepoStatus.RUNNING, null);
        dirty = true;
    }

    void finished(int index, RepoResult result) {
        RepositoryEntry entry;
        int count;
        int of;
        synchronized (this) {
            entry = entries[index].with(result.status(), result);
            entries[index] = entry;
            dirty = true;
            count = ++done;
            of = toRun;
        }
        listener.repositoryFinished(entry, count, of);
    }

    synchronized void stopped(String reason) {
        stopped = reason;
        dirty = true;
    }

    synchronized void cancelled() {
        cancelled = true;
        dirty = true;
    }

    synchronized void flush(boolean force) {
        if (dirty || force) {
            write(BatchSummary.of(job, BatchStatus.RUNNING, null, stopped, cancelled, attempt, started, null,
                    List.of(entries)));
            dirty = false;
        }
    }

    /**
     * The final summary. A repository still not final here was left behind by an abandoned worker; it is
     * recorded FAILED so that a retry picks it up.
     */
    synchronized BatchSummary end(String error, String retryHint) {
        for (int i = 0; i < entries.length; i++) {
            if (!entries[i].status().isFinal()) {
                String reason = error != null ? error
                        : entries[i].status() == RepoStatus.RUNNING
                                ? "cancelled while running and did not stop in time; " + retryHint
                                : "cancelled before it started; " + retryHint;
                entries[i] = entries[i].with(RepoStatus.FAILED, RepoResult.failed(entries[i].spec(), reason));
            }
        }
        List<RepositoryEntry> list = List.of(entries);
        boolean allFailed = list.stream().allMatch(e -> e.status() == RepoStatus.FAILED);
        BatchStatus status = error != null || cancelled || allFailed ? BatchStatus.FAILED : BatchStatus.COMPLETED;
        BatchSummary summary = BatchSummary.of(job, status, error, stopped, cancelled, attempt, started,
                clock.instant().toString(), list);
        write(summary);
        dirty = false;
        return summary;
    }

    private void write(BatchSummary summary) {
        try {
            store.writeSummary(summary);
        } catch (IOException e) {
            listener.warning("could not write summary.json: " + e.getMessage());
        }
    }
}
