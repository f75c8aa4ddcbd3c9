package io.jenkins.plugins.codybatch.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import jenkins.util.BuildListenerAdapter;

/**
 * The one code path behind the Pipeline step and the freestyle builder: validates the options, reads the
 * credentials, applies the allowlist, runs every repository on the workspace's node (or, with a label, as
 * build-queue tasks on labelled agents) with bounded parallelism, keeps the build page up to date, archives
 * each repository's files as it finishes and decides the build result. No business logic: the engine's {@code RepositoryProcessor} does the work.
 */
final class CodyBatchRunner {

    private static final String PREFIX = "[cody-batch] ";

    private final CodyBatchGlobalConfiguration global;
    private final ProcessorFactory factory;
    private final RepositoryResolver resolver;
    private final CredentialsResolver credentials;
    private final Supplier<QueueFanOut.BuildQueue> buildQueue;

    /** @param buildQueue Jenkins' build queue, asked for only when repositories go to labelled agents */
    CodyBatchRunner(CodyBatchGlobalConfiguration global, ProcessorFactory factory, RepositoryResolver resolver,
            CredentialsResolver credentials, Supplier<QueueFanOut.BuildQueue> buildQueue) {
        this.global = global;
        this.factory = factory;
        this.resolver = resolver;
        this.credentials = credentials;
        this.buildQueue = buildQueue;
    }

    static CodyBatchRunner create() {
        return new CodyBatchRunner(CodyBatchGlobalConfiguration.get(), EngineWiring.processorFactory(),
                EngineWiring.repositoryResolver(), new CredentialsResolver(), QueueFanOut.BuildQueue::jenkins);
    }

    /**
     * Runs the batch and sets the build result (only ever worse).
     *
     * @throws AbortException       configuration problem: nothing ran; the message says what to fix
     * @throws InterruptedException the build was aborted; what finished is recorded and archived
     */
    BatchReport run(BatchOptions options, Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        List<String> problems = OptionsCheck.problems(options, run.getAction(RetryRequest.class) != null);
        String label = firstNonNull(options.getLabel(), global.getDefaultLabel());
        QueueFanOut.BuildQueue queue = label == null ? null : buildQueue.get();
        if (label != null) {
            String problem = QueueFanOut.labelProblem(queue, label);
            if (problem != null) {
                problems.add(problem);
            }
        }
        if (!problems.isEmpty()) {
            throw new AbortException("Cody Batch configuration problem:\n  - " + String.join("\n  - ", problems));
        }
        Map<String, PriceTable.Price> prices;
        try {
            prices = global.prices();
        } catch (IllegalArgumentException e) {
            throw new AbortException("Cody Batch global price table: " + e.getMessage()
                    + " Fix it in Manage Jenkins > System > Cody Batch.");
        }
        CredentialsResolver.Secrets secrets = credentials.resolve(run, env,
                firstNonNull(options.getAnthropicCredentialsId(), global.getAnthropicCredentialsId()),
                firstNonNull(options.getGithubCredentialsId(), global.getGithubCredentialsId()));
        JobType type = JobType.fromId(options.getType());
        if (options.isCreatePullRequests() && type == JobType.CODE_PATTERN_UPDATE && !secrets.hasGitHub()) {
            throw new AbortException("createPullRequests needs GitHub credentials: set githubCredentialsId (or a"
                    + " global default), or bind GITHUB_TOKEN with withCredentials.");
        }
        long installationId = options.getGitHubAppInstallationId() > 0 ? options.getGitHubAppInstallationId()
                : global.getGitHubAppInstallationId();
        if (secrets.gitHubAppId() != null && installationId <= 0) {
            throw new AbortException("The GitHub credentials are GitHub App " + secrets.gitHubAppId() + ", which needs"
                    + " its installation id: set gitHubAppInstallationId (or the global default in Manage Jenkins >"
                    + " System > Cody Batch); it is the number at the end of the App's installation page URL.");
        }
        EngineSettings settings = settings(options, prices, secrets, installationId)
                .withEnvironment(options.getVerifyCommand() != null && env != null ? env : Map.of());
        Redactor mask = EngineWiring.redactor(settings);

        List<String> specs = specs(options, run, settings, mask);
        List<RepoTask> tasks = tasks(specs);
        String name = options.getName() != null ? options.getName() : run.getFullDisplayName();
        CodyBatchAction action = new CodyBatchAction(name, type.id(), tasks);
        run.addOrReplaceAction(action);

        List<String> adminPatterns = global.allowedRepositoryPatterns();
        List<RepoTask> allowed = new ArrayList<>();
        List<RepoOutcome> rejected = new ArrayList<>();
        for (RepoTask task : tasks) {
            String why = RepositoryPatterns.rejection(task.spec(), adminPatterns, options.getAllowedRepositories());
            if (why == null) {
                allowed.add(task);
            } else {
                RepoOutcome outcome = new RepoOutcome(task, RepoResult.skipped(task.spec(), why), List.of());
                rejected.add(outcome);
                action.finished(outcome);
                log.println(PREFIX + task.spec() + ": SKIPPED - " + why);
            }
        }

        BatchJob job = new BatchJob(name, type, options.getPrompt(), allowed.stream().map(RepoTask::spec).toList(),
                settings.model(), options.getMaxTokens(), limits(options), parallelism(options),
                options.getAllowedRepositories(),
                options.isCreatePullRequests() ? pullRequests(options, env) : null, verify(options));
        FilePath outputRoot = workspace.child(OutputLayout.ROOT);
        outputRoot.mkdirs();
        log.println(PREFIX + "Working on " + allowed.size() + " of " + tasks.size() + " repositories, "
                + job.parallelism() + " at a time, "
                + (label == null ? "in " : "on agents labelled '" + label + "' through the build queue; files go to ")
                + outputRoot.getRemote());

        Archiver archiver = new Archiver(run, workspace, launcher, listener);
        RepositoryScheduler.Worker onThisNode = (task, attempt, started) -> {
            ProcessRepositoryCallable.Wire wire;
            try {
                // a previous build's transcript in this workspace must not be served as this one's live one
                outputRoot.child(OutputLayout.REPOS).child(task.dir()).deleteRecursive();
                started.run();
                wire = outputRoot.act(new ProcessRepositoryCallable(job, task, settings, factory));
            } catch (IOException e) {
                throw new RepositoryScheduler.WorkerLostException(mask.redact(String.valueOf(e.getMessage())), null);
            }
            return wire.toOutcome(task);
        };
        if (label == null) {
            action.servingLiveFrom(outputRoot, mask);
        }
        RepositoryScheduler.Worker fanOut = label == null ? onThisNode
                : new QueueFanOut(queue, label, run, job, settings, factory, outputRoot, log);
        RepositoryScheduler.Worker worker = (task, attempt, started) -> {
            if (attempt > 1) {
                log.println(PREFIX + task.spec() + ": the agent was lost; trying once more");
            }
            return fanOut.run(task, attempt, started);
        };
        RepositoryScheduler.Listener progress = new RepositoryScheduler.Listener() {
            @Override
            public void started(RepoTask task) {
                action.started(task);
                log.println(PREFIX + task.spec() + ": started");
            }

            @Override
            public void finished(RepoOutcome outcome) {
                action.finished(outcome);
                archiver.archive(outcome.files());
                log.println(PREFIX + mask.redact(describe(outcome)));
            }
        };
        RepositoryScheduler.Outcome outcome = new RepositoryScheduler(job.parallelism()).run(allowed, worker, progress);
        boolean aborted = outcome.aborted();
        if (aborted) {
            Thread.interrupted(); // clear the flag while recording; rethrown below
        }

        List<RepoEntry> entries = action.getRepositories();
        BatchReport report = new BatchReport(name, ResultPolicy.of(entries.size(),
                (int) entries.stream().filter(e -> e.getStatus() == RepoStatus.FAILED).count(),
                (int) entries.stream().filter(e -> e.getStatus() == RepoStatus.SKIPPED).count(),
                options.getResultWhenSomeFail(), options.getResultWhenAllFail()), aborted, entries);
        action.completed(report.result().toString(), aborted);
        writeSummary(outputRoot, action, archiver);
        log.println(PREFIX + String.format(Locale.ROOT,
                "Done: %d completed, %d without changes, %d failed, %d skipped; %,d tokens, $%.2f%s",
                report.count(RepoStatus.COMPLETED), report.count(RepoStatus.NO_CHANGES), report.count(RepoStatus.FAILED),
                report.count(RepoStatus.SKIPPED), report.usage().totalTokens(), report.cost(),
                aborted ? " (aborted)" : ""));
        if (aborted) {
            throw new InterruptedException("Cody Batch was aborted; unfinished repositories are recorded as such");
        }
        if (report.result().isWorseThan(Result.SUCCESS)) {
            run.setResult(report.result());
        }
        return report;
    }

    private EngineSettings settings(BatchOptions options, Map<String, PriceTable.Price> prices,
            CredentialsResolver.Secrets secrets, long installationId) {
        return new EngineSettings(secrets.anthropicApiKey(), global.getAnthropicApiBaseUrl(),
                firstNonNull(options.getModel(), global.getDefaultModel()), options.getMaxTokens(), prices,
                global.getGitHubApiUrl(), secrets.gitHubToken(), secrets.gitHubAppId(), secrets.gitHubAppPrivateKey(),
                secrets.gitHubAppId() == null ? 0 : installationId, global.allowedRepositoryPatterns(),
                EngineWiring.proxy(global.jenkinsProxy()));
    }

    /** The repositories asked for: a retry's failed ones, or the listed ones plus the selection's. */
    private List<String> specs(BatchOptions options, Run<?, ?> run, EngineSettings settings, Redactor mask)
            throws AbortException {
        Set<String> specs = new LinkedHashSet<>();
        RetryRequest retryButton = run.getAction(RetryRequest.class);
        int retryFrom = options.getRetryFailedFrom() > 0 ? options.getRetryFailedFrom()
                : retryButton != null ? retryButton.getFromBuild() : 0;
        if (retryFrom > 0) {
            Run<?, ?> previous = run.getParent().getBuildByNumber(retryFrom);
            CodyBatchAction previousAction = previous == null ? null : previous.getAction(CodyBatchAction.class);
            if (previousAction == null) {
                throw new AbortException("retryFailedFrom: build #" + retryFrom
                        + " of this job does not exist or did not run Cody Batch.");
            }
            previousAction.getFailedRepositories().forEach(entry -> specs.add(entry.getSpec()));
            if (specs.isEmpty()) {
                throw new AbortException("retryFailedFrom: build #" + retryFrom
                        + " has no failed repositories; nothing to retry.");
            }
            return List.copyOf(specs);
        }
        specs.addAll(options.getRepositories());
        if (options.hasSelection()) {
            try {
                specs.addAll(resolver.resolve(options.selection(), settings));
            } catch (Exception e) {
                throw new AbortException("Could not select repositories: " + mask.redact(e.getMessage()));
            }
        }
        if (specs.isEmpty()) {
            throw new AbortException("The selection matched no repositories; check owner, topic and globs.");
        }
        return List.copyOf(specs);
    }

    /** One task per spec; output folders made unique (acme__a, acme__a-2) so no repository overwrites another. */
    static List<RepoTask> tasks(List<String> specs) {
        Set<String> used = new HashSet<>();
        List<RepoTask> tasks = new ArrayList<>();
        for (String spec : specs) {
            String base = OutputLayout.dirName(spec);
            String dir = base;
            for (int n = 2; !used.add(dir.toLowerCase(Locale.ROOT)); n++) {
                dir = base + "-" + n;
            }
            tasks.add(new RepoTask(spec, dir));
        }
        return tasks;
    }

    private static Limits limits(BatchOptions options) {
        int iterations = options.getMaxIterations() > 0 ? options.getMaxIterations() : Limits.DEFAULT_MAX_ITERATIONS;
        return new Limits(iterations, options.getMaxTokensBudget(), options.getMaxCost());
    }

    /** The options were checked, so the timeout parses. */
    private static VerifyOptions verify(BatchOptions options) {
        if (options.getVerifyCommand() == null) {
            return null;
        }
        long timeout = (options.getVerifyTimeout() == null ? VerifyOptions.DEFAULT_TIMEOUT
                : DurationText.parse(options.getVerifyTimeout())).toSeconds();
        return new VerifyOptions(options.getVerifyCommand(), options.getVerifyAttempts(), timeout,
                options.isVerifyDraftOnFailure());
    }

    private int parallelism(BatchOptions options) {
        return options.getParallelism() > 0 ? options.getParallelism() : Math.max(1, global.getDefaultParallelism());
    }

    private static PullRequestOptions pullRequests(BatchOptions options, EnvVars env) {
        return new PullRequestOptions(options.getBranch(), null, options.isDraft(), options.getLabels(),
                options.getReviewers(), List.of(), options.isSkipCi(), env.get("BUILD_URL"));
    }

    static String describe(RepoOutcome outcome) {
        RepoResult result = outcome.result();
        StringBuilder line = new StringBuilder(outcome.task().spec()).append(": ").append(result.status());
        if (result.error() != null) {
            line.append(" - ").append(result.error());
        }
        if (result.status() == RepoStatus.COMPLETED || result.status() == RepoStatus.NO_CHANGES) {
            line.append(String.format(Locale.ROOT, " (%d files changed, %,d tokens, $%.2f)",
                    result.filesChanged().size(), result.usage().totalTokens(), result.cost()));
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

    private static void writeSummary(FilePath outputRoot, CodyBatchAction action, Archiver archiver)
            throws IOException, InterruptedException {
        outputRoot.child(OutputLayout.SUMMARY).write(Json.MAPPER.writeValueAsString(action.summary()), "UTF-8");
        archiver.archive(List.of(OutputLayout.SUMMARY));
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }

    /** Archives files (relative to the output root) under the same paths in the build's artifacts. */
    private static final class Archiver {
        private final Run<?, ?> run;
        private final FilePath workspace;
        private final Launcher launcher;
        private final TaskListener listener;

        Archiver(Run<?, ?> run, FilePath workspace, Launcher launcher, TaskListener listener) {
            this.run = run;
            this.workspace = workspace;
            this.launcher = launcher;
            this.listener = listener;
        }

        synchronized void archive(List<String> files) {
            if (files.isEmpty()) {
                return;
            }
            Map<String, String> artifacts = new LinkedHashMap<>();
            files.forEach(file -> artifacts.put(OutputLayout.ROOT + "/" + file, OutputLayout.ROOT + "/" + file));
            try {
                run.pickArtifactManager().archive(workspace, launcher, BuildListenerAdapter.wrap(listener), artifacts);
            } catch (IOException e) {
                listener.getLogger().println(PREFIX + "Could not archive " + files + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
