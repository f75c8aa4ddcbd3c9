package io.jenkins.plugins.codybatch.engine.batch;

import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Money;
import io.jenkins.plugins.codybatch.engine.results.PullRequestTotals;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The content of summary.json (docs/results.md): the job, its progress and its totals. Holds no diffs or
 * transcripts, so it stays small for large batches.
 *
 * @param attempt      1 for the first run, +1 for every --retry-failed run on the same folder
 * @param error        why the batch could not run at all (bad job); null otherwise
 * @param stopped      why the batch stopped starting repositories before the end (the API key refused, the API
 *                     unreachable); null when it did not
 * @param started      ISO-8601 instant the current attempt started
 * @param finished     ISO-8601 instant it ended; null while RUNNING
 * @param counts       repositories per status (every status listed, zeros included)
 * @param usage        tokens over the repositories, earlier attempts (--retry-failed) included
 * @param cost         US dollars over the repositories, earlier attempts included
 * @param filesChanged sum of the files changed over the repositories
 * @param pullRequests repositories with a pull request opened or updated
 * @param pullRequestStates the pull requests by the state GitHub reported after the run, and the stuck ones; null
 *                          when the job opens none
 */
public record BatchSummary(
        int formatVersion,
        String name,
        JobType type,
        BatchStatus status,
        String error,
        String stopped,
        boolean cancelled,
        int attempt,
        String started,
        String finished,
        int total,
        Map<RepoStatus, Integer> counts,
        Usage usage,
        long totalTokens,
        double cost,
        int filesChanged,
        int pullRequests,
        PullRequestTotals pullRequestStates,
        BatchJob job,
        List<RepositoryEntry> repositories) {

    public static final int FORMAT_VERSION = 1;

    public BatchSummary {
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        usage = usage == null ? Usage.ZERO : usage;
    }

    /** Builds the totals from the entries. */
    public static BatchSummary of(BatchJob job, BatchStatus status, String error, String stopped, boolean cancelled,
            int attempt, String started, String finished, List<RepositoryEntry> entries) {
        Map<RepoStatus, Integer> counts = new EnumMap<>(RepoStatus.class);
        for (RepoStatus s : RepoStatus.values()) {
            counts.put(s, 0);
        }
        Usage usage = Usage.ZERO;
        double cost = 0;
        int files = 0;
        int prs = 0;
        for (RepositoryEntry entry : entries) {
            counts.merge(entry.status(), 1, Integer::sum);
            RepoResult r = entry.result();
            if (r != null) {
                usage = usage.plus(r.totalUsage());
                cost += r.totalCost();
                files += r.filesChanged().size();
                prs += r.pullRequest() != null ? 1 : 0;
            }
        }
        PullRequestTotals states = job.createPullRequests()
                ? PullRequestTotals.of(entries.stream().map(RepositoryEntry::result).toList()) : null;
        return new BatchSummary(FORMAT_VERSION, job.name(), job.type(), status, error, stopped, cancelled, attempt,
                started, finished, entries.size(), counts, usage, usage.totalTokens(), Money.round(cost), files, prs,
                states, job, entries);
    }

    /** The entry of a repository folder (repos/acme__app), or null. */
    public RepositoryEntry entry(String directory) {
        return repositories.stream().filter(e -> e.directory().equals(directory)).findFirst().orElse(null);
    }

    public int count(RepoStatus status) {
        return counts.getOrDefault(status, 0);
    }
}
