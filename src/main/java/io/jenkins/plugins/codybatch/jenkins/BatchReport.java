package io.jenkins.plugins.codybatch.jenkins;

import hudson.model.Result;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchStatus;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The end of a batch as both entry points see it; {@link #toScriptMap()} is what the Pipeline step returns. */
record BatchReport(BatchSummary summary, Result result, boolean aborted, String page) {

    /** A step that had nothing to do (a retry of a batch where nothing of it failed). */
    static BatchReport nothingToDo(String name, String page) {
        BatchJob job = new BatchJob(name, JobType.CODE_PATTERN_UPDATE, "", List.of(), null, 0, null, 1, List.of(), null);
        return new BatchReport(BatchSummary.of(job, BatchStatus.COMPLETED, null, null, false, 1,
                java.time.Instant.now().toString(), java.time.Instant.now().toString(), List.of()), Result.SUCCESS,
                false, page);
    }

    /**
     * Plain maps, lists, strings and numbers only (safe in a CPS script and across a restart): counts, tokens,
     * cost, the build result asked for, and per repository its status, error, patch artifact path and pull
     * request URL. Names as in summary.json where they exist there.
     */
    Map<String, Object> toScriptMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", summary.name());
        map.put("result", result.toString());
        map.put("aborted", aborted);
        map.put("stopped", summary.stopped());
        map.put("total", summary.total());
        map.put("completed", summary.count(RepoStatus.COMPLETED));
        map.put("noChanges", summary.count(RepoStatus.NO_CHANGES));
        map.put("failed", summary.count(RepoStatus.FAILED));
        map.put("skipped", summary.count(RepoStatus.SKIPPED));
        map.put("tokens", summary.totalTokens());
        map.put("cost", summary.cost());
        List<String> pullRequests = new ArrayList<>();
        List<Map<String, Object>> repos = new ArrayList<>();
        for (RepositoryEntry entry : summary.repositories()) {
            RepoResult r = entry.result();
            Map<String, Object> repo = new LinkedHashMap<>();
            repo.put("repository", r == null || r.repository() == null ? entry.spec() : r.repository());
            repo.put("spec", entry.spec());
            repo.put("status", entry.status().name());
            repo.put("error", r == null ? null : r.error());
            repo.put("patch", r == null || r.outputs().patch() == null ? null
                    : page + "/" + entry.directory() + "/" + r.outputs().patch());
            String url = r == null || r.pullRequest() == null ? null : r.pullRequest().url();
            repo.put("pullRequest", url);
            repo.put("tokens", r == null ? 0L : r.totalUsage().totalTokens());
            repo.put("cost", r == null ? 0d : r.totalCost());
            repos.add(repo);
            if (url != null) {
                pullRequests.add(url);
            }
        }
        map.put("pullRequests", pullRequests);
        map.put("repositories", repos);
        return map;
    }
}
