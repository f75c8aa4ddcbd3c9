package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.results.JobType;
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
        boolean useBatchApi)
        implements Serializable {

    /** A job with direct Messages requests. */
    public BatchJob(String name, JobType type, String prompt, List<String> repositories, String model, int maxTokens,
            Limits limits, int parallelism, List<String> allowedRepositories, PullRequestOptions pullRequests) {
        this(name, type, prompt, repositories, model, maxTokens, limits, parallelism, allowedRepositories, pullRequests,
                false);
    }

    public BatchJob {
        repositories = List.copyOf(repositories);
        allowedRepositories = allowedRepositories == null ? List.of() : List.copyOf(allowedRepositories);
        limits = limits == null ? Limits.defaults() : limits;
    }

    /** This job with the Message Batches API switched on or off. */
    public BatchJob withBatchApi(boolean value) {
        return new BatchJob(name, type, prompt, repositories, model, maxTokens, limits, parallelism, allowedRepositories,
                pullRequests, value);
    }

    public boolean createPullRequests() {
        return pullRequests != null && type == JobType.CODE_PATTERN_UPDATE;
    }
}
