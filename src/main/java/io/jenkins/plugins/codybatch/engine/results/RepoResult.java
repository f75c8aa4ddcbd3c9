package io.jenkins.plugins.codybatch.engine.results;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What happened to one repository: the content of {@code repos/<dir>/result.json} (docs/results.md; schema in
 * results/schema/result.schema.json).
 *
 * @param repository       owner/name, or the directory name of a local repository
 * @param error            why it FAILED or was SKIPPED; for COMPLETED, a note when a requested pull request was not
 *                         opened (no push rights); null otherwise
 * @param summary          the model's own final words (the analysis answer for analysis jobs)
 * @param filesChanged     paths relative to the repository root
 * @param cost             US dollars of this attempt, from the price table
 * @param pullRequest      null when none was opened or updated
 * @param verification     the verify command's record; null when the job has none or it never ran
 * @param batchError       set when this failure concerns the whole batch, so the batch stops starting repositories:
 *                         {@link #API_KEY_REFUSED}, {@link #API_UNREACHABLE} or {@link #JOB_BUDGET_SPENT};
 *                         null otherwise
 * @param outputs          the files of this attempt in the repository's folder
 * @param previousAttempts earlier attempts on the same output folder (--retry-failed), oldest first; what they
 *                         spent still counts in the batch's totals
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
        Verification verification,
        String batchError,
        Outputs outputs,
        List<EarlierAttempt> previousAttempts)
        implements Serializable {

    /** The key, its permissions, its credit or the model were refused: no repository can succeed. */
    public static final String API_KEY_REFUSED = "api_key_refused";
    /** The Messages API could not be reached; several in a row stop the batch. */
    public static final String API_UNREACHABLE = "api_unreachable";
    /** The job's budget (maxJobCost, maxJobTokens) is spent: no repository starts, the running ones stop. */
    public static final String JOB_BUDGET_SPENT = "job_budget_spent";

    public RepoResult {
        usage = usage == null ? Usage.ZERO : usage;
        cost = Money.round(cost);
        filesChanged = filesChanged == null ? List.of() : List.copyOf(filesChanged);
        outputs = outputs == null ? Outputs.NONE : outputs;
        previousAttempts = previousAttempts == null ? List.of() : List.copyOf(previousAttempts);
    }

    public RepoResult(String repository, RepoStatus status, String error, int iterations, Usage usage, double cost,
            List<String> filesChanged, PullRequestRef pullRequest, String summary, long durationMillis) {
        this(repository, status, error, iterations, usage, cost, filesChanged, pullRequest, summary, durationMillis,
                null, null, null, null);
    }

    public static RepoResult skipped(String repository, String reason) {
        return new RepoResult(repository, RepoStatus.SKIPPED, reason, 0, Usage.ZERO, 0, List.of(), null, null, 0);
    }

    public static RepoResult failed(String repository, String reason) {
        return new RepoResult(repository, RepoStatus.FAILED, reason, 0, Usage.ZERO, 0, List.of(), null, null, 0);
    }

    public RepoResult withFailure(String reason, String kind) {
        return new RepoResult(repository, RepoStatus.FAILED, reason, iterations, usage, cost, filesChanged, pullRequest,
                summary, durationMillis, verification, kind, outputs, previousAttempts);
    }

    public RepoResult withSpent(int newIterations, Usage newUsage, double newCost) {
        return new RepoResult(repository, status, error, newIterations, newUsage, newCost, filesChanged, pullRequest,
                summary, durationMillis, verification, batchError, outputs, previousAttempts);
    }

    public RepoResult withDuration(long millis) {
        return new RepoResult(repository, status, error, iterations, usage, cost, filesChanged, pullRequest, summary,
                millis, verification, batchError, outputs, previousAttempts);
    }

    public RepoResult withOutputs(Outputs newOutputs) {
        return new RepoResult(repository, status, error, iterations, usage, cost, filesChanged, pullRequest, summary,
                durationMillis, verification, batchError, newOutputs, previousAttempts);
    }

    public RepoResult withPreviousAttempts(List<EarlierAttempt> earlier) {
        return new RepoResult(repository, status, error, iterations, usage, cost, filesChanged, pullRequest, summary,
                durationMillis, verification, batchError, outputs, earlier);
    }

    /** This attempt as an earlier one, for the result of the attempt after it. */
    public EarlierAttempt asEarlierAttempt(String folder) {
        return new EarlierAttempt(previousAttempts.size() + 1, status, error, iterations, usage, cost, durationMillis,
                folder);
    }

    /** This attempt and the earlier ones after it, oldest first. */
    public List<EarlierAttempt> attemptsSoFar(String folder) {
        List<EarlierAttempt> all = new ArrayList<>(previousAttempts);
        all.add(asEarlierAttempt(folder));
        return all;
    }

    /** Tokens of this attempt and the earlier ones: what the repository cost the batch in all. */
    public Usage totalUsage() {
        Usage total = usage;
        for (EarlierAttempt earlier : previousAttempts) {
            total = total.plus(earlier.usage());
        }
        return total;
    }

    /** Dollars of this attempt and the earlier ones. */
    public double totalCost() {
        double total = cost;
        for (EarlierAttempt earlier : previousAttempts) {
            total += earlier.cost();
        }
        return Money.round(total);
    }

    /**
     * The files an attempt left in the repository's folder, by their names there; null when absent.
     *
     * @param patch      patch.diff: the change (also after a failure, as the work so far)
     * @param transcript transcript.jsonl: the conversation
     * @param report     report.md: the answer of an analysis job
     */
    public record Outputs(String patch, String transcript, String report) implements Serializable {
        public static final Outputs NONE = new Outputs(null, null, null);
    }

    /**
     * An earlier attempt on the same repository folder, kept when --retry-failed ran it again.
     *
     * @param attempt 1 for the first
     * @param folder  where its files were moved, relative to the repository's folder (attempts/1)
     */
    public record EarlierAttempt(int attempt, RepoStatus status, String error, int iterations, Usage usage,
            double cost, long durationMillis, String folder) implements Serializable {

        public EarlierAttempt {
            usage = usage == null ? Usage.ZERO : usage;
            cost = Money.round(cost);
        }
    }
}
