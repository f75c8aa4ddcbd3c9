package io.jenkins.plugins.codybatch.cli;

import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
            "",
            "Exit codes: 0 all COMPLETED/NO_CHANGES/SKIPPED, 1 some FAILED, 2 usage or configuration error."
        })
final class RunCommand implements Callable<Integer> {

    static final String DEFAULT_OUTPUT = "cody-batch-output";
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");

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
            description = "Job name; names the pull request branch cody-batch/<name>. Default: cody-batch-<UTC time>.")
    String name;

    @Option(names = "--output", paramLabel = "DIR", description = "Results folder. Default: " + DEFAULT_OUTPUT + ".")
    Path output;

    @Option(names = "--parallel", paramLabel = "N", description = "Repositories worked at once. Default: 4.")
    int parallel = 4;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "Wall-clock limit per repository, e.g. 90s, 30m, 2h. Default: 30m.")
    String timeout = "30m";

    @Option(names = "--max-iterations", paramLabel = "N",
            description = "Model requests per repository at most. Default: " + Limits.DEFAULT_MAX_ITERATIONS + ".")
    int maxIterations = Limits.DEFAULT_MAX_ITERATIONS;

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

    @Option(names = "--allowed-repos", paramLabel = "GLOBS",
            description = "Comma-separated owner/name globs (e.g. acme/*); other repositories are SKIPPED.")
    String allowedRepos;

    @Option(names = "--batch-api", description = "Send the model's turns through the Message Batches API: half the "
            + "price, but a turn can take minutes to hours (after 1 h without a result it is sent directly, at full "
            + "price). Set --parallel to the number of repositories so all their turns share each batch, and a "
            + "--timeout of hours.")
    boolean batchApi;

    @Option(names = "--retry-failed", paramLabel = "DIR", description = "Re-run only the FAILED repositories of "
            + "an earlier run, in its folder, with its recorded job.")
    Path retryDir;

    @Override
    public Integer call() throws IOException {
        CliSettings settings = CliSettings.resolve(context.env(), apiUrl, model, maxTokens, gitHubApiUrl, allowedRepos);
        if (settings.apiKey() == null) {
            throw new UsageException("ANTHROPIC_API_KEY is not set; export your Anthropic API key first");
        }
        if (parallel < 1) {
            throw new UsageException("--parallel must be at least 1, was " + parallel);
        }
        if (maxIterations < 1) {
            throw new UsageException("--max-iterations must be at least 1, was " + maxIterations);
        }
        Duration perRepository = parseDuration(timeout);
        Path outputDir;
        BatchJob job;
        if (retryDir != null) {
            if (!repos.isEmpty() || reposFile != null || prompt != null || promptFile != null || type != null
                    || name != null || (output != null && !output.equals(retryDir))) {
                throw new UsageException("--retry-failed re-runs the job recorded in " + retryDir
                        + "; drop --repo, --repos-file, --prompt, --prompt-file, --type, --name and --output");
            }
            outputDir = retryDir;
            try {
                job = BatchRunner.readSummary(retryDir).job();
            } catch (IOException e) {
                throw new UsageException(e.getMessage());
            }
            if (job == null) {
                throw new UsageException(retryDir + " does not record its job; it cannot be retried");
            }
        } else {
            outputDir = output != null ? output : Path.of(DEFAULT_OUTPUT);
            if (Files.exists(outputDir.resolve(ResultFiles.SUMMARY))) {
                throw new UsageException(outputDir + " already holds the results of a batch; choose another "
                        + "--output, or use --retry-failed " + outputDir + " to re-run its failed repositories");
            }
            job = newJob(settings);
        }
        if (batchApi) {
            job = job.withBatchApi(true);
        }
        if (job.createPullRequests() && settings.gitHubToken() == null) {
            throw new UsageException("--create-prs needs GITHUB_TOKEN; export a GitHub token that may push");
        }

        EngineComponents components = context.components();
        RepositoryProcessor processor;
        try {
            processor = components.processor(settings, job);
        } catch (Exception e) {
            throw new UsageException(e.getMessage());
        }
        ReportWriter report = components.reportWriter();

        Path workRoot = Files.createTempDirectory("cody-batch-work-");
        BatchRunner runner = new BatchRunner(
                processor,
                new BatchRunner.Options(perRepository, Duration.ofSeconds(30), Duration.ofMillis(500), workRoot),
                new ConsoleProgress(context.out(), context.terminal()), context.clock());
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            runner.cancel();
            try {
                finished.await(60, TimeUnit.SECONDS); // let summary.json become final before the JVM exits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "cody-batch-cancel");
        if (context.shutdownHook()) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        BatchSummary summary;
        try {
            summary = retryDir != null ? runner.retryFailed(outputDir, parallel) : runner.run(job, outputDir);
        } catch (IOException e) {
            throw new UsageException("cannot write to " + outputDir + " (" + e.getMessage()
                    + "); choose another --output");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.err().println("cody-batch: cancelled; see " + outputDir.resolve(ResultFiles.SUMMARY));
            return CodyBatchCli.FAILURES;
        } finally {
            finished.countDown();
            ResultFiles.deleteRecursively(workRoot);
        }
        if (context.shutdownHook() && !runner.isCancelled()) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return finish(summary, outputDir, report);
    }

    private int finish(BatchSummary summary, Path outputDir, ReportWriter report) {
        if (summary.error() != null) {
            context.err().println("cody-batch: " + summary.error());
            context.err().flush();
            return CodyBatchCli.USAGE;
        }
        try {
            report.write(outputDir);
        } catch (IOException | RuntimeException e) {
            context.err().println("warning: report.html was not written (" + e.getMessage() + ")");
        }
        context.out().printf(Locale.ROOT, "%s %s: %d completed, %d no changes, %d skipped, %d failed; %,d tokens, "
                        + "$%.4f%s%n", summary.name(), summary.status(), summary.count(RepoStatus.COMPLETED),
                summary.count(RepoStatus.NO_CHANGES), summary.count(RepoStatus.SKIPPED),
                summary.count(RepoStatus.FAILED), summary.totalTokens(), summary.cost(),
                summary.cancelled() ? " (cancelled)" : "");
        context.out().println("Results: " + outputDir.resolve(ResultFiles.SUMMARY) + "  Report: "
                + outputDir.resolve("report.html"));
        if (summary.count(RepoStatus.FAILED) > 0) {
            context.out().println("Re-run the failed ones with: --retry-failed " + outputDir);
        }
        context.out().flush();
        context.err().flush();
        return summary.count(RepoStatus.FAILED) > 0 ? CodyBatchCli.FAILURES : CodyBatchCli.OK;
    }

    private BatchJob newJob(CliSettings settings) {
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
        String jobName = name != null ? name.trim()
                : "cody-batch-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                        .format(context.clock().instant());
        if (jobName.isEmpty()) {
            throw new UsageException("--name must not be empty");
        }
        return new BatchJob(jobName, jobType, text, specs, settings.model(), settings.maxTokens(),
                new Limits(maxIterations, 0, 0), parallel, settings.allowedRepositories(),
                createPrs ? PullRequestOptions.defaults() : null);
    }

    private static List<String> readLines(Path file, String option) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UsageException(option + " " + file + " cannot be read: it does not exist; check the path");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new UsageException(option + " " + file + " cannot be read: permission denied; check its permissions");
        } catch (IOException e) {
            throw new UsageException(option + " " + file + " cannot be read (" + e.getMessage()
                    + "); give a readable UTF-8 text file");
        }
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException("--timeout must look like 90s, 30m or 2h, was '" + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }
}
