package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.Functions;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.batch.BatchStatus;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import jenkins.model.ParameterizedJobMixIn;
import jenkins.model.RunAction2;
import jenkins.util.VirtualFile;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.POST;

/**
 * The page of one codyBatch step on its build ({@code cody-batch}, {@code cody-batch-2} for a second step): live
 * while the batch runs, final afterwards. It holds the batch's summary.json, the very file the engine writes (no
 * other shape), and serves it and each repository's archived files to the results viewer, behind the build's read
 * permission.
 */
@ExportedBean
public class CodyBatchAction implements RunAction2 {

    private final String urlName;
    private final String name;
    /** summary.json as last written: what the page and /api/json show, and what a retry reads. */
    private String summaryJson;
    private transient BatchSummary summary;
    private transient Run<?, ?> run;
    /** The output folder on the step's node while a batch runs there (local fan-out only); null otherwise. */
    private transient FilePath liveRoot;
    private transient Redactor liveMask;

    CodyBatchAction(String urlName, String name, BatchSummary initial) {
        this.urlName = urlName;
        this.name = name;
        update(initial);
    }

    /** The URL name the build's next codyBatch step gets: cody-batch, then cody-batch-2, ... */
    static String nextUrlName(Run<?, ?> run) {
        return OutputLayout.root(run.getActions(CodyBatchAction.class).size() + 1);
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    /** After a restart a batch that was running is over: whatever had not ended is recorded as failed, for a retry. */
    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
        BatchSummary loaded = getSummary();
        if (loaded != null && loaded.status() == BatchStatus.RUNNING && !r.isBuilding()) {
            update(Interrupted.byRestart(loaded));
        }
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-code-working";
    }

    @Override
    public String getDisplayName() {
        return "Cody Batch: " + name;
    }

    @Override
    public String getUrlName() {
        return urlName;
    }

    synchronized void update(BatchSummary latest) {
        summary = latest;
        try {
            summaryJson = Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(latest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summary.json of the batch, or null when it cannot be read. */
    public synchronized BatchSummary getSummary() {
        if (summary == null && summaryJson != null) {
            try {
                summary = Json.MAPPER.readValue(summaryJson, BatchSummary.class);
            } catch (IOException e) {
                return null;
            }
        }
        return summary;
    }

    /** Lets the page serve a RUNNING repository's transcript from the node's output folder while it is written. */
    synchronized void servingLiveFrom(FilePath outputRoot, Redactor mask) {
        liveRoot = outputRoot;
        liveMask = mask;
    }

    synchronized void stopServingLive() {
        liveRoot = null;
        liveMask = null;
    }

    @Exported
    public String getName() {
        return name;
    }

    @Exported
    public String getType() {
        BatchSummary s = getSummary();
        return s == null || s.type() == null ? null : s.type().id();
    }

    @Exported
    public boolean isRunning() {
        BatchSummary s = getSummary();
        return s != null && s.status() == BatchStatus.RUNNING;
    }

    @Exported
    public boolean isCancelled() {
        BatchSummary s = getSummary();
        return s != null && s.cancelled();
    }

    @Exported
    public int getTotal() {
        BatchSummary s = getSummary();
        return s == null ? 0 : s.total();
    }

    public int count(RepoStatus status) {
        BatchSummary s = getSummary();
        return s == null ? 0 : s.count(status);
    }

    @Exported
    public int getCompleted() { return count(RepoStatus.COMPLETED); }

    @Exported
    public int getNoChanges() { return count(RepoStatus.NO_CHANGES); }

    @Exported
    public int getFailed() { return count(RepoStatus.FAILED); }

    @Exported
    public int getSkipped() { return count(RepoStatus.SKIPPED); }

    @Exported
    public long getTotalTokens() {
        BatchSummary s = getSummary();
        return s == null ? 0 : s.totalTokens();
    }

    @Exported
    public double getCost() {
        BatchSummary s = getSummary();
        return s == null ? 0 : s.cost();
    }

    /** The cost as the page shows it. */
    public String getCostText() {
        return String.format(Locale.ROOT, "$%.4f", getCost());
    }

    /** Why the batch stopped starting repositories early, or null. */
    public String getStopped() {
        BatchSummary s = getSummary();
        return s == null ? null : s.stopped();
    }

    public List<RepositoryEntry> getFailedRepositories() {
        BatchSummary s = getSummary();
        return s == null ? List.of()
                : s.repositories().stream().filter(e -> e.status() == RepoStatus.FAILED).toList();
    }

    /** GET summary: summary.json, as the engine wrote it. */
    public void doSummary(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        checkRead();
        String body;
        synchronized (this) {
            body = summaryJson;
        }
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Cache-Control", "no-cache");
        rsp.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * GET repo/&lt;dir&gt;/&lt;file&gt;: one file of one repository. Only the folders of this batch and the four
     * result file names are served; anything else is 404. A finished repository's files come from the archived
     * artifacts; a RUNNING repository's transcript.jsonl, when it runs on the step's node, from that node's output
     * folder as the engine writes it.
     */
    public void doRepo(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        checkRead();
        String[] parts = req.getRestOfPath().replaceFirst("^/", "").split("/");
        BatchSummary s = getSummary();
        RepositoryEntry entry = s == null || parts.length != 2 || !ResultFiles.isFolderName(parts[0])
                || !OutputLayout.REPOSITORY_FILES.contains(parts[1]) ? null
                : s.entry(ResultFiles.REPOS + "/" + parts[0]);
        if (entry == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (entry.status() == RepoStatus.RUNNING) {
            LiveTranscript.serve(liveRoot(), liveMask(), entry.directory(), parts[1], rsp);
            return;
        }
        VirtualFile file = run.getArtifactManager().root().child(urlName).child(entry.directory()).child(parts[1]);
        if (!file.isFile()) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        LiveTranscript.setFileHeaders(parts[1], rsp);
        try (InputStream in = file.open(); OutputStream out = rsp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private synchronized FilePath liveRoot() {
        return liveRoot;
    }

    private synchronized Redactor liveMask() {
        return liveMask;
    }

    /** Who may see the build may see its results; Run/Artifacts only where Jenkins enables that permission. */
    private void checkRead() {
        run.checkPermission(Functions.isArtifactsPermissionEnabled() ? Run.ARTIFACTS : Item.READ);
    }

    /** Whether the build page offers "Retry failed repositories" (finished, something failed, may build). */
    public boolean isRetryable() {
        return !isRunning() && !getFailedRepositories().isEmpty() && run.getParent().hasPermission(Item.BUILD);
    }

    /**
     * POST retryFailed: schedules a new build of this job in which each codyBatch step runs only the repositories
     * that failed in its batch of this build (the new build reads the {@link RetryRequest}). Needs Job/Build.
     */
    @POST
    public void doRetryFailed(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Job<?, ?> job = run.getParent();
        job.checkPermission(Item.BUILD);
        if (isRunning() || getFailedRepositories().isEmpty()) {
            rsp.sendError(HttpServletResponse.SC_BAD_REQUEST, "This batch is still running or has no failed repositories.");
            return;
        }
        if (ParameterizedJobMixIn.scheduleBuild2(job, 0, new CauseAction(new Cause.UserIdCause()),
                new RetryRequest(run.getNumber())) == null) {
            rsp.sendError(HttpServletResponse.SC_CONFLICT, "Jenkins did not schedule the build (the job may be disabled).");
            return;
        }
        rsp.sendRedirect("../../");
    }

    /** The results viewer's script and style as a Stapler adjunct (written by engine.report). */
    static final String VIEWER_ADJUNCT = "io/jenkins/plugins/codybatch/engine/report/viewer";

    /** Whether the viewer is packaged; without it the page shows the counts only instead of failing. */
    public boolean isViewerAvailable() {
        ClassLoader loader = CodyBatchAction.class.getClassLoader();
        return loader.getResource(VIEWER_ADJUNCT + ".js") != null && loader.getResource(VIEWER_ADJUNCT + ".css") != null;
    }

    /** For the page: the viewer's data URLs, relative to this action's URL (the page adds the action's URL). */
    public String getSummaryPath() {
        return "summary";
    }

    public String getRepoPath() {
        return "repo/";
    }

    /** A batch cut off by a restart, made final. */
    static final class Interrupted {
        private Interrupted() {}

        static BatchSummary byRestart(BatchSummary running) {
            List<RepositoryEntry> entries = running.repositories().stream().map(e -> e.status().isFinal() ? e
                    : e.with(RepoStatus.FAILED, RepoResult.failed(e.spec(), "Jenkins restarted while this repository"
                            + " was " + e.status().name().toLowerCase(Locale.ROOT) + "; use \"Retry failed"
                            + " repositories\" (or retryFailedFrom) to work on it"))).toList();
            return BatchSummary.of(running.job(), BatchStatus.FAILED, running.error(),
                    "Jenkins restarted during the batch", true, running.attempt(), running.started(),
                    java.time.Instant.now().toString(), entries);
        }
    }
}
