package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import java.util.List;

/** The engine parts a command needs. {@link EngineFactory} is the real one; tests give their own. */
public interface EngineComponents {

    /** The Claude tool loop for this job (model and max_tokens come from the job, the key from the settings). */
    Agent agent(CliSettings settings, BatchJob job);

    /** git and GitHub. */
    RepositoryService repositories(CliSettings settings);

    /** The owner/name glob allowlist; an empty list allows every repository. */
    AllowlistCheck allowlist(List<String> globs);

    ReportWriter reportWriter();

    /** Checks of the Anthropic API (key, model) and GitHub (token, scopes, rate limit) for {@code doctor}. */
    List<DoctorCheck> remoteChecks(CliSettings settings);
}
