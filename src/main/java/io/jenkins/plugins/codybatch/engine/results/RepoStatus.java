package io.jenkins.plugins.codybatch.engine.results;

/** Where one repository stands in a batch. */
public enum RepoStatus {
    PENDING,
    RUNNING,
    /** The model changed files; a patch (and perhaps a pull request) exists. */
    COMPLETED,
    /** The model finished without changing anything (or an analysis job finished). */
    NO_CHANGES,
    FAILED,
    /** Not worked on, by rule (allowlist, selection, retry of a finished repository); never cloned. */
    SKIPPED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }
}
