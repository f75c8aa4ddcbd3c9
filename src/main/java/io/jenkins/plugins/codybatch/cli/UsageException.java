package io.jenkins.plugins.codybatch.cli;

/** A mistake in the command line or the environment: printed as one line, exit code 2, no stack trace. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
