package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.Result;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end of a batch as both entry points see it; {@link #toScriptMap()} is what the Pipeline step returns. */
record BatchReport(String name, Result result, boolean aborted, List<RepoEntry> repositories) {

    long count(RepoStatus status) {
        return repositories.stream().filter(entry -> entry.getStatus() == status).count();
    }

    Usage usage() {
        return repositories.stream().map(RepoEntry::getUsage).reduce(Usage.ZERO, Usage::plus);
    }

    double cost() {
        return repositories.stream().mapToDouble(RepoEntry::getCost).sum();
    }

    /**
     * Plain maps, lists, strings and numbers only (safe in a CPS script and across a restart):
     * counts, tokens, cost, the build result asked for, and per repository its status, error, patch
     * artifact path and pull request URL.
     */
    Map<String, Object> toScriptMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("result", result.toString());
        map.put("aborted", aborted);
        map.put("total", repositories.size());
        map.put("completed", count(RepoStatus.COMPLETED));
        map.put("noChanges", count(RepoStatus.NO_CHANGES));
        map.put("failed", count(RepoStatus.FAILED));
        map.put("skipped", count(RepoStatus.SKIPPED));
        map.put("tokens", usage().totalTokens());
        map.put("cost", cost());
        List<String> pullRequests = new ArrayList<>();
        List<Map<String, Object>> repos = new ArrayList<>();
        for (RepoEntry entry : repositories) {
            Map<String, Object> repo = new LinkedHashMap<>();
            repo.put("repository", entry.getRepository());
            repo.put("spec", entry.getSpec());
            repo.put("status", entry.getStatus().name());
            repo.put("error", entry.getError());
            repo.put("patch", entry.getPatch());
            repo.put("pullRequest", entry.getPullRequestUrl());
            repo.put("tokens", entry.getTotalTokens());
            repo.put("cost", entry.getCost());
            repos.add(repo);
            if (entry.getPullRequestUrl() != null) {
                pullRequests.add(entry.getPullRequestUrl());
            }
        }
        map.put("pullRequests", pullRequests);
        map.put("repositories", repos);
        return map;
    }
}
