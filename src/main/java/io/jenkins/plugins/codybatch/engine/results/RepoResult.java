package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;
import java.util.List;

/**
 * What happened to one repository: the content of {@code repos/<dir>/result.json} (docs/results.md).
 *
 * @param repository   owner/name, or the directory name of a local repository
 * @param error        why it FAILED or was SKIPPED; for COMPLETED, a note when a requested pull request was not
 *                     opened (no push rights); null otherwise
 * @param summary      the model's own final words (the analysis answer for analysis jobs)
 * @param filesChanged paths relative to the repository root
 * @param cost         US dollars, from the price table
 * @param pullRequest  null when none was opened or updated
 * @param verification the verify command's record; null when the job has none or it never ran
 */
public record RepoResult(
        String repository,
        RepoStatus status,
        String error,
        int iterations,
        Usage usage,
        double cost,
        List<String> filesChanged,
        PullRequestRef pullRequest,
        String summary,
        long durationMillis,
        Verification verification)
        implements Serializable {

    public RepoResult {
        usage = usage == null ? Usage.ZERO : usage;
        filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
    }

    /** A result without a verification record. */
    public RepoResult(String repository, RepoStatus status, String error, int iterations, Usage usage, double cost,
            List<String> filesChanged, PullRequestRef pullRequest, String summary, long durationMillis) {
        this(repository, status, error, iterations, usage, cost, filesChanged, pullRequest, summary, durationMillis,
                null);
    }

    public static RepoResult skipped(String repository, String reason) {
        return new RepoResult(repository, RepoStatus.SKIPPED, reason, 0, Usage.ZERO, 0, List.of(), null, null, 0);
    }

    public static RepoResult failed(String repository, String reason) {
        return new RepoResult(repository, RepoStatus.FAILED, reason, 0, Usage.ZERO, 0, List.of(), null, null, 0);
    }
}
