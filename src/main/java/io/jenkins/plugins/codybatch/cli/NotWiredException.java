package io.jenkins.plugins.codybatch.cli;

/** A part of the engine is not connected to the CLI yet (see {@link EngineFactory}); exit code 2. */
public class NotWiredException extends UsageException {

    public NotWiredException(String part) {
        super(part + ": not wired into the command line yet; this build cannot run batches");
    }
}
