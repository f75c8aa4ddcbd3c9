package io.jenkins.plugins.codybatch.cli;

import static io.jenkins.plugins.codybatch.engine.options.JobOption.*;

import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.DurationText;
import io.jenkins.plugins.codybatch.engine.batch.JobBudget;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.options.JobOption;
import io.jenkins.plugins.codybatch.engine.options.JobOptions;
import io.jenkins.plugins.codybatch.engine.repo.CampaignName;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.verify.VerifyOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the run command's flags into a job: checks them through the {@link JobOption} registry, reads the prompt
 * and repository files (or standard input), selects repositories by owner, and for --retry-failed reads the
 * recorded job and lets the flags that change how it runs win. Every mistake is a {@link UsageException} that
 * names the flag given.
 */
final class JobFromFlags {

    static final String DEFAULT_OUTPUT = "cody-batch-output";
    static final int DEFAULT_PARALLEL = 4;
    /** Options that say how the command prints, not what the job is: a retry may give them too. */
    private static final Set<JobOption> CONSOLE = Set.of(JSON, QUIET, VERBOSE, RETRY_FAILED);

    /**
     * A job ready to run or preview.
     *
     * @param previous the summary of the run a --retry-failed continues; null for a new job
     */
    record Prepared(CliSettings settings, BatchJob job, BatchSummary previous, Path outputDir, Duration timeout) {}

    private final CliContext context;
    private final CliOptions flags;
    private final InputFiles input;

    JobFromFlags(CliContext context, CliOptions flags) {
        this.context = context;
        this.flags = flags;
        this.input = new InputFiles(context.in());
    }

    Prepared prepare() {
        List<String> problems = JobOptions.problems(flags.values(), Host.CLI);
        if (!problems.isEmpty()) {
            throw new UsageException(problems.get(0));
        }
        Path retryDir = flags.given(RETRY_FAILED) ? Path.of(flags.text(RETRY_FAILED)) : null;
        BatchSummary previous = retryDir != null ? previousRun(retryDir) : null;
        BatchJob.RunSettings recorded = previous == null ? null : previous.job().settings();
        BatchJob before = previous == null ? null : previous.job();
        Long maxTokens = flags.number(MAX_TOKENS);
        CliSettings settings = CliSettings.resolve(context.env(),
                flags.given(API_URL) || recorded == null ? flags.text(API_URL) : recorded.anthropicApiUrl(),
                flags.given(MODEL) || before == null ? flags.text(MODEL) : before.model(),
                maxTokens != null && maxTokens > 0 ? Integer.valueOf(maxTokens.intValue())
                        : before == null || before.maxTokens() == 0 ? null : Integer.valueOf(before.maxTokens()),
                flags.given(GITHUB_API_URL) || recorded == null ? flags.text(GITHUB_API_URL) : recorded.githubApiUrl(),
                flags.given(ALLOWED_REPOSITORIES) ? String.join(",", flags.list(ALLOWED_REPOSITORIES)) : null);
        boolean dryRun = flags.flag(DRY_RUN);
        if (settings.apiKey() == null && !dryRun) {
            throw new UsageException("ANTHROPIC_API_KEY is not set; export your Anthropic API key first (a "
                    + DRY_RUN.flag() + " needs none)");
        }
        boolean batchApi = flags.flag(USE_BATCH_API) || (before != null && before.useBatchApi());
        Duration timeout = flags.given(TIMEOUT) ? duration(TIMEOUT)
                : recorded != null && recorded.timeoutSeconds() > 0 && batchApi == before.useBatchApi()
                        ? Duration.ofSeconds(recorded.timeoutSeconds()) : BatchRunner.Options.defaultTimeout(batchApi);
        BatchJob.RunSettings runSettings = new BatchJob.RunSettings(settings.apiUrl(), settings.gitHubApiUrl(),
                timeout.toSeconds());
        BatchJob job = before != null ? retried(before, settings, runSettings).withBatchApi(batchApi)
                : newJob(settings, runSettings);
        if (job.createPullRequests() && settings.gitHubToken() == null) {
            throw new UsageException(CREATE_PULL_REQUESTS.flag() + " needs GITHUB_TOKEN; export a GitHub token that may"
                    + " push (or read, with " + FORK.flag() + ")");
        }
        Path outputDir = retryDir != null ? retryDir
                : Path.of(flags.given(OUTPUT) ? flags.text(OUTPUT) : DEFAULT_OUTPUT);
        if (previous == null && !dryRun && Files.exists(outputDir.resolve(ResultFiles.SUMMARY))) {
            throw new UsageException(outputDir + " already holds the results of a batch; choose another "
                    + OUTPUT.flag() + ", or use " + RETRY_FAILED.flag() + " " + outputDir
                    + " to re-run its failed repositories");
        }
        return new Prepared(settings, job, previous, outputDir, timeout);
    }

    private BatchSummary previousRun(Path retryDir) {
        List<String> jobFlags = flags.values().keySet().stream()
                .filter(o -> !o.retryMayChange() && !CONSOLE.contains(o)
                        && !(o == OUTPUT && Path.of(flags.text(OUTPUT)).equals(retryDir)))
                .map(JobOption::flag).toList();
        if (!jobFlags.isEmpty()) {
            throw new UsageException(RETRY_FAILED.flag() + " re-runs the job recorded in " + retryDir + "; drop "
                    + String.join(", ", jobFlags) + " (only options of how it runs may change: "
                    + java.util.Arrays.stream(JobOption.values()).filter(o -> o.retryMayChange() && o.inCli())
                            .map(JobOption::flag).collect(Collectors.joining(", ")) + ")");
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

    private BatchJob retried(BatchJob before, CliSettings settings, BatchJob.RunSettings runSettings) {
        Limits was = before.limits();
        Limits limits = new Limits(positive(MAX_ITERATIONS, was.maxIterations()),
                flags.given(MAX_TOKENS_BUDGET) ? flags.number(MAX_TOKENS_BUDGET) : was.maxTokens(),
                flags.given(MAX_COST) ? flags.amount(MAX_COST) : was.maxCost());
        BatchJob job = before.with(settings.model(), settings.maxTokens(), limits,
                positive(PARALLELISM, before.parallelism()), runSettings);
        if (flags.given(MAX_JOB_TOKENS) || flags.given(MAX_JOB_COST)) {
            JobBudget was2 = before.budget() == null ? new JobBudget(0, 0) : before.budget();
            job = job.withBudget(JobBudget.of(flags.given(MAX_JOB_TOKENS) ? flags.number(MAX_JOB_TOKENS)
                    : was2.maxTokens(), flags.given(MAX_JOB_COST) ? flags.amount(MAX_JOB_COST) : was2.maxCost()));
        }
        return job;
    }

    private BatchJob newJob(CliSettings settings, BatchJob.RunSettings runSettings) {
        String text = prompt();
        JobType type = flags.given(TYPE) ? JobType.fromId(flags.text(TYPE)) : JobType.CODE_PATTERN_UPDATE;
        String name = flags.given(NAME) ? flags.text(NAME).strip() : CampaignName.fromPrompt(text);
        List<String> specs = repositories(settings);
        Limits limits = new Limits(positive(MAX_ITERATIONS, Limits.DEFAULT_MAX_ITERATIONS),
                flags.given(MAX_TOKENS_BUDGET) ? flags.number(MAX_TOKENS_BUDGET) : 0,
                flags.given(MAX_COST) ? flags.amount(MAX_COST) : 0);
        PullRequestOptions pullRequests = !flags.flag(CREATE_PULL_REQUESTS) ? null : new PullRequestOptions(
                flags.text(BRANCH), flags.text(BASE_BRANCH), flags.flag(DRAFT), flags.list(LABELS),
                flags.list(REVIEWERS), flags.list(ASSIGNEES), flags.flag(SKIP_CI), null, flags.flag(RECREATE_CLOSED),
                flags.flag(FORK), flags.text(FORK_ORGANIZATION));
        VerifyOptions verify = !flags.given(VERIFY_COMMAND) ? null : new VerifyOptions(flags.text(VERIFY_COMMAND),
                flags.given(VERIFY_ATTEMPTS) ? flags.number(VERIFY_ATTEMPTS).intValue()
                        : VerifyOptions.DEFAULT_REPAIR_ATTEMPTS,
                (flags.given(VERIFY_TIMEOUT) ? duration(VERIFY_TIMEOUT) : VerifyOptions.DEFAULT_TIMEOUT).toSeconds(),
                flags.flag(VERIFY_DRAFT_ON_FAILURE));
        return new BatchJob(name, type, text, specs, settings.model(), settings.maxTokens(), limits,
                positive(PARALLELISM, DEFAULT_PARALLEL), settings.allowedRepositories(), pullRequests, verify,
                runSettings, JobBudget.of(flags.given(MAX_JOB_TOKENS) ? flags.number(MAX_JOB_TOKENS) : 0,
                        flags.given(MAX_JOB_COST) ? flags.amount(MAX_JOB_COST) : 0), flags.flag(USE_BATCH_API));
    }

    private String prompt() {
        if (flags.given(PROMPT) == flags.given(PROMPT_FILE)) {
            throw new UsageException(flags.given(PROMPT) ? "give either " + PROMPT.flag() + " or " + PROMPT_FILE.flag()
                    + ", not both" : "no prompt: give " + PROMPT.flag() + " TEXT or " + PROMPT_FILE.flag() + " FILE");
        }
        if (InputFiles.STDIN.equals(flags.text(PROMPT_FILE)) && InputFiles.STDIN.equals(flags.text(REPOS_FILE))) {
            throw new UsageException("only one of " + PROMPT_FILE.flag() + " and " + REPOS_FILE.flag()
                    + " can read standard input (-)");
        }
        String text = flags.given(PROMPT) ? flags.text(PROMPT)
                : String.join("\n", input.lines(flags.text(PROMPT_FILE), PROMPT_FILE.flag()));
        if (text.isBlank()) {
            throw new UsageException("the prompt is empty; say what the model should do");
        }
        return text;
    }

    /** The listed repositories, then those of the file, then the selection's; each once, in that order. */
    private List<String> repositories(CliSettings settings) {
        Set<String> specs = new LinkedHashSet<>(flags.list(REPOSITORIES));
        if (flags.given(REPOS_FILE)) {
            for (String line : input.lines(flags.text(REPOS_FILE), REPOS_FILE.flag())) {
                String spec = line.replaceFirst("#.*", "").strip();
                if (!spec.isEmpty()) {
                    specs.add(spec);
                }
            }
        }
        if (flags.given(OWNER)) {
            RepositorySelection selection = new RepositorySelection(flags.text(OWNER), flags.text(TOPIC),
                    flags.text(NAME_GLOB), false, false, flags.text(FILE_GLOB));
            List<String> selected;
            try {
                selected = context.components().select(settings, selection);
            } catch (Exception e) {
                throw new UsageException("could not select repositories with " + selectionText() + ": "
                        + e.getMessage());
            }
            if (selected.isEmpty()) {
                throw new UsageException(selectionText() + " matched no repositories (forks and archived ones are left"
                        + " out); check the owner, the topic and the globs");
            }
            specs.addAll(selected);
        }
        if (specs.isEmpty()) {
            throw new UsageException("no repositories: give " + REPOSITORIES.flag() + " SPEC (repeatable), "
                    + REPOS_FILE.flag() + " FILE or " + OWNER.flag() + " OWNER");
        }
        return new ArrayList<>(specs);
    }

    private String selectionText() {
        return List.of(OWNER, TOPIC, NAME_GLOB, FILE_GLOB).stream().filter(flags::given)
                .map(o -> o.flag() + " " + flags.text(o)).collect(Collectors.joining(" "));
    }

    private int positive(JobOption option, int fallback) {
        Long value = flags.number(option);
        return value != null && value > 0 ? value.intValue() : fallback;
    }

    private Duration duration(JobOption option) {
        return DurationText.parse(flags.text(option)); // checked by the registry already
    }
}
