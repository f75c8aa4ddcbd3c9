package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import java.util.List;

/** The engine parts a command needs. {@link EngineFactory} is the real one; tests give their own. */
public interface EngineComponents {

    /** The per-repository work of the job (allowlist from the job, key and URLs from the settings). */
    RepositoryProcessor processor(CliSettings settings, BatchJob job) throws Exception;

    ReportWriter reportWriter();

    /** Checks of the Anthropic API (key, model) and GitHub (token, scopes, rate limit) for {@code doctor}. */
    List<DoctorCheck> remoteChecks(CliSettings settings);
}
