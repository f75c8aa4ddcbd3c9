package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.ParameterizedJobMixIn;
import jenkins.model.RunAction2;
import jenkins.util.VirtualFile;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.POST;

/**
 * The "Cody Batch" page of a build: live while the batch runs (each repository updates as it finishes),
 * final afterwards. Serves the results viewer's JSON: {@code summary} and {@code repo/<dir>/<file>}
 * (the archived patch.diff, transcript.jsonl, result.json, report.md), each behind a permission check.
 */
@ExportedBean
public class CodyBatchAction implements RunAction2 {

    static final String URL_NAME = "cody-batch";

    private final String name;
    private final String type;
    private final List<RepoEntry> repositories = new ArrayList<>();
    private boolean running = true;
    private boolean aborted;
    private String result;
    private transient Run<?, ?> run;
    /** The output folder on the step's node while a batch runs there (local fan-out only); null otherwise. */
    private transient FilePath liveRoot;
    private transient Redactor liveMask;

    CodyBatchAction(String name, String type, List<RepoTask> tasks) {
        this.name = name;
        this.type = type;
        tasks.forEach(task -> repositories.add(RepoEntry.waiting(task)));
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
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
        return "Cody Batch";
    }

    @Override
    public String getUrlName() {
        return URL_NAME;
    }

    synchronized void started(RepoTask task) {
        replace(RepoEntry.running(task));
    }

    synchronized void finished(RepoOutcome outcome) {
        replace(RepoEntry.finished(outcome));
    }

    /**
     * Lets the page serve a RUNNING repository's transcript from the node's output folder while it is written.
     * Only for local fan-out: with labelled fan-out the files reach this folder when the repository ends.
     */
    synchronized void servingLiveFrom(FilePath outputRoot, Redactor mask) {
        liveRoot = outputRoot;
        liveMask = mask;
    }

    synchronized void completed(String buildResult, boolean wasAborted) {
        liveRoot = null;
        liveMask = null;
        running = false;
        aborted = wasAborted;
        result = buildResult;
    }

    private void replace(RepoEntry entry) {
        for (int i = 0; i < repositories.size(); i++) {
            if (repositories.get(i).getDir().equals(entry.getDir())) {
                repositories.set(i, entry);
                return;
            }
        }
        repositories.add(entry);
    }

    @Exported
    public String getName() { return name; }

    @Exported
    public String getType() { return type; }

    @Exported
    public synchronized boolean isRunning() { return running; }

    @Exported
    public synchronized boolean isAborted() { return aborted; }

    /** The build result the batch asked for (SUCCESS, UNSTABLE, FAILURE), or null while running. */
    @Exported
    public synchronized String getResult() { return result; }

    @Exported(inline = true)
    public synchronized List<RepoEntry> getRepositories() {
        return List.copyOf(repositories);
    }

    public synchronized Map<RepoStatus, Integer> getCounts() {
        Map<RepoStatus, Integer> counts = new EnumMap<>(RepoStatus.class);
        for (RepoStatus status : RepoStatus.values()) {
            counts.put(status, 0);
        }
        repositories.forEach(entry -> counts.merge(entry.getStatus(), 1, Integer::sum));
        return counts;
    }

    @Exported
    public int getTotal() { return getRepositories().size(); }

    @Exported
    public int getCompleted() { return getCounts().get(RepoStatus.COMPLETED); }

    @Exported
    public int getNoChanges() { return getCounts().get(RepoStatus.NO_CHANGES); }

    @Exported
    public int getFailed() { return getCounts().get(RepoStatus.FAILED); }

    @Exported
    public int getSkipped() { return getCounts().get(RepoStatus.SKIPPED); }

    public Usage getUsage() {
        return getRepositories().stream().map(RepoEntry::getUsage).reduce(Usage.ZERO, Usage::plus);
    }

    @Exported
    public long getTotalTokens() { return getUsage().totalTokens(); }

    @Exported
    public double getCost() {
        return getRepositories().stream().mapToDouble(RepoEntry::getCost).sum();
    }

    public List<String> getPullRequestUrls() {
        return getRepositories().stream().filter(RepoEntry::isPullRequestLinkSafe).map(RepoEntry::getPullRequestUrl).toList();
    }

    public List<RepoEntry> getFailedRepositories() {
        return getRepositories().stream().filter(entry -> entry.getStatus() == RepoStatus.FAILED).toList();
    }

    /** GET summary: counts, usage and every repository, as JSON (snake_case, as the results files). */
    public void doSummary(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        run.checkPermission(Item.READ);
        byte[] body = Json.MAPPER.writeValueAsBytes(summary());
        rsp.setContentType("application/json;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.getOutputStream().write(body);
    }

    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("name", name);
        summary.put("type", type);
        summary.put("running", isRunning());
        summary.put("aborted", isAborted());
        summary.put("result", getResult());
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("total", getTotal());
        getCounts().forEach((status, count) -> counts.put(status.name().toLowerCase(java.util.Locale.ROOT), count));
        summary.put("counts", counts);
        summary.put("usage", getUsage());
        summary.put("total_tokens", getTotalTokens());
        summary.put("cost", getCost());
        List<Map<String, Object>> repos = new ArrayList<>();
        for (RepoEntry entry : getRepositories()) {
            Map<String, Object> repo = new LinkedHashMap<>();
            repo.put("repository", entry.getRepository());
            repo.put("spec", entry.getSpec());
            repo.put("dir", entry.getDir());
            repo.put("status", entry.getStatus());
            repo.put("error", entry.getError());
            repo.put("iterations", entry.getIterations());
            repo.put("usage", entry.getUsage());
            repo.put("cost", entry.getCost());
            repo.put("files_changed", entry.getFilesChanged());
            repo.put("pull_request_url", entry.getPullRequestUrl());
            repo.put("summary", entry.getSummary());
            repo.put("duration_millis", entry.getDurationMillis());
            if (entry.getVerifyCommand() != null) {
                Map<String, Object> check = new LinkedHashMap<>();
                check.put("command", entry.getVerifyCommand());
                check.put("passed", entry.isVerifyPassed());
                check.put("attempts", entry.getVerifyAttempts());
                check.put("exit_code", entry.getVerifyExitCode());
                repo.put("verification", check);
            }
            repo.put("files", entry.getFiles().stream().map(f -> f.substring(f.lastIndexOf('/') + 1)).toList());
            repos.add(repo);
        }
        summary.put("repositories", repos);
        return summary;
    }

    /**
     * GET repo/&lt;dir&gt;/&lt;file&gt;: one file of one repository. Only the directories of this batch and the
     * four result file names are served; anything else is 404. A finished repository's files come from the
     * archived artifacts; a RUNNING repository's transcript.jsonl, when it runs on the step's node, from that
     * node's output folder as the engine writes it (its other files do not exist yet).
     */
    public void doRepo(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        run.checkPermission(Run.ARTIFACTS);
        String[] parts = req.getRestOfPath().replaceFirst("^/", "").split("/");
        RepoEntry entry = parts.length != 2 || !OutputLayout.isSafeDir(parts[0])
                || !OutputLayout.SERVED_FILES.contains(parts[1]) ? null
                : getRepositories().stream().filter(e -> e.getDir().equals(parts[0])).findFirst().orElse(null);
        if (entry == null) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        if (entry.getStatus() == RepoStatus.RUNNING) {
            serveLiveTranscript(entry.getDir(), parts[1], rsp);
            return;
        }
        VirtualFile file = run.getArtifactManager().root().child(OutputLayout.ROOT).child(OutputLayout.REPOS)
                .child(parts[0]).child(parts[1]);
        if (!file.isFile()) {
            rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        setFileHeaders(parts[1], rsp);
        try (InputStream in = file.open(); OutputStream out = rsp.getOutputStream()) {
            in.transferTo(out);
        }
    }

    /**
     * The live transcript, complete lines only (the last one may be half written). The engine already redacts
     * the transcript; each line is masked again here with the batch's secrets, so a key the engine missed
     * still does not reach the page.
     */
    private void serveLiveTranscript(String dir, String fileName, StaplerResponse2 rsp) throws IOException {
        FilePath root;
        Redactor mask;
        synchronized (this) {
            root = liveRoot;
            mask = liveMask;
        }
        FilePath file = root == null || !fileName.equals(OutputLayout.TRANSCRIPT) ? null
                : root.child(OutputLayout.REPOS).child(dir).child(fileName);
        try {
            if (file == null || !file.exists() || file.isDirectory()) {
                rsp.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            setFileHeaders(fileName, rsp);
            rsp.setHeader("Cache-Control", "no-cache");
            try (BufferedReader in = new BufferedReader(new InputStreamReader(file.read(), StandardCharsets.UTF_8));
                    OutputStream out = rsp.getOutputStream()) {
                StringBuilder line = new StringBuilder();
                for (int c = in.read(); c != -1; c = in.read()) {
                    if (c == '\n') {
                        out.write((mask.redact(line.toString()) + "\n").getBytes(StandardCharsets.UTF_8));
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while reading the transcript", e);
        }
    }

    private static void setFileHeaders(String fileName, StaplerResponse2 rsp) {
        rsp.setContentType(fileName.endsWith(".json") ? "application/json;charset=UTF-8" : "text/plain;charset=UTF-8");
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Content-Security-Policy", "sandbox; default-src 'none'");
    }

    /** Whether the build page offers "Retry failed repositories" (finished, something failed, may build). */
    public boolean isRetryable() {
        return !isRunning() && !getFailedRepositories().isEmpty() && run.getParent().hasPermission(Item.BUILD);
    }

    /**
     * POST retryFailed: schedules a new build of this job that runs only the repositories that failed here
     * (the new build's batch reads the {@link RetryRequest}). Needs Job/Build.
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

    /** Whether the viewer is packaged; without it the page shows the table only instead of failing. */
    public boolean isViewerAvailable() {
        ClassLoader loader = CodyBatchAction.class.getClassLoader();
        return loader.getResource(VIEWER_ADJUNCT + ".js") != null && loader.getResource(VIEWER_ADJUNCT + ".css") != null;
    }

    /** For the Jelly view: the summary URL relative to the action page. */
    public String getSummaryUrl() {
        return "summary";
    }

    public String getRepoUrl() {
        return "repo";
    }
}
