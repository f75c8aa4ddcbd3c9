package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.report.HtmlReport;
import java.util.List;

/**
 * The composition of the command line: which Agent, RepositoryService, allowlist, report writer and doctor
 * checks a real run uses. Each method below is one place to wire; until a part is wired it throws
 * {@link NotWiredException} (exit code 2) instead of pretending.
 */
public final class EngineFactory implements EngineComponents {

    @Override
    public Agent agent(CliSettings settings, BatchJob job) {
        // WIRE HERE: new ClaudeAgent(...) from settings.apiKey(), settings.apiUrl(), job.model() (or the default
        // model when null), job.maxTokens() (or the default when 0).
        throw new NotWiredException("The Claude agent (engine.agent.ClaudeAgent)");
    }

    @Override
    public RepositoryService repositories(CliSettings settings) {
        // WIRE HERE: new GitRepositoryService(...) from settings.gitHubToken() and settings.gitHubApiUrl().
        throw new NotWiredException("The git/GitHub repository service (engine.repo.GitRepositoryService)");
    }

    @Override
    public AllowlistCheck allowlist(List<String> globs) {
        // WIRE HERE: the repository layer's Allowlist, e.g. Allowlist.of(globs)::refusal.
        throw new NotWiredException("The repository allowlist (engine.repo.Allowlist)");
    }

    @Override
    public ReportWriter reportWriter() {
        return outputDir -> new HtmlReport().write(outputDir);
    }

    @Override
    public List<DoctorCheck> remoteChecks(CliSettings settings) {
        // WIRE HERE: adapt the Anthropic check (key valid, model available) and the GitHub check (token valid,
        // scopes, rate limit) into DoctorCheck lambdas.
        throw new NotWiredException("The Anthropic API and GitHub checks");
    }
}
