package io.jenkins.plugins.codybatch.jenkins;

import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * One repository as the build page and /api/json show it. A plain immutable class (not a record) so that
 * Jelly and Stapler find JavaBean getters and the build.xml stays readable.
 */
@ExportedBean
public final class RepoEntry {

    private final String spec;
    private final String dir;
    private final String repository;
    private final RepoStatus status;
    private final String error;
    private final int iterations;
    private final long inputTokens;
    private final long outputTokens;
    private final long cacheCreationInputTokens;
    private final long cacheReadInputTokens;
    private final double cost;
    private final ArrayList<String> filesChanged;
    private final String pullRequestUrl;
    private final String summary;
    private final long durationMillis;
    /** Archived files, relative to the output root (repos/&lt;dir&gt;/patch.diff, ...). */
    private final ArrayList<String> files;
    /** The verify command's outcome, without its output (that stays in the archived result.json); null: none. */
    private final String verifyCommand;
    private final boolean verifyPassed;
    private final int verifyAttempts;
    private final Integer verifyExitCode;

    private RepoEntry(RepoTask task, RepoStatus status, RepoResult result, List<String> files) {
        this.spec = task.spec();
        this.dir = task.dir();
        this.status = status;
        Usage usage = result == null ? Usage.ZERO : result.usage();
        this.repository = result == null || result.repository() == null ? task.spec() : result.repository();
        this.error = result == null ? null : result.error();
        this.iterations = result == null ? 0 : result.iterations();
        this.inputTokens = usage.inputTokens();
        this.outputTokens = usage.outputTokens();
        this.cacheCreationInputTokens = usage.cacheCreationInputTokens();
        this.cacheReadInputTokens = usage.cacheReadInputTokens();
        this.cost = result == null ? 0 : result.cost();
        // ArrayList, not List.copyOf: build.xml is read back by XStream, which cannot rebuild JDK-internal lists
        this.filesChanged = result == null ? new ArrayList<>() : new ArrayList<>(result.filesChanged());
        PullRequestRef pr = result == null ? null : result.pullRequest();
        this.pullRequestUrl = pr == null ? null : pr.url();
        this.summary = result == null ? null : result.summary();
        this.durationMillis = result == null ? 0 : result.durationMillis();
        this.files = new ArrayList<>(files);
        Verification check = result == null ? null : result.verification();
        this.verifyCommand = check == null ? null : check.command();
        this.verifyPassed = check != null && check.passed();
        this.verifyAttempts = check == null ? 0 : check.attempts();
        this.verifyExitCode = check == null ? null : check.exitCode();
    }

    static RepoEntry waiting(RepoTask task) {
        return new RepoEntry(task, RepoStatus.PENDING, null, List.of());
    }

    static RepoEntry running(RepoTask task) {
        return new RepoEntry(task, RepoStatus.RUNNING, null, List.of());
    }

    static RepoEntry finished(RepoOutcome outcome) {
        return new RepoEntry(outcome.task(), outcome.result().status(), outcome.result(), outcome.files());
    }

    @Exported
    public String getSpec() { return spec; }

    @Exported
    public String getDir() { return dir; }

    @Exported
    public String getRepository() { return repository; }

    @Exported
    public RepoStatus getStatus() { return status; }

    @Exported
    public String getError() { return error; }

    @Exported
    public int getIterations() { return iterations; }

    public Usage getUsage() {
        return new Usage(inputTokens, outputTokens, cacheCreationInputTokens, cacheReadInputTokens);
    }

    @Exported
    public long getTotalTokens() { return getUsage().totalTokens(); }

    @Exported
    public double getCost() { return cost; }

    @Exported
    public List<String> getFilesChanged() { return Collections.unmodifiableList(filesChanged); }

    @Exported
    public String getPullRequestUrl() { return pullRequestUrl; }

    @Exported
    public String getSummary() { return summary; }

    @Exported
    public long getDurationMillis() { return durationMillis; }

    @Exported
    public List<String> getFiles() { return Collections.unmodifiableList(files); }

    /** The verify command, or null when it did not run. */
    @Exported
    public String getVerifyCommand() { return verifyCommand; }

    @Exported
    public boolean isVerifyPassed() { return verifyPassed; }

    /** Runs of the verify command. */
    @Exported
    public int getVerifyAttempts() { return verifyAttempts; }

    /** The last run's exit code; null when it timed out, could not start or did not run. */
    @Exported
    public Integer getVerifyExitCode() { return verifyExitCode; }

    /** The artifact path of this repository's patch, or null when none was written. */
    @Exported
    public String getPatch() {
        String patch = OutputLayout.REPOS + "/" + dir + "/" + OutputLayout.PATCH;
        return files.contains(patch) ? OutputLayout.ROOT + "/" + patch : null;
    }

    /** Only http(s) links are rendered as links on the build page. */
    public boolean isPullRequestLinkSafe() {
        return pullRequestUrl != null && (pullRequestUrl.startsWith("https://") || pullRequestUrl.startsWith("http://"));
    }
}
