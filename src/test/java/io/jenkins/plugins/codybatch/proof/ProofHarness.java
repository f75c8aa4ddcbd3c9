package io.jenkins.plugins.codybatch.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.codybatch.engine.agent.AgentSettings;
import io.jenkins.plugins.codybatch.engine.agent.ClaudeAgent;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.LocalResultsStore;
import io.jenkins.plugins.codybatch.engine.batch.LocalWorker;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.batch.ResultFiles;
import io.jenkins.plugins.codybatch.engine.batch.DefaultRepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.batch.ProgressListener;
import io.jenkins.plugins.codybatch.engine.batch.PullRequestOptions;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeClient;
import io.jenkins.plugins.codybatch.engine.claude.ClaudeSettings;
import io.jenkins.plugins.codybatch.engine.claude.PriceTable;
import io.jenkins.plugins.codybatch.engine.repo.Allowlist;
import io.jenkins.plugins.codybatch.engine.repo.FakeGitHub;
import io.jenkins.plugins.codybatch.engine.repo.FakeTime;
import io.jenkins.plugins.codybatch.engine.repo.GitRepositoryService;
import io.jenkins.plugins.codybatch.engine.repo.RepositorySettings;
import io.jenkins.plugins.codybatch.engine.repo.github.GitHubClient;
import io.jenkins.plugins.codybatch.engine.repo.github.TokenAuth;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;

/**
 * Real batches for the proof suite: a fake Messages API and a fake GitHub on MockWebServer, bare git origins on
 * disk, and the real BatchRunner, DefaultRepositoryProcessor, ClaudeAgent, ClaudeClient and GitRepositoryService.
 * Retry waits go through recording sleepers, so nothing sleeps for real.
 */
final class ProofHarness implements AutoCloseable {

    static final String API_KEY = "sk-ant-test-CANARY-7f3a9c1e5b2d4680";
    static final String GITHUB_TOKEN = "ghp_CANARY0123456789abcdefABCDEFghij";

    final Path root;
    final MockWebServer claudeServer = new MockWebServer();
    final MockWebServer gitHubServer = new MockWebServer();
    final FakeClaude claude = new FakeClaude();
    final FakeGitHub gitHub = new FakeGitHub();
    final List<Duration> claudeSleeps = new CopyOnWriteArrayList<>();
    /** GitHub's clock: moves only when GitHub waits on it; the waits are recorded. */
    final FakeTime gitHubTime = new FakeTime();
    final List<String> progress = new CopyOnWriteArrayList<>();
    final Path output;
    final Path work;
    ClaudeSettings claudeSettings;

    ProofHarness(Path root) throws IOException {
        this.root = root;
        this.output = root.resolve("out");
        this.work = root.resolve("work");
        claudeServer.setDispatcher(claude);
        claudeServer.start();
        gitHub.validToken = GITHUB_TOKEN;
        gitHubServer.setDispatcher(gitHub);
        gitHubServer.start();
        claudeSettings = ClaudeSettings.defaults().withBaseUrl(claudeServer.url("/").toString())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))
                .withRetries(5, Duration.ofSeconds(60), Duration.ofMillis(500), Duration.ofSeconds(8));
    }

    /** A bare origin acme/&lt;name&gt; with README.md and the given files, registered on the fake GitHub. */
    Path repository(String name, Map<String, byte[]> files) throws Exception {
        Path seed = root.resolve("seeds").resolve(name);
        Files.createDirectories(seed);
        git(seed, "init", "-q");
        Files.writeString(seed.resolve("README.md"), "# " + name + "\n");
        for (var file : files.entrySet()) {
            Path path = seed.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
        }
        git(seed, "add", "-A");
        git(seed, "commit", "-q", "-m", "base");
        Path bare = root.resolve("origins").resolve(name + ".git");
        Files.createDirectories(bare.getParent());
        git(root, "clone", "-q", "--bare", seed.toString(), bare.toString());
        gitHub.addRepo("acme/" + name, bare.toUri().toString(), true);
        return bare;
    }

    Path repository(String name) throws Exception {
        return repository(name, Map.of());
    }

    DefaultRepositoryProcessor processor() {
        ClaudeClient client = new ClaudeClient(claudeSettings, API_KEY, ClaudeClient.defaultHttpClient(claudeSettings),
                claudeSleeps::add);
        ClaudeAgent agent = new ClaudeAgent(client, PriceTable.defaults(), AgentSettings.defaults(),
                client.redactor().plus(List.of(GITHUB_TOKEN)));
        GitHubClient gitHubClient = new GitHubClient(gitHubServer.url("/").toString(), new TokenAuth(GITHUB_TOKEN),
                new OkHttpClient(), gitHubTime, gitHubTime, Duration.ofMinutes(15));
        GitRepositoryService repositories = new GitRepositoryService(gitHubClient, Allowlist.allowAll(),
                RepositorySettings.defaults());
        return new DefaultRepositoryProcessor(agent, repositories, name -> null, Clock.systemUTC());
    }

    BatchJob job(String name, int parallelism, List<String> repositories) {
        return new BatchJob(name, JobType.CODE_PATTERN_UPDATE, "Add a CHANGES.md entry", repositories, null, 0,
                new Limits(10, 0, 0), parallelism, List.of(), PullRequestOptions.defaults());
    }

    BatchRunner runner(Duration repositoryTimeout) {
        return new BatchRunner(new LocalWorker(processor(), output, work), new LocalResultsStore(output),
                new BatchRunner.Options(repositoryTimeout, Duration.ofSeconds(5), Duration.ofMillis(50), Host.CLI),
                new ProgressListener() {
                    @Override
                    public void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
                        progress.add(entry.spec() + " " + entry.status());
                    }

                    @Override
                    public void warning(String message) {
                        progress.add("warning: " + message);
                    }

                    @Override
                    public void batchStopped(String reason) {
                        progress.add("stopped: " + reason);
                    }
                }, null, Clock.systemUTC());
    }

    BatchSummary run(String name, int parallelism, String... repositories) throws Exception {
        return runner(Duration.ofSeconds(60)).run(job(name, parallelism, Arrays.asList(repositories)));
    }

    RepoResult result(BatchSummary summary, String spec) {
        return summary.repositories().stream().filter(e -> e.spec().equals(spec)).findFirst().orElseThrow().result();
    }

    /**
     * The summary read back from disk is final and whole: every repository has a final status and a result.json
     * equal to its summary entry, and the counts add up. Returns the number of repositories that are not (data lost).
     */
    int assertComplete(int total) throws IOException {
        BatchSummary summary = ResultFiles.readSummary(output);
        assertThat(summary.status().name()).isNotEqualTo("RUNNING");
        assertThat(summary.finished()).isNotNull();
        assertThat(summary.total()).isEqualTo(total);
        int lost = 0;
        long sum = 0;
        for (RepoStatus status : RepoStatus.values()) {
            sum += summary.count(status);
        }
        assertThat(sum).as("counts add up").isEqualTo(total);
        assertThat(summary.count(RepoStatus.PENDING) + summary.count(RepoStatus.RUNNING)).isZero();
        for (RepositoryEntry entry : summary.repositories()) {
            Path resultFile = output.resolve(entry.directory()).resolve("result.json");
            if (!entry.status().isFinal() || entry.result() == null || !Files.isRegularFile(resultFile)) {
                lost++;
                continue;
            }
            RepoResult onDisk = io.jenkins.plugins.codybatch.engine.results.Json.MAPPER.readValue(resultFile.toFile(),
                    RepoResult.class);
            assertThat(onDisk.status()).isEqualTo(entry.status());
            if (entry.status() == RepoStatus.FAILED) {
                assertThat(onDisk.error()).as("a FAILED repository says why").isNotBlank()
                        .doesNotContain("\tat ", "Exception:");
            }
        }
        assertThat(lost).as("repositories without a final result").isZero();
        return lost;
    }

    /** Scans every output of the run: files, progress lines, request bodies both fakes received. */
    SecretScan scan(Path... more) {
        SecretScan scan = new SecretScan(API_KEY, GITHUB_TOKEN);
        scan.files(output).files(more).texts("progress", progress).texts("claude request", claude.bodies);
        gitHub.calls.forEach(c -> scan.text("github " + c.method() + " " + c.path(), String.valueOf(c.body())));
        gitHub.pulls.forEach(pr -> scan.text("pull request", pr.toString()));
        return scan;
    }

    String transcript(String name) throws IOException {
        return Files.readString(output.resolve("repos/acme__" + name + "/transcript.jsonl"));
    }

    int pullRequestsCreated(String name) {
        return gitHub.calls("POST", "/repos/acme/" + name + "/pulls").size();
    }

    static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.com",
                "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("git " + String.join(" ", args) + " failed:\n" + out);
        }
        return out.trim();
    }

    @Override
    public void close() {
        claudeServer.close();
        gitHubServer.close();
    }
}
