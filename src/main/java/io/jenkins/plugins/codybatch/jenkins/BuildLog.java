package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.io.PrintStream;
import java.util.Locale;

/** The batch's lines in the build log, every one masked with the batch's secrets. */
final class BuildLog implements ProgressListener {

    private final PrintStream log;
    private final Redactor mask;

    BuildLog(PrintStream log, Redactor mask) {
        this.log = log;
        this.mask = mask;
    }

    @Override
    public void repositoryStarted(RepositoryEntry entry) {
        print(entry.spec() + ": started");
    }

    @Override
    public void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
        print(describe(entry) + " [" + done + "/" + toRun + "]");
    }

    @Override
    public void batchStopped(String reason) {
        print("Stopped starting repositories: " + reason + " The rest are recorded as failed; retry them (Retry"
                + " failed repositories, or retryFailedFrom) once this is fixed.");
    }

    @Override
    public void warning(String message) {
        print("warning: " + message);
    }

    private synchronized void print(String line) {
        log.println(CodyBatchRunner.PREFIX + mask.redact(line));
    }

    static String describe(RepositoryEntry entry) {
        RepoResult result = entry.result();
        StringBuilder line = new StringBuilder(entry.spec()).append(": ").append(result.status());
        if (result.error() != null) {
            line.append(" - ").append(result.error());
        }
        if (result.status() == RepoStatus.COMPLETED || result.status() == RepoStatus.NO_CHANGES) {
            int files = result.filesChanged().size();
            line.append(String.format(Locale.ROOT, " (%s, %,d tokens, $%.4f)", result.outputs().report() != null
                            ? "answer in " + entry.directory() + "/" + result.outputs().report()
                            : files + (files == 1 ? " file changed" : " files changed"),
                    result.usage().totalTokens(), result.cost()));
        }
        Verification check = result.verification();
        if (check != null) {
            line.append(" check ").append(check.passed() ? "passed" : "failed").append(" (").append(check.attempts())
                    .append(check.attempts() == 1 ? " run)" : " runs)");
        }
        if (result.pullRequest() != null) {
            line.append(" pull request ").append(result.pullRequest().action()).append(": ")
                    .append(result.pullRequest().url());
        }
        return line.toString();
    }

    /** The last line of a batch, the failures first (as the CLI prints it). */
    static String totals(BatchSummary summary) {
        return String.format(Locale.ROOT, "Done: %d failed, %d completed, %d without changes, %d skipped; %,d tokens,"
                        + " $%.4f%s", summary.count(RepoStatus.FAILED), summary.count(RepoStatus.COMPLETED),
                summary.count(RepoStatus.NO_CHANGES), summary.count(RepoStatus.SKIPPED), summary.totalTokens(),
                summary.cost(), summary.cancelled() ? " (aborted)" : summary.stopped() != null ? " (stopped early)" : "");
    }
}
