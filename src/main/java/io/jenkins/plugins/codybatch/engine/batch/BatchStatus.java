package io.jenkins.plugins.codybatch.engine.batch;

/** Where a whole batch stands (summary.json {@code status}). */
public enum BatchStatus {
    RUNNING,
    /** Every repository has a final result and at least one did not fail. */
    COMPLETED,
    /** Every repository failed, the job was invalid, or the batch was cancelled. */
    FAILED
}
