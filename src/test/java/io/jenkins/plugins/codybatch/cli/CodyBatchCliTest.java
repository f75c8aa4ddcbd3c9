package io.jenkins.plugins.codybatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.codybatch.engine.agent.Agent;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.batch.AllowlistCheck;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchPreview;
import io.jenkins.plugins.codybatch.engine.batch.JobSpend;
import io.jenkins.plugins.codybatch.engine.batch.DefaultRepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.LocalGitRepositoryService;
import io.jenkins.plugins.codybatch.engine.batch.ScriptedAgent;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySelection;
import io.jenkins.plugins.codybatch.engine.repo.RepositoryService;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodyBatchCliTest {

    private static final String KEY = "sk-ant-test-SECRET-4242";

    @TempDir
    Path tmp;

    private final Map<String, String> env = new HashMap<>(Map.of("ANTHROPIC_API_KEY", KEY));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final TestComponents components = new TestComponents();

    /** Real local git repositories, a scripted agent, and a report writer that leaves a marker file. */
    final class TestComponents implements EngineComponents {
        final LocalGitRepositoryService git = new LocalGitRepositoryService(true);
        final Set<String> failOnce = ConcurrentHashMap.newKeySet();
        final List<CliSettings> settingsSeen = new ArrayList<>();
        final List<BatchJob> jobsSeen = new ArrayList<>();
        final List<DoctorCheck> remote = new ArrayList<>();

        @Override
        public List<String> select(CliSettings settings, RepositorySelection selection) {
            throw new UnsupportedOperationException("these tests list their repositories");
        }

        @Override
        public List<BatchPreview.Entry> preview(CliSettings settings, BatchJob job) {
            throw new UnsupportedOperationException("the dry run is tested against the real engine");
        }

        @Override
        public RepositoryProcessor processor(CliSettings settings, BatchJob job, JobSpend spend) {
            settingsSeen.add(settings);
            jobsSeen.add(job);
            Agent agent = new ScriptedAgent(task -> failOnce.remove(task.repository())
                    ? new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, Usage.ZERO, 0, "overloaded (529)")
                    : ScriptedAgent.editReadme(task));
            List<String> globs = job.allowedRepositories();
            return new DefaultRepositoryProcessor(agent, git,
                    name -> globs.isEmpty() || globs.contains(name) ? null : name + " is not allowed", Clock.systemUTC());
        }

        @Override
        public ReportWriter reportWriter() {
            return dir -> Files.writeString(dir.resolve("report.html"), "<html>report</html>");
        }

        @Override
        public List<DoctorCheck> remoteChecks(CliSettings settings) {
            return remote;
        }
    }

    private int cli(EngineComponents engine, String... args) {
        CliContext context = new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), false, false,
                engine, Clock.systemUTC());
        return CodyBatchCli.execute(context, args);
    }

    private int cli(String... args) {
        return cli(components, args);
    }

    private String repo(String name) throws Exception {
        return LocalGitRepositoryService.createRepository(tmp.resolve("origin"), name).toString();
    }

    private void assertOneLineError(String... fragments) {
        assertThat(err.toString().lines()).hasSize(1);
        assertThat(err.toString()).startsWith("cody-batch: ").contains(fragments).doesNotContain("Exception", "\tat ");
    }

    @Test
    void aSuccessfulRunExitsZeroAndWritesResultsAndReport() throws Exception {
        Path output = tmp.resolve("out");
        int exit = cli("run", "--repo", repo("repo-1"), "--repo", repo("repo-2"), "--prompt", "Rename oldApi",
                "--output", output.toString(), "--name", "rename", "--parallel", "2");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("rename: 2 of 2 repositories to work, 2 at once")
                .containsPattern("COMPLETED  repo-1  1 file  1,500 tokens  \\$0\\.0125")
                .contains("rename: 0 failed, 2 completed, 0 no changes, 0 skipped; 3,000 tokens, $0.0250");
        assertThat(output.resolve("repos/repo-2/patch.diff")).isNotEmptyFile();
        assertThat(output.resolve("report.html")).hasContent("<html>report</html>");
        BatchSummary summary = ResultFiles.readSummary(output);
        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(2);
        assertThat(summary.job().type()).isEqualTo(JobType.CODE_PATTERN_UPDATE);
        assertThat(out.toString() + err).doesNotContain(KEY);
        assertThat(Files.readString(output.resolve("summary.json"))).doesNotContain(KEY);
    }

    @Test
    void onATerminalALiveLineShowsProgress() throws Exception {
        CliContext terminal = new CliContext(env, new PrintWriter(out, true), new PrintWriter(err, true), true, false,
                components, Clock.systemUTC());
        int exit = CodyBatchCli.execute(terminal, "run", "--repo", repo("repo-1"), "--repo", repo("repo-2"),
                "--prompt", "x", "--output", tmp.resolve("out").toString(), "--parallel", "1");
        assertThat(exit).isZero();
        // each line for people takes the live line's place, and the live line is drawn again below it
        assertThat(out.toString()).contains("\r\033[K[0/2] running 0, 0s elapsed, ETA --",
                "\r\033[KSTARTED    " + tmp.resolve("origin/repo-1") + "\n\r\033[K[0/2] running 1,",
                "\r\033[KCOMPLETED  repo-1  1 file", "[1/2] running 0,", "[2/2] running 0,");
        assertThat(out.toString().lines().filter(l -> l.contains("COMPLETED  repo-"))).hasSize(2);
    }

    @Test
    void aFailedRepositoryExitsOneAndRetryFailedRedoesIt() throws Exception {
        Path output = tmp.resolve("out");
        components.failOnce.add("repo-2");
        Path reposFile = Files.writeString(tmp.resolve("repos.txt"),
                "# the batch\n" + repo("repo-1") + "\n\n" + repo("repo-2") + "  # flaky\n");
        Path promptFile = Files.writeString(tmp.resolve("prompt.md"), "Rename oldApi\nto newApi");

        int first = cli("run", "--repos-file", reposFile.toString(), "--prompt-file", promptFile.toString(),
                "--output", output.toString());

        assertThat(first).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED     repo-2").contains("overloaded (529)")
                .contains("--retry-failed " + output);
        assertThat(components.jobsSeen.get(0).prompt()).isEqualTo("Rename oldApi\nto newApi");

        int second = cli("run", "--retry-failed", output.toString());

        assertThat(second).isZero();
        BatchSummary summary = ResultFiles.readSummary(output);
        assertThat(summary.attempt()).isEqualTo(2);
        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(2);
    }

    @Test
    void usageAndConfigurationErrorsExitTwoWithOneLine() throws Exception {
        String repo = repo("repo-1");
        env.remove("ANTHROPIC_API_KEY");
        assertThat(cli("run", "--repo", repo, "--prompt", "x")).isEqualTo(2);
        assertOneLineError("ANTHROPIC_API_KEY is not set");

        env.put("ANTHROPIC_API_KEY", KEY);
        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt-file", tmp.resolve("missing.md").toString())).isEqualTo(2);
        assertOneLineError("--prompt-file", "missing.md", "cannot be read");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--parallel", "many")).isEqualTo(2);
        assertOneLineError("--parallel", "many", "see 'cody-batch run --help'");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--prompt-file", "p.md")).isEqualTo(2);
        assertOneLineError("either --prompt or --prompt-file");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--prompt", "x")).isEqualTo(2);
        assertOneLineError("no repositories");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--type", "refactor")).isEqualTo(2);
        assertOneLineError("--type: Unknown job type 'refactor'; use one of code-pattern-update, analysis");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--create-prs")).isEqualTo(2);
        assertOneLineError("--create-prs needs GITHUB_TOKEN");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--bogus")).isEqualTo(2);
        assertOneLineError("--bogus");

        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo, "--prompt", "x", "--timeout", "soon")).isEqualTo(2);
        assertOneLineError("--timeout must look like 90s, 30m or 2h");

        err.getBuffer().setLength(0);
        assertThat(cli()).isEqualTo(2);
        assertOneLineError("'run' or 'doctor'");
    }

    @Test
    void anOutputFolderWithResultsIsNotOverwritten() throws Exception {
        Path output = tmp.resolve("out");
        assertThat(cli("run", "--repo", repo("repo-1"), "--prompt", "x", "--output", output.toString())).isZero();
        err.getBuffer().setLength(0);
        assertThat(cli("run", "--repo", repo("repo-2"), "--prompt", "x", "--output", output.toString())).isEqualTo(2);
        assertOneLineError("already holds the results of a batch", "--retry-failed");
    }

    @Test
    void flagsWinOverTheEnvironment() throws Exception {
        env.putAll(Map.of("CLAUDE_MODEL", "env-model", "CLAUDE_MAX_TOKENS", "1000", "ANTHROPIC_BASE_URL",
                "http://env-api", "GITHUB_API_URL", "http://env-github", "ALLOWED_REPOSITORIES", "repo-1"));
        String repo1 = repo("repo-1");
        String repo2 = repo("repo-2");

        assertThat(cli("run", "--repo", repo1, "--prompt", "x", "--output", tmp.resolve("a").toString())).isZero();
        CliSettings fromEnv = components.settingsSeen.get(0);
        assertThat(fromEnv.model()).isEqualTo("env-model");
        assertThat(fromEnv.maxTokens()).isEqualTo(1000);
        assertThat(fromEnv.apiUrl()).isEqualTo("http://env-api");
        assertThat(fromEnv.gitHubApiUrl()).isEqualTo("http://env-github");
        assertThat(fromEnv.apiKey()).isEqualTo(KEY);
        assertThat(components.jobsSeen.get(0).model()).isEqualTo("env-model");

        int exit = cli("run", "--repo", repo1, "--repo", repo2, "--prompt", "x", "--output", tmp.resolve("b").toString(),
                "--model", "flag-model", "--max-tokens", "2000", "--api-url", "http://flag-api", "--github-api-url",
                "http://flag-github", "--allowed-repos", "repo-2, other/*");
        assertThat(exit).isZero();
        CliSettings fromFlags = components.settingsSeen.get(1);
        assertThat(fromFlags.model()).isEqualTo("flag-model");
        assertThat(fromFlags.maxTokens()).isEqualTo(2000);
        assertThat(fromFlags.apiUrl()).isEqualTo("http://flag-api");
        assertThat(fromFlags.gitHubApiUrl()).isEqualTo("http://flag-github");
        assertThat(fromFlags.allowedRepositories()).containsExactly("repo-2", "other/*");
        BatchSummary summary = ResultFiles.readSummary(tmp.resolve("b"));
        assertThat(summary.count(RepoStatus.SKIPPED)).isEqualTo(1); // repo-1 is not in the flag's allowlist
        assertThat(summary.job().maxTokens()).isEqualTo(2000);
    }

    @Test
    void defaultsApplyWithoutFlagsOrEnvironmentAndSecretsStayOutOfToString() {
        CliSettings settings = CliSettings.resolve(Map.of("ANTHROPIC_API_KEY", KEY, "GITHUB_TOKEN", "ghp_SECRET"),
                null, null, null, null, null);
        assertThat(settings.apiUrl()).isEqualTo("https://api.anthropic.com");
        assertThat(settings.gitHubApiUrl()).isEqualTo("https://api.github.com");
        assertThat(settings.model()).isNull();
        assertThat(settings.maxTokens()).isZero();
        assertThat(settings.allowedRepositories()).isEmpty();
        assertThat(settings.toString()).doesNotContain(KEY).doesNotContain("ghp_SECRET").contains("apiKey=***");
        assertThatThrownBy(() -> CliSettings.resolve(Map.of("CLAUDE_MAX_TOKENS", "lots"), null, null, null, null, null))
                .hasMessageContaining("CLAUDE_MAX_TOKENS must be a whole number");
    }

    @Test
    void helpAndVersionReadWell() {
        assertThat(cli("--help")).isZero();
        assertThat(out.toString()).contains("Usage: cody-batch", "run", "doctor", "Exit codes:");
        out.getBuffer().setLength(0);

        assertThat(cli("run", "--help")).isZero();
        assertThat(out.toString()).contains("--repo=SPEC", "--repos-file=FILE", "--prompt=TEXT", "--prompt-file=FILE",
                "--output=DIR", "--parallel=N", "--create-prs", "--allowed-repos=GLOBS", "--batch-api", "--retry-failed=DIR",
                "--type=TYPE", "ANTHROPIC_API_KEY", "GITHUB_TOKEN", "ALLOWED_REPOSITORIES");
        out.getBuffer().setLength(0);

        assertThat(cli("--version")).isZero();
        assertThat(out.toString()).startsWith("cody-batch ");
    }

    @Test
    void doctorChecksGitAndTheOutputFolder() throws Exception {
        components.remote.add(new DoctorCheck() {
            @Override
            public String name() {
                return "anthropic api";
            }

            @Override
            public Result run() {
                return Result.ok("model claude-test available");
            }
        });
        assertThat(cli("doctor", "--output", tmp.resolve("new/results").toString())).isZero();
        assertThat(out.toString()).containsPattern("ok +git: git version \\d")
                .contains("ok   output folder: " + tmp.resolve("new/results") + " does not exist yet")
                .contains("ok   anthropic api key: ANTHROPIC_API_KEY is set")
                .contains("ok   anthropic api: model claude-test available")
                .doesNotContain(KEY);

        out.getBuffer().setLength(0);
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertThat(cli("doctor", "--output", file.resolve("results").toString(), "--git",
                tmp.resolve("no-git").toString())).isEqualTo(1);
        assertThat(out.toString()).contains("FAIL git: '" + tmp.resolve("no-git") + "' could not be run")
                .contains("install git")
                .contains("FAIL output folder: ").contains("is not a folder; choose another --output");
    }

    @Test
    void consoleLineShowsThePullRequestWarning() {
        var pr = new io.jenkins.plugins.codybatch.engine.results.PullRequestRef(
                "https://github.com/acme/app/pull/3", 3, "created", "reviewer 'octo' was refused (422)");
        var result = new io.jenkins.plugins.codybatch.engine.results.RepoResult("acme/app", RepoStatus.COMPLETED, null,
                2, Usage.ZERO, 0, List.of("README.md"), pr, null, 10);

        var entry = new io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry("acme/app", "repos/acme__app",
                RepoStatus.COMPLETED, result);
        assertThat(ConsoleProgress.line(entry, tmp)).endsWith(
                "PR created https://github.com/acme/app/pull/3  warning: reviewer 'octo' was refused (422)");
    }

    @Test
    void outputFolderCheckFindsUnwritableFolders() throws Exception {
        // A regular file where a folder must be: no write permission check, so it fails for root too (CI).
        Path file = Files.writeString(tmp.resolve("results-file"), "not a folder");

        DoctorCheck.Result inside = new OutputFolderCheck(file.resolve("out")).run();
        DoctorCheck.Result itself = new OutputFolderCheck(file).run();

        assertThat(inside.ok()).isFalse();
        assertThat(inside.detail()).contains(file + " is not a folder", "choose another --output");
        assertThat(itself.ok()).isFalse();
        assertThat(itself.detail()).contains(file + " is not a folder");
    }
}
