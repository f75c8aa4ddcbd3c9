package io.jenkins.plugins.codybatch.engine.batch;

/** Hears about a batch as it goes. Called from worker threads; implementations synchronize themselves. */
public interface ProgressListener {

    ProgressListener NONE = new ProgressListener() {};

    /** @param toRun repositories this attempt works on; {@code total} includes those kept from a previous attempt */
    default void batchStarted(BatchJob job, int toRun, int total) {}

    /** Once per repository, as soon as its result is final and written. */
    default void repositoryFinished(RepositoryEntry entry, int done, int toRun) {}

    /** Something went wrong outside any one repository (for example summary.json could not be written). */
    default void warning(String message) {}

    default void batchFinished(BatchSummary summary) {}
}
