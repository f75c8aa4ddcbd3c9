package io.jenkins.plugins.codybatch.engine.repo;

/** A repository could not be resolved, cloned, diffed or published; the message says why and what to do. */
public class RepositoryException extends Exception {

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
