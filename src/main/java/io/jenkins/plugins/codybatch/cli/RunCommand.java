package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.repo.CampaignName;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        description = {
            "Works the prompt on every repository and writes the results folder.",
            "DIR holds summary.json, report.html and",
            "repos/<owner>__<name>/{patch.diff,transcript.jsonl,result.json,report.md}."
        },
        footerHeading = "%nEnvironment (flags win):%n",
        footer = {
            "  ANTHROPIC_API_KEY     required; never printed or written anywhere",
            "  ANTHROPIC_BASE_URL    like --api-url",
            "  CLAUDE_MODEL          like --model",
            "  CLAUDE_MAX_TOKENS     like --max-tokens",
            "  GITHUB_TOKEN          GitHub token; required with --create-prs",
            "  GITHUB_API_URL        like --github-api-url",
            "  ALLOWED_REPOSITORIES  like --allowed-repos",
            "  HTTPS_PROXY, NO_PROXY proxy for both APIs, hosts reached directly",
            "",
            "Exit codes: 0 all COMPLETED/NO_CHANGES/SKIPPED, 1 some FAILED, 2 usage or configuration error,",
            "130 interrupted (Ctrl-C) or 143 terminated: results so far are kept, report.html written."
        })
final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_OUTPUT = "cody-batch-output";
    static final int DEFAULT_PARALLEL = 4;
    static final String DEFAULT_TIMEOUT = "30m";

    private final CliContext context;

    RunCommand(CliContext context) {
        this.context = context;
    }

    @Option(names = "--repo", paramLabel = "SPEC",
            description = "A repository: owner/name on GitHub, a local path or a git URL. Repeatable.")
    List<String> repos = new ArrayList<>();

    @Option(names = "--repos-file", paramLabel = "FILE",
            description = "A file with one repository spec a line (# starts a comment).")
    Path reposFile;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "What the model should do in each repository.")
    String prompt;

    @Option(names = "--prompt-file", paramLabel = "FILE", description = "Read the prompt from a file instead.")
    Path promptFile;

    @Option(names = "--type", paramLabel = "TYPE", description = "code-pattern-update (edits, patches, pull "
            + "requests) or analysis (read-only, report.md). Default: code-pattern-update.")
    String type;

    @Option(names = "--name", paramLabel = "NAME",
            description = "Job name; names the pull request branch cody-batch/<name>, so keep it the same from run to "
                    + "run. Default: the prompt's first words and a hash of it, e.g. replace-foo-bar-3f9a1c2e.")
    String name;

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder. Default: " + DEFAULT_OUTPUT + ".")
    Path output;

    @Option(names = "--parallel", paramLabel = "N", description = "Repositories worked at once. Default: "
            + DEFAULT_PARALLEL + ".")
    Integer parallel;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit per repository, e.g. 90s, 30m, 2h. Default: " + DEFAULT_TIMEOUT + ".")
    String timeout;

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "Model requests per repository at most. Default: " + Limits.DEFAULT_MAX_ITERATIONS + ".")
    Integer maxIterations;

    @Option(names = "--max-tokens", paramLabel = "N", description = "max_tokens of each model request.")
    Integer maxTokens;

    @Option(names = "--model", paramLabel = "ID", description = "Claude model id.")
    String model;

    @Option(names = "--api-url", paramLabel = "URL", description = "Anthropic API base URL.")
    String apiUrl;

    @Option(names = "--github-api-url", paramLabel = "URL", description = "GitHub API URL (GitHub Enterprise).")
    String gitHubApiUrl;

    @Option(names = "--create-prs", description = "Open or update a pull request where the token may push.")
    boolean createPrs;

    @Option(names = "--recreate-closed", description = "With --create-prs: open a new pull request where the job's "
            + "last one was closed without merging (by default it stays closed).")
    boolean recreateClosed;

    @Option(names = "--allowed-repos", paramLabel = "GLOBS",
            description = "Comma-separated owner/name globs (e.g. acme/*); other repositories are SKIPPED.")
    String allowedRepos;

    @Option(names = "--verify-command", paramLabel = "CMD", description = "Check each change with this command (sh -c"
            + " in the checkout); COMPLETED only when it passes. It runs the repository's code: docs/verification.md.")
    String verifyCommand;

    @Option(names = "--verify-attempts", paramLabel = "N", description = "Times the model may repair a failing check."
            + " Default: " + VerifyOptions.DEFAULT_REPAIR_ATTEMPTS + ".")
    Integer verifyAttempts;

    @Option(names = "--verify-timeout", paramLabel = "DURATION", description = "Limit of one check run, e.g. 90s, 10m."
            + " Default: 10m.")
    String verifyTimeout;

    @Option(names = "--verify-draft-on-failure", description = "With --create-prs: open a change whose check never"
            + " passes as a draft pull request labelled '" + VerifyOptions.FAILED_LABEL + "'.")
    boolean verifyDraftOnFailure;

    @Option(names = "--retry-failed", paramLabel = "DIR", description = "Re-run the FAILED (and unfinished) "
            + "repositories of an earlier run, in its folder, with its recorded job and settings; flags given now win.")
    Path retryDir;

    @Override
    public Integer call() throws IOException {
        BatchSummary previous = retryDir != null ? previousRun() : null;
        BatchJob.RunSettings recorded = previous == null ? null : previous.job().settings();
        CliSettings settings = CliSettings.resolve(context.env(),
                apiUrl != null || recorded == null ? apiUrl : recorded.anthropicApiUrl(),
                model != null || previous == null ? model : previous.job().model(),
                maxTokens != null || previous == null || previous.job().maxTokens() == 0 ? maxTokens
                        : Integer.valueOf(previous.job().maxTokens()),
                gitHubApiUrl != null || recorded == null ? gitHubApiUrl : recorded.githubApiUrl(), allowedRepos);
        if (settings.apiKey() == null) {
            throw new UsageException("ANTHROPIC_API_KEY is not set; export your Anthropic API key first");
        }
        if (parallel != null && parallel < 1) {
            throw new UsageException("--parallel must be at least 1, was " + parallel);
        }
        if (maxIterations != null && maxIterations < 1) {
            throw new UsageException("--max-iterations must be at least 1, was " + maxIterations);
        }
        Duration perRepository = timeout != null ? parseDuration(timeout, "--timeout")
                : recorded != null && recorded.timeoutSeconds() > 0 ? Duration.ofSeconds(recorded.timeoutSeconds())
                        : parseDuration(DEFAULT_TIMEOUT, "--timeout");
        BatchJob.RunSettings runSettings = new BatchJob.RunSettings(settings.apiUrl(), settings.gitHubApiUrl(),
                perRepository.toSeconds());
        Path outputDir;
        BatchJob job;
        if (previous != null) {
            outputDir = retryDir;
            BatchJob before = previous.job();
            job = before.with(settings.model(), settings.maxTokens(),
                    maxIterations == null ? before.limits() : new Limits(maxIterations, before.limits().maxTokens(),
                            before.limits().maxCost()),
                    parallel != null ? parallel : before.parallelism(), runSettings);
        } else {
            outputDir = output != null ? output : Path.of(DEFAULT_OUTPUT);
            if (Files.exists(outputDir.resolve(ResultFiles.SUMMARY))) {
                throw new UsageException(outputDir + " already holds the results of a batch; choose another "
                        + "--output, or use --retry-failed " + outputDir + " to re-run its failed repositories");
            }
            job = newJob(settings, runSettings);
        }
        if (job.createPullRequests() && settings.gitHubToken() == null) {
            throw new UsageException("--create-prs needs GITHUB_TOKEN; export a GitHub token that may push");
        }
        RepositoryProcessor processor;
        try {
            processor = context.components().processor(settings, job);
        } catch (Exception e) {
            throw new UsageException(e.getMessage());
        }
        try {
            Files.createDirectories(outputDir);
        } catch (IOException e) {
            throw new UsageException("cannot write to " + outputDir + " (" + e.getMessage() + "); choose another --output");
        }
        Path workRoot = Files.createTempDirectory("cody-batch-work-");
        LocalResultsStore store = new LocalResultsStore(outputDir);
        BatchRunner runner = new BatchRunner(new LocalWorker(processor, outputDir, workRoot), store,
                new BatchRunner.Options(perRepository, Duration.ofSeconds(30), Duration.ofMillis(500), Host.CLI),
                new ConsoleProgress(context.out(), context.terminal(), outputDir),
                // owner/name is checked before anything is fetched; a path or URL once its name is known
                spec -> ResultFiles.isOwnerName(spec) ? Allowlist.of(job.allowedRepositories()).refusal(spec).orElse(null)
                        : null, context.clock());
        CancelSignals signals = context.shutdownHook() ? CancelSignals.install(runner::cancel) : CancelSignals.NONE;
        BatchSummary summary;
        try {
            summary = previous != null ? runner.retry(previous, job) : runner.run(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            summary = ResultFiles.readSummary(outputDir);
        } finally {
            signals.uninstall();
            ResultFiles.deleteRecursively(workRoot);
        }
        int code = finish(summary, outputDir);
        return runner.isCancelled() ? signals.exitCode() : code;
    }

    private BatchSummary previousRun() {
        if (!repos.isEmpty() || reposFile != null || prompt != null || promptFile != null || type != null
                || name != null || createPrs || recreateClosed || (output != null && !output.equals(retryDir))
                || verifyCommand != null || verifyAttempts != null || verifyTimeout != null || verifyDraftOnFailure) {
            throw new UsageException("--retry-failed re-runs the job recorded in " + retryDir
                    + "; drop --repo, --repos-file, --prompt, --prompt-file, --type, --name, --create-prs,"
                    + " --recreate-closed, --output and --verify-*");
        }
        try {
            BatchSummary previous = ResultFiles.readSummary(retryDir);
            if (previous.job() == null || previous.repositories().isEmpty()) {
                throw new UsageException(retryDir.resolve(ResultFiles.SUMMARY) + " does not record the job and its"
                        + " repositories; it cannot be retried");
            }
            for (var entry : previous.repositories()) {
                if (!ResultFiles.isRepositoryFolder(entry.directory())) { // its folder would be cleared
                    throw new UsageException(retryDir.resolve(ResultFiles.SUMMARY) + " lists a repository folder"
                            + " outside repos/ (" + entry.directory() + "); it cannot be retried");
                }
            }
            return previous;
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private int finish(BatchSummary summary, Path outputDir) {
        if (summary.error() != null) {
            context.err().println("cody-batch: " + summary.error());
            context.err().flush();
            return CodyBatchCli.USAGE;
        }
        try {
            context.components().reportWriter().write(outputDir);
        } catch (IOException | RuntimeException e) {
            context.err().println("warning: report.html was not written (" + e.getMessage() + ")");
        }
        context.out().println(ConsoleProgress.totals(summary));
        context.out().println("Results: " + outputDir.resolve(ResultFiles.SUMMARY) + "  Report: "
                + outputDir.resolve("report.html"));
        if (summary.count(RepoStatus.FAILED) > 0) {
            context.out().println("Re-run the failed ones with: --retry-failed " + outputDir);
        }
        context.out().flush();
        context.err().flush();
        return summary.count(RepoStatus.FAILED) > 0 ? CodyBatchCli.FAILURES : CodyBatchCli.OK;
    }

    private BatchJob newJob(CliSettings settings, BatchJob.RunSettings runSettings) {
        List<String> specs = new ArrayList<>(repos);
        if (reposFile != null) {
            for (String line : readLines(reposFile, "--repos-file")) {
                String spec = line.replaceFirst("#.*", "").trim();
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
            }
        }
        if (specs.isEmpty()) {
            throw new UsageException("no repositories: give --repo SPEC (repeatable) or --repos-file FILE");
        }
        if ((prompt == null) == (promptFile == null)) {
            throw new UsageException(prompt == null ? "no prompt: give --prompt TEXT or --prompt-file FILE"
                    : "give either --prompt or --prompt-file, not both");
        }
        String text = prompt != null ? prompt : String.join("\n", readLines(promptFile, "--prompt-file"));
        if (text.isBlank()) {
            throw new UsageException("the prompt is empty; say what the model should do");
        }
        JobType jobType;
        try {
            jobType = type == null ? JobType.CODE_PATTERN_UPDATE : JobType.fromId(type);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--type: " + e.getMessage());
        }
        String jobName = name != null ? name.trim() : CampaignName.fromPrompt(text);
        if (jobName.isEmpty()) {
            throw new UsageException("--name must not be empty");
        }
        if (recreateClosed && !createPrs) {
            throw new UsageException("--recreate-closed only applies to pull requests; add --create-prs");
        }
        int iterations = maxIterations != null ? maxIterations : Limits.DEFAULT_MAX_ITERATIONS;
        return new BatchJob(jobName, jobType, text, specs, settings.model(), settings.maxTokens(),
                new Limits(iterations, 0, 0), parallel != null ? parallel : DEFAULT_PARALLEL,
                settings.allowedRepositories(),
                createPrs ? PullRequestOptions.defaults().withRecreateClosedPullRequests(recreateClosed) : null,
                verifyOptions(jobType), runSettings);
    }

    private VerifyOptions verifyOptions(JobType jobType) {
        if (verifyCommand == null) {
            if (verifyAttempts != null || verifyTimeout != null || verifyDraftOnFailure) {
                throw new UsageException("--verify-attempts, --verify-timeout and --verify-draft-on-failure go with"
                        + " --verify-command CMD; give the command that checks a change");
            }
            return null;
        }
        if (verifyCommand.isBlank()) {
            throw new UsageException("--verify-command is empty; give the command that checks a change, e.g. 'mvn -q test'");
        }
        if (jobType == JobType.ANALYSIS) {
            throw new UsageException("--verify-command checks changes, and analysis jobs make none; drop it");
        }
        int attempts = verifyAttempts == null ? VerifyOptions.DEFAULT_REPAIR_ATTEMPTS : verifyAttempts;
        if (attempts < 0 || attempts > VerifyOptions.MAX_REPAIR_ATTEMPTS) {
            throw new UsageException("--verify-attempts must be between 0 and " + VerifyOptions.MAX_REPAIR_ATTEMPTS
                    + ", was " + attempts);
        }
        Duration limit = verifyTimeout == null ? VerifyOptions.DEFAULT_TIMEOUT
                : parseDuration(verifyTimeout, "--verify-timeout");
        if (verifyDraftOnFailure && !createPrs) {
            throw new UsageException("--verify-draft-on-failure opens draft pull requests; add --create-prs");
        }
        return new VerifyOptions(verifyCommand, attempts, limit.toSeconds(), verifyDraftOnFailure);
    }

    /** The lines of a UTF-8 text file, without a byte order mark. */
    private static List<String> readLines(Path file, String option) {
        try {
            List<String> lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
            if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
                lines.set(0, lines.get(0).substring(1)); // editors on Windows start files with one
            }
            return lines;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException(option + " " + file + " cannot be read: it does not exist; check the path");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageException(option + " " + file + " cannot be read: permission denied; check its permissions");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + " cannot be read (" + e.getMessage()
                    + "); give a readable UTF-8 text file");
        }
    }

    static Duration parseDuration(String text, String option) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + " " + e.getMessage());
        }
    }
}
