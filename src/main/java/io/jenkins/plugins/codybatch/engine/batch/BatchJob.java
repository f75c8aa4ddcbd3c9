package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.Serializable;
import java.util.List;

/**
 * One batch: the same prompt applied to many repositories. Holds no secrets, so it may be logged,
 * archived (summary.json) and sent to Jenkins agents.
 *
 * @param repositories  specs: owner/name, a local path or a git URL
 * @param model         Claude model id, or null for the configured default
 * @param maxTokens     max_tokens per request, or 0 for the configured default
 * @param parallelism   repositories worked on at once
 * @param allowedRepositories owner/name glob patterns (e.g. {@code acme/*}); empty allows every repository
 * @param pullRequests  how to open pull requests; null opens none (patches only)
 * @param verify        the check a change must pass (code changes only); null for none
 * @param settings      where the job ran against and its per-repository timeout, so that a retry runs the same
 *                      way; null when not recorded
 * @param budget        what the whole job may spend; null for no limit
 * @param useBatchApi   send the model turns through the Message Batches API: half the price, hours instead of
 *                      minutes (docs/tool-loop.md)
 */
public record BatchJob(
        String name,
        JobType type,
        String prompt,
        List<String> repositories,
        String model,
        int maxTokens,
        Limits limits,
        int parallelism,
        List<String> allowedRepositories,
        PullRequestOptions pullRequests,
        VerifyOptions verify,
        RunSettings settings,
        JobBudget budget,
        boolean useBatchApi)
        implements Serializable {

    public BatchJob {
        repositories = List.copyOf(repositories);
        allowedRepositories = allowedRepositories == null ? List.of() : List.copyOf(allowedRepositories);
        limits = limits == null ? Limits.defaults() : limits;
        budget = budget == null ? null : JobBudget.of(budget.maxTokens(), budget.maxCost());
    }

    /** A job without a budget for the whole job, with direct Messages requests. */
    public BatchJob(String name, JobType type, String prompt, List<String> repositories, String model, int maxTokens,
            Limits limits, int parallelism, List<String> allowedRepositories, PullRequestOptions pullRequests,
            VerifyOptions verify, RunSettings settings) {
        this(name, type, prompt, repositories, model, maxTokens, limits, parallelism, allowedRepositories, pullRequests,
                verify, settings, null, false);
    }

    /** A job without a verify command, its settings not recorded. */
    public BatchJob(String name, JobType type, String prompt, List<String> repositories, String model, int maxTokens,
            Limits limits, int parallelism, List<String> allowedRepositories, PullRequestOptions pullRequests) {
        this(name, type, prompt, repositories, model, maxTokens, limits, parallelism, allowedRepositories, pullRequests,
                null, null, null, false);
    }

    /** The same job with other settings (a retry's flags win over the recorded ones); everything else is kept. */
    public BatchJob with(String newModel, int newMaxTokens, Limits newLimits, int newParallelism,
            RunSettings newSettings) {
        return new BatchJob(name, type, prompt, repositories, newModel, newMaxTokens, newLimits, newParallelism,
                allowedRepositories, pullRequests, verify, newSettings, budget, useBatchApi);
    }

    /** The same job with another budget for the whole job (a retry's flags win over the recorded one). */
    public BatchJob withBudget(JobBudget newBudget) {
        return new BatchJob(name, type, prompt, repositories, model, maxTokens, limits, parallelism,
                allowedRepositories, pullRequests, verify, settings, newBudget, useBatchApi);
    }

    /** The same job for one of its repositories (what a Jenkins agent needs to work it). */
    public BatchJob onlyRepository(String spec) {
        return new BatchJob(name, type, prompt, List.of(spec), model, maxTokens, limits, parallelism,
                allowedRepositories, pullRequests, verify, settings, budget, useBatchApi);
    }

    /** Whether changes are checked: a verify command is set and the job changes code (analysis jobs never run it). */
    public boolean verifies() {
        return verify != null && type == JobType.CODE_PATTERN_UPDATE;
    }

    /** This job with the Message Batches API switched on or off. */
    public BatchJob withBatchApi(boolean value) {
        return new BatchJob(name, type, prompt, repositories, model, maxTokens, limits, parallelism, allowedRepositories,
                pullRequests, verify, settings, budget, value);
    }

    public boolean createPullRequests() {
        return pullRequests != null && type == JobType.CODE_PATTERN_UPDATE;
    }

    /**
     * Where a batch ran and how long each repository may take. No secrets.
     *
     * @param anthropicApiUrl Messages API base URL
     * @param githubApiUrl    GitHub REST API URL
     * @param timeoutSeconds  per-repository wall-clock limit
     */
    public record RunSettings(String anthropicApiUrl, String githubApiUrl, long timeoutSeconds) implements Serializable {}
}
