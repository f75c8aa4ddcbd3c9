package io.jenkins.plugins.codybatch.jenkins;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchStatus;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.batch.JobBudget;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryWorker;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Verification;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.security.core.Authentication;

/**
 * The one code path behind the Pipeline step and the freestyle builder: validates the options, reads the
 * credentials, turns them into the engine's job and settings, and hands the batch to the engine's
 * {@link BatchRunner} with a Jenkins worker (the step's node, or build-queue tasks on labelled agents) and a store
 * that archives each repository as it finishes. Then it decides the build result. No business logic of its own.
 */
final class CodyBatchRunner {

    static final String PREFIX = "[cody-batch] ";

    private final CodyBatchGlobalConfiguration global;
    private final ProcessorFactory factory;
    private final RepositoryResolver resolver;
    private final CredentialsResolver credentials;
    private final Supplier<QueueFanOut.BuildQueue> buildQueue;
    private final BatchRunner.Options runnerOptions;

    /** @param buildQueue Jenkins' build queue, asked for only when repositories go to labelled agents */
    CodyBatchRunner(CodyBatchGlobalConfiguration global, ProcessorFactory factory, RepositoryResolver resolver,
            CredentialsResolver credentials, Supplier<QueueFanOut.BuildQueue> buildQueue,
            BatchRunner.Options runnerOptions) {
        this.global = global;
        this.factory = factory;
        this.resolver = resolver;
        this.credentials = credentials;
        this.buildQueue = buildQueue;
        this.runnerOptions = runnerOptions;
    }

    static CodyBatchRunner create() {
        return new CodyBatchRunner(CodyBatchGlobalConfiguration.get(), EngineWiring.processorFactory(),
                EngineWiring.repositoryResolver(), new CredentialsResolver(), QueueFanOut.BuildQueue::jenkins,
                BatchRunner.Options.defaults(Host.JENKINS));
    }

    /**
     * Runs the batch and sets the build result (only ever worse).
     *
     * @param authentication the build's, captured where the step started (null: as Jenkins decides)
     * @throws AbortException       configuration problem: nothing ran; the message says what to fix
     * @throws InterruptedException the build was aborted; what finished is recorded and archived
     */
    BatchReport run(BatchOptions options, Run<?, ?> run, FilePath workspace, EnvVars env, Launcher launcher,
            TaskListener listener, Authentication authentication) throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        List<String> problems = OptionsCheck.problems(options, run.getAction(RetryRequest.class) != null);
        String label = firstNonNull(options.getLabel(), global.getDefaultLabel());
        QueueFanOut.BuildQueue queue = label == null ? null : buildQueue.get();
        hudson.model.Node stepNode = label == null ? null : LabelChecks.nodeOf(workspace);
        if (label != null) {
            String problem = LabelChecks.problem(queue, label, stepNode);
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
        try {
            return runBatch(options, run, workspace, env, launcher, listener, authentication,
                    new Plan(label, queue, stepNode, type, settings, mask));
        } catch (IOException e) { // what the build log and the step's error show: never a secret
            throw MaskedException.of(e, mask);
        } catch (RuntimeException e) {
            throw MaskedException.of(e, mask);
        }
    }

    /** What the checks decided: where the repositories run, the job type, the engine's settings and their mask. */
    private record Plan(String label, QueueFanOut.BuildQueue queue, hudson.model.Node stepNode, JobType type,
            EngineSettings settings, Redactor mask) {}

    private BatchReport runBatch(BatchOptions options, Run<?, ?> run, FilePath workspace, EnvVars env,
            Launcher launcher, TaskListener listener, Authentication authentication, Plan plan)
            throws IOException, InterruptedException {
        PrintStream log = listener.getLogger();
        String label = plan.label();
        JobType type = plan.type();
        EngineSettings settings = plan.settings();
        Redactor mask = plan.mask();
        String page = CodyBatchAction.nextUrlName(run);
        // the job's name, not the build's: every nightly build of a job works on the same pull requests
        String name = options.getName() != null ? options.getName() : run.getParent().getFullName();
        List<String> specs = specs(options, run, page, settings, mask);
        if (specs.isEmpty()) {
            log.println(PREFIX + "Nothing of this step failed in build #" + run.getAction(RetryRequest.class).getFromBuild()
                    + "; nothing to retry here.");
            BatchReport nothing = BatchReport.nothingToDo(name, page);
            run.addAction(new CodyBatchAction(page, name, nothing.summary())); // keeps the pages of later steps in step
            return nothing;
        }
        BatchRunner.Options runOptions = options.getTimeout() == null && !options.isUseBatchApi() ? runnerOptions
                : new BatchRunner.Options(options.getTimeout() == null ? BatchRunner.Options.BATCH_API_TIMEOUT
                        : DurationText.parse(options.getTimeout()), runnerOptions.stopGrace(),
                        runnerOptions.summaryInterval(), runnerOptions.host());
        BatchJob job = new BatchJob(name, type, options.getPrompt(), specs,
                settings.model(), options.getMaxTokens(), limits(options), parallelism(options),
                options.getAllowedRepositories(), options.isCreatePullRequests() ? pullRequests(options, env) : null,
                verify(options), new BatchJob.RunSettings(global.getAnthropicApiBaseUrl(), global.getGitHubApiUrl(),
                        runOptions.repositoryTimeout().toSeconds()),
                JobBudget.of(options.getMaxJobTokens(), options.getMaxJobCost()), options.isUseBatchApi());
        CodyBatchAction action = new CodyBatchAction(page, name, BatchSummary.of(job, BatchStatus.RUNNING, null, null,
                false, 1, java.time.Instant.now().toString(), null, RepositoryEntry.forSpecs(job.repositories())));
        run.addAction(action);
        NodeResultsStore store = new NodeResultsStore(workspace, page, action, run, launcher, listener);
        FilePath outputRoot = store.outputRoot();
        outputRoot.mkdirs();
        deleteLeftCheckouts(outputRoot, log, mask);
        // one meter for the whole job: the conversations on every node add to it and stop on it, and so does the runner
        JobSpend jobSpend = new JobSpend(job.budget(), settings.host());
        RepositoryWorker worker;
        if (label == null) {
            worker = new NodeWorker(outputRoot, settings, factory, jobSpend);
        } else {
            QueueFanOut fanOut = new QueueFanOut(plan.queue(), label, run, authentication, settings, factory,
                    jobSpend, outputRoot, log);
            fanOut.warnIfStepNodeHasTheLabel(plan.stepNode());
            worker = fanOut;
        }
        if (label == null) {
            action.servingLiveFrom(outputRoot, mask);
        }
        int count = job.repositories().size();
        log.println(PREFIX + "Working on " + count + (count == 1 ? " repository, " : " repositories, ") + job.parallelism()
                + " at a time, " + (label == null ? "in " : "on agents labelled '" + label
                        + "' through the build queue; files go to ") + outputRoot.getRemote());
        BatchRunner runner = new BatchRunner(worker, store, runOptions, new BuildLog(log, mask),
                RepositoryPatterns.check(global.allowedRepositoryPatterns(), options.getAllowedRepositories()),
                Clock.systemUTC(), jobSpend);
        BatchSummary summary;
        boolean aborted = false;
        try {
            summary = runner.run(job);
        } catch (InterruptedException e) {
            aborted = true;
            summary = action.getSummary(); // final: the runner wrote it before giving up
        } finally {
            action.stopServingLive();
            store.archiveSummary();
        }
        BatchReport report = new BatchReport(summary, ResultPolicy.of(summary.total(), summary.count(RepoStatus.FAILED),
                summary.count(RepoStatus.SKIPPED), options.getResultWhenSomeFail(), options.getResultWhenAllFail()),
                aborted, page);
        log.println(PREFIX + BuildLog.totals(summary));
        if (aborted) {
            throw new InterruptedException("Cody Batch was aborted; unfinished repositories are recorded as such");
        }
        if (report.result().isWorseThan(Result.SUCCESS)) {
            run.setResult(report.result());
        }
        return report;
    }

    /**
     * Checkouts are made under work/ of the output folder and deleted when a repository ends; a restart of Jenkins (or
     * of the agent) cuts that short, and the workspace keeps them until the next batch there removes them here.
     */
    private static void deleteLeftCheckouts(FilePath outputRoot, PrintStream log, Redactor mask)
            throws InterruptedException {
        FilePath work = outputRoot.child(ProcessRepositoryCallable.CHECKOUTS);
        try {
            if (work.exists() && !work.list().isEmpty()) {
                work.deleteRecursive();
                log.println(PREFIX + "Deleted checkouts an interrupted earlier batch left in " + work.getRemote());
            }
        } catch (IOException e) {
            log.println(PREFIX + "Could not delete " + work.getRemote() + ": " + mask.redact(String.valueOf(e.getMessage())));
        }
    }

    private EngineSettings settings(BatchOptions options, Map<String, PriceTable.Price> prices,
            CredentialsResolver.Secrets secrets, long installationId) {
        return new EngineSettings(secrets.anthropicApiKey(), global.getAnthropicApiBaseUrl(),
                firstNonNull(options.getModel(), global.getDefaultModel()), options.getMaxTokens(), prices,
                global.getGitHubApiUrl(), secrets.gitHubToken(), secrets.gitHubAppId(), secrets.gitHubAppPrivateKey(),
                secrets.gitHubAppId() == null ? 0 : installationId, global.allowedRepositoryPatterns(),
                EngineWiring.proxy(global.jenkinsProxy()), Map.of(), Host.JENKINS);
    }

    /** The repositories asked for: a retry's failed ones, or the listed ones plus the selection's. */
    private List<String> specs(BatchOptions options, Run<?, ?> run, String page, EngineSettings settings,
            Redactor mask) throws AbortException {
        Set<String> specs = new LinkedHashSet<>();
        RetryRequest retryButton = run.getAction(RetryRequest.class);
        int retryFrom = options.getRetryFailedFrom() > 0 ? options.getRetryFailedFrom()
                : retryButton != null ? retryButton.getFromBuild() : 0;
        if (retryFrom > 0) {
            Run<?, ?> previous = run.getParent().getBuildByNumber(retryFrom);
            CodyBatchAction previousAction = previous == null ? null : previous.getActions(CodyBatchAction.class)
                    .stream().filter(a -> a.getUrlName().equals(page)).findFirst().orElse(null);
            if (previousAction != null) {
                previousAction.getFailedRepositories().forEach(entry -> specs.add(entry.spec()));
            }
            if (specs.isEmpty() && options.getRetryFailedFrom() > 0) {
                throw new AbortException("retryFailedFrom: build #" + retryFrom + (previousAction == null
                        ? " of this job does not exist or did not run this Cody Batch step."
                        : " has no failed repositories; nothing to retry."));
            }
            return List.copyOf(specs); // the retry button: a step with nothing to retry does nothing
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
        return new PullRequestOptions(options.getBranch(), options.getBaseBranch(), options.isDraft(),
                options.getLabels(), options.getReviewers(), options.getAssignees(), options.isSkipCi(),
                env.get("BUILD_URL"), options.isRecreateClosedPullRequests(), options.isFork(),
                options.getForkOrganization());
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
