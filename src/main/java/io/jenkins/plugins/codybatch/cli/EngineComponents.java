package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import java.util.List;

/** The engine parts a command needs. {@link EngineFactory} is the real one; tests give their own. */
public interface EngineComponents {

    /**
     * The per-repository work of the job (allowlist from the job, key and URLs from the settings).
     *
     * @param spend the meter its conversations add to and stop on (the job's budget), shared with the batch runner
     */
    RepositoryProcessor processor(CliSettings settings, BatchJob job, JobSpend spend) throws Exception;

    /** owner/name of every repository the selection matches (through the GitHub API). */
    List<String> select(CliSettings settings, RepositorySelection selection) throws Exception;

    /** What the job would do to each repository, without cloning or any model request (--dry-run). */
    List<BatchPreview.Entry> preview(CliSettings settings, BatchJob job) throws Exception;

    ReportWriter reportWriter();

    /** Checks of the Anthropic API (key, model) and GitHub (token, scopes, rate limit) for {@code doctor}. */
    List<DoctorCheck> remoteChecks(CliSettings settings);
}
