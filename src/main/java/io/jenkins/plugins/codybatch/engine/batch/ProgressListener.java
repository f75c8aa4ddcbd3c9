package io.jenkins.plugins.codybatch.engine.batch;

/** Hears about a batch as it goes. Called from worker threads; implementations synchronize themselves. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /** @param toRun repositories this attempt works on; {@code total} includes those kept from a previous attempt */
    default void batchStarted(BatchJob job, int toRun, int total) {}

    /** A repository begins (for a queued one: when it is handed to a worker). */
    default void repositoryStarted(RepositoryEntry entry) {}

    /** Once per repository, as soon as its result is final and written. */
    default void repositoryFinished(RepositoryEntry entry, int done, int toRun) {}

    /**
     * Once, when the batch stops starting repositories because of an error that concerns all of them (the API key
     * refused, the API unreachable) or because the job's budget is spent; the rest are recorded FAILED with this
     * reason, for a retry.
     */
    default void batchStopped(String reason) {}

    /** Something went wrong outside any one repository (for example summary.json could not be written). */
    default void warning(String message) {}

    default void batchFinished(BatchSummary summary) {}
}
