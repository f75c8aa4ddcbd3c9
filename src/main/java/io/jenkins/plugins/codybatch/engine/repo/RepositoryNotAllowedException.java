package io.jenkins.plugins.codybatch.engine.repo;

/** The repository is outside the allowlist; the runner reports it as SKIPPED, not FAILED. */
public class RepositoryNotAllowedException extends RepositoryException {

    public RepositoryNotAllowedException(String message) {
        super(message);
    }
}
