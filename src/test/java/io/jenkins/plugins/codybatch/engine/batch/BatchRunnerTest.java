package io.jenkins.plugins.codybatch.engine.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.codybatch.engine.agent.AgentOutcome;
import io.jenkins.plugins.codybatch.engine.agent.Limits;
import io.jenkins.plugins.codybatch.engine.repo.PullRequestRequest;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchRunnerTest {

    @TempDir
    Path tmp;

    private final LocalGitRepositoryService git = new LocalGitRepositoryService(true);

    private List<String> repositories(int count) throws Exception {
        List<String> specs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            specs.add(LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "repo-" + i).toString());
        }
        return specs;
    }

    private static BatchJob job(JobType type, List<String> repos, int parallelism, PullRequestOptions prs) {
        return new BatchJob("rename-api", type, "Rename oldApi to newApi", repos, null, 0, Limits.defaults(),
                parallelism, List.of(), prs);
    }

    private BatchRunner runner(ScriptedAgent agent, AllowlistCheck allowlist, Duration timeout, ProgressListener listener) {
        DefaultRepositoryProcessor processor =
                new DefaultRepositoryProcessor(agent, git, allowlist, Clock.systemUTC());
        return new BatchRunner(processor, new BatchRunner.Options(timeout, Duration.ofSeconds(20),
                Duration.ofMillis(20), tmp.resolve("work")), listener, Clock.systemUTC());
    }

    private BatchRunner runner(ScriptedAgent agent) {
        return runner(agent, AllowlistCheck.allowAll(), Duration.ofMinutes(5), ProgressListener.NONE);
    }

    private static Map<String, RepoResult> byRepository(BatchSummary summary) {
        return summary.repositories().stream()
                .collect(Collectors.toMap(e -> Path.of(e.spec()).getFileName().toString(), RepositoryEntry::result));
    }

    @Test
    void worksEveryRepositoryAndWritesItsFiles() throws Exception {
        List<String> specs = repositories(3);
        Path out = tmp.resolve("out");

        BatchSummary summary = runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 2, null), out);

        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(3);
        assertThat(summary.usage()).isEqualTo(new Usage(3000, 600, 0, 900));
        assertThat(summary.cost()).isCloseTo(0.0375, org.assertj.core.data.Offset.offset(1e-9));
        for (int i = 1; i <= 3; i++) {
            Path dir = out.resolve("repos/repo-" + i);
            assertThat(Files.readString(dir.resolve("patch.diff")))
                    .contains("+++ b/README.md").contains("+# changed by the model");
            assertThat(Files.readString(dir.resolve("transcript.jsonl"))).contains("\"repository\":\"repo-" + i + "\"");
            RepoResult result = Json.MAPPER.readValue(dir.resolve("result.json").toFile(), RepoResult.class);
            assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
            assertThat(result.filesChanged()).containsExactly("README.md");
            assertThat(result.summary()).isEqualTo("Updated the README.");
            assertThat(result.pullRequest()).isNull();
        }
        assertThat(tmp.resolve("work")).isEmptyDirectory(); // checkouts are deleted
        BatchSummary onDisk = BatchRunner.readSummary(out);
        assertThat(onDisk.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(onDisk.finished()).isNotNull();
        assertThat(onDisk.job()).isEqualTo(summary.job());
        assertThat(onDisk.repositories()).isEqualTo(summary.repositories());
    }

    @Test
    void neverRunsMoreRepositoriesAtOnceThanTheParallelism() throws Exception {
        List<String> specs = repositories(6);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        // Three at a time must meet here: fewer would time out the barrier, more would raise "most" above 3.
        CyclicBarrier three = new CyclicBarrier(3);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                three.await(30, TimeUnit.SECONDS);
                return ScriptedAgent.editReadme(task);
            } finally {
                running.decrementAndGet();
            }
        });

        BatchSummary summary = runner(agent).run(job(JobType.CODE_PATTERN_UPDATE, specs, 3, null), tmp.resolve("out"));

        assertThat(summary.count(RepoStatus.COMPLETED)).isEqualTo(6);
        assertThat(most.get()).isEqualTo(3);
    }

    @Test
    void oneRepositoryCrashingOrHangingOrMissingDoesNotStopTheOthers() throws Exception {
        List<String> specs = new ArrayList<>(repositories(4));
        specs.add(tmp.resolve("origin/does-not-exist").toString());
        ScriptedAgent agent = new ScriptedAgent(task -> switch (task.repository()) {
            case "repo-1" -> throw new IllegalStateException("bug in a tool");
            case "repo-2" -> {
                Thread.sleep(600_000); // hangs until the timeout interrupts it
                yield ScriptedAgent.done("never");
            }
            case "repo-3" -> null;
            default -> ScriptedAgent.editReadme(task);
        });

        BatchSummary summary = runner(agent, AllowlistCheck.allowAll(), Duration.ofSeconds(2), ProgressListener.NONE)
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 5, null), tmp.resolve("out"));

        Map<String, RepoResult> results = byRepository(summary);
        assertThat(results.get("repo-1").status()).isEqualTo(RepoStatus.FAILED);
        assertThat(results.get("repo-1").error()).contains("internal error while running the agent")
                .contains("bug in a tool");
        assertThat(results.get("repo-2").status()).isEqualTo(RepoStatus.FAILED);
        assertThat(results.get("repo-2").error()).startsWith("timed out after 2 s");
        assertThat(results.get("repo-3").error()).contains("the agent returned no outcome");
        assertThat(results.get("does-not-exist").error()).contains("No git repository at");
        assertThat(results.get("repo-4").status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(summary.count(RepoStatus.FAILED)).isEqualTo(4);
        RepoResult onDisk = ResultFiles.readResult(tmp.resolve("out/repos/repo-2"));
        assertThat(onDisk.error()).startsWith("timed out after 2 s");
    }

    @Test
    void theBatchFailsWhenEveryRepositoryFailsOrTheJobIsWrong() throws Exception {
        List<String> specs = repositories(2);
        ScriptedAgent agent = new ScriptedAgent(task ->
                new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, Usage.ZERO, 0, "The API key was rejected (401)."));
        BatchSummary summary = runner(agent).run(job(JobType.CODE_PATTERN_UPDATE, specs, 2, null), tmp.resolve("a"));
        assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(summary.repositories()).allSatisfy(e ->
                assertThat(e.result().error()).isEqualTo("The API key was rejected (401)."));

        BatchSummary empty = runner(agent).run(job(JobType.CODE_PATTERN_UPDATE, List.of(" "), 2, null), tmp.resolve("b"));
        assertThat(empty.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(empty.error()).contains("names no repositories");
        assertThat(BatchRunner.readSummary(tmp.resolve("b")).error()).contains("names no repositories");
    }

    @Test
    void cancellingStopsTheRunningRepositoryAndMarksTheOthers() throws Exception {
        List<String> specs = repositories(3);
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            Files.writeString(task.checkout().resolve("README.md"), "half done\n");
            started.countDown();
            Thread.sleep(600_000);
            return ScriptedAgent.done("never");
        });
        BatchRunner runner = runner(agent);
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            Future<BatchSummary> running = caller.submit(() ->
                    runner.run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), tmp.resolve("out")));
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            runner.cancel();
            BatchSummary summary = running.get(60, TimeUnit.SECONDS);

            assertThat(summary.cancelled()).isTrue();
            assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
            assertThat(agent.repositoriesRun).containsExactly("repo-1");
            Map<String, RepoResult> results = byRepository(summary);
            assertThat(results.get("repo-1").error()).startsWith("cancelled while running");
            assertThat(results.get("repo-2").error()).startsWith("cancelled before it started");
            assertThat(results.get("repo-3").status()).isEqualTo(RepoStatus.FAILED);
            assertThat(BatchRunner.readSummary(tmp.resolve("out")).status()).isEqualTo(BatchStatus.FAILED);
        } finally {
            caller.shutdownNow();
        }
    }

    @Test
    void interruptingTheCallerEndsTheSummaryAndThrows() throws Exception {
        List<String> specs = repositories(2);
        CountDownLatch started = new CountDownLatch(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            started.countDown();
            Thread.sleep(600_000);
            return ScriptedAgent.done("never");
        });
        BatchRunner runner = runner(agent);
        List<Throwable> thrown = new CopyOnWriteArrayList<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), tmp.resolve("out"));
            } catch (Exception e) {
                thrown.add(e);
            }
        });
        caller.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(60_000);

        assertThat(thrown).singleElement().isInstanceOf(InterruptedException.class);
        BatchSummary summary = BatchRunner.readSummary(tmp.resolve("out"));
        assertThat(summary.finished()).isNotNull();
        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.count(RepoStatus.FAILED)).isEqualTo(2);
    }

    @Test
    void writesEachResultAsItFinishesAndKeepsSummaryValidWhileRunning() throws Exception {
        List<String> specs = repositories(3);
        Path out = tmp.resolve("out");
        List<String> seenAtFinish = new CopyOnWriteArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void repositoryFinished(RepositoryEntry entry, int done, int toRun) {
                RepoResult onDisk = ResultFiles.readResult(out.resolve(entry.directory()));
                seenAtFinish.add(done + "/" + toRun + " " + (onDisk == null ? "missing" : onDisk.status()));
            }
        };
        List<JsonNode> summariesSeen = new CopyOnWriteArrayList<>();
        ScriptedAgent agent = new ScriptedAgent(task -> {
            if (task.repository().equals("repo-3")) {
                // The third repository waits until summary.json shows the first two as done.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    JsonNode json = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
                    if (json.get("counts").get("COMPLETED").asInt() == 2) {
                        summariesSeen.add(json);
                        break;
                    }
                    Thread.sleep(10);
                }
            }
            return ScriptedAgent.editReadme(task);
        });

        runner(agent, AllowlistCheck.allowAll(), Duration.ofMinutes(5), listener)
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), out);

        assertThat(seenAtFinish).containsExactly("1/3 COMPLETED", "2/3 COMPLETED", "3/3 COMPLETED");
        assertThat(summariesSeen).singleElement().satisfies(json -> {
            assertThat(json.get("status").asText()).isEqualTo("RUNNING");
            assertThat(json.has("finished")).isFalse();
            assertThat(json.get("counts").get("RUNNING").asInt()).isEqualTo(1);
            assertThat(json.get("repositories").get(2).get("status").asText()).isEqualTo("RUNNING");
            assertThat(json.get("repositories").get(0).get("result").get("status").asText()).isEqualTo("COMPLETED");
        });
    }

    @Test
    void retryRedoesOnlyTheFailedRepositoriesAndNeverOpensAPullRequestTwice() throws Exception {
        List<String> specs = repositories(3);
        Path out = tmp.resolve("out");
        PullRequestOptions prs = PullRequestOptions.defaults();
        ScriptedAgent first = new ScriptedAgent(task -> task.repository().equals("repo-2")
                ? new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, new Usage(5, 5, 0, 0), 0.001, "overloaded (529)")
                : ScriptedAgent.editReadme(task));
        BatchSummary before = runner(first).run(job(JobType.CODE_PATTERN_UPDATE, specs, 2, prs), out);
        assertThat(before.count(RepoStatus.FAILED)).isEqualTo(1);
        assertThat(git.published).hasSize(2);

        ScriptedAgent second = new ScriptedAgent(ScriptedAgent::editReadme);
        BatchSummary after = runner(second).retryFailed(out, 0);

        assertThat(second.repositoriesRun).containsExactly("repo-2");
        assertThat(git.published).hasSize(3);
        assertThat(after.attempt()).isEqualTo(2);
        assertThat(after.count(RepoStatus.COMPLETED)).isEqualTo(3);
        assertThat(after.pullRequests()).isEqualTo(3);
        assertThat(byRepository(after).get("repo-1")).isEqualTo(byRepository(before).get("repo-1"));
        assertThat(ResultFiles.readResult(out.resolve("repos/repo-2")).status()).isEqualTo(RepoStatus.COMPLETED);
    }

    @Test
    void retryOfAFolderWithoutSummarySaysWhatToGive() {
        assertThatThrownBy(() -> runner(new ScriptedAgent(ScriptedAgent::editReadme)).retryFailed(tmp, 0))
                .hasMessageContaining("holds no summary.json")
                .hasMessageContaining("output folder of an earlier Cody Batch run");
    }

    @Test
    void retryRefusesASummaryPointingOutsideItsFolder() throws Exception {
        List<String> specs = repositories(1);
        Path out = tmp.resolve("out");
        runner(new ScriptedAgent(task -> new AgentOutcome(AgentOutcome.Ending.FAILED, "", 1, Usage.ZERO, 0, "x")))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), out);
        Path summary = out.resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).replace("\"repos/repo-1\"", "\"repos/../..\""));
        Path victim = Files.writeString(tmp.resolve("keep.txt"), "keep");

        assertThatThrownBy(() -> runner(new ScriptedAgent(ScriptedAgent::editReadme)).retryFailed(out, 0))
                .hasMessageContaining("outside repos/");
        assertThat(victim).hasContent("keep");
    }

    @Test
    void analysisJobsWriteTheAnswerAndNoPatchOrPullRequest() throws Exception {
        List<String> specs = repositories(1);
        ScriptedAgent agent = new ScriptedAgent(task -> ScriptedAgent.done("## Findings\nUses oldApi in src/App.java."));

        BatchSummary summary = runner(agent).run(job(JobType.ANALYSIS, specs, 1, PullRequestOptions.defaults()),
                tmp.resolve("out"));

        Path dir = tmp.resolve("out/repos/repo-1");
        assertThat(summary.repositories().get(0).status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(Files.readString(dir.resolve("report.md"))).isEqualTo("## Findings\nUses oldApi in src/App.java.");
        assertThat(dir.resolve("patch.diff")).doesNotExist();
        assertThat(git.published).isEmpty();
        assertThat(ResultFiles.readResult(dir).summary()).contains("Uses oldApi");
    }

    @Test
    void anExhaustedBudgetFailsButKeepsThePatchAndOpensNoPullRequest() throws Exception {
        List<String> specs = repositories(1);
        ScriptedAgent agent = new ScriptedAgent(task -> {
            Files.writeString(task.checkout().resolve("src/App.java"), "class App { void newApi() {} }\n");
            return new AgentOutcome(AgentOutcome.Ending.BUDGET_EXHAUSTED, "", 30, new Usage(9000, 900, 0, 0), 0.5,
                    "30 iterations reached");
        });

        BatchSummary summary = runner(agent).run(
                job(JobType.CODE_PATTERN_UPDATE, specs, 1, PullRequestOptions.defaults()), tmp.resolve("out"));

        RepoResult result = summary.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).contains("Budget exhausted: 30 iterations reached");
        assertThat(result.filesChanged()).containsExactly("src/App.java");
        assertThat(result.iterations()).isEqualTo(30);
        assertThat(Files.readString(tmp.resolve("out/repos/repo-1/patch.diff"))).contains("+class App { void newApi() {} }");
        assertThat(git.published).isEmpty();
    }

    @Test
    void withoutPushRightsThePatchIsKeptAndTheResultSaysWhy() throws Exception {
        LocalGitRepositoryService readOnly = new LocalGitRepositoryService(false);
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "app");
        readOnly.alias("acme/app", origin);
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(
                new ScriptedAgent(ScriptedAgent::editReadme), readOnly, AllowlistCheck.allowAll(), Clock.systemUTC());
        Path out = tmp.resolve("out/repos/acme__app");

        RepoResult result = processor.process(job(JobType.CODE_PATTERN_UPDATE, List.of("acme/app"), 1,
                PullRequestOptions.defaults()), "acme/app", Files.createDirectories(tmp.resolve("w")), out);

        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.error()).startsWith("No pull request: the GitHub token may not push to acme/app");
        assertThat(result.pullRequest()).isNull();
        assertThat(out.resolve("patch.diff")).isNotEmptyFile();
        assertThat(readOnly.published).isEmpty();
    }

    @Test
    void aPullRequestWarningIsKeptInResultJsonAndTheSummary() throws Exception {
        List<String> specs = repositories(1);
        git.publishWarning = "Label 'automated' was refused (403); add it by hand or give the token triage rights.";

        BatchSummary summary = runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, PullRequestOptions.defaults()), tmp.resolve("out"));

        RepoResult result = summary.repositories().get(0).result();
        assertThat(result.status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(result.pullRequest().warning()).isEqualTo(git.publishWarning);
        String json = Files.readString(tmp.resolve("out").resolve(summary.repositories().get(0).directory())
                .resolve(ResultFiles.RESULT));
        assertThat(Json.MAPPER.readTree(json).path("pull_request").path("warning").asText()).isEqualTo(git.publishWarning);
        assertThat(BatchRunner.readSummary(tmp.resolve("out")).repositories().get(0).result().pullRequest().warning())
                .isEqualTo(git.publishWarning);
    }

    @Test
    void pullRequestsCarryTheJobSummaryFilesTokensCostAndBuildLink() throws Exception {
        List<String> specs = repositories(1);
        PullRequestOptions prs = new PullRequestOptions("cody/rename", null, true, List.of("automated"), List.of(),
                List.of(), false, "https://ci.example/job/rename/7/");

        BatchSummary summary = runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, prs), tmp.resolve("out"));

        assertThat(summary.repositories().get(0).result().pullRequest().action()).isEqualTo("created");
        PullRequestRequest request = git.published.get(0);
        assertThat(request.summary()).isEqualTo("Updated the README.");
        assertThat(request.branch()).isEqualTo("cody/rename");
        assertThat(request.draft()).isTrue();
        assertThat(request.labels()).containsExactly("automated");
        // the job, files and build link are written once, by the repository service (PullRequestText)
        assertThat(request.jobName()).isEqualTo("rename-api");
        assertThat(request.body()).isEqualTo("Model usage: 1,500 tokens (1,000 input, 200 output, 0 cache write,"
                + " 300 cache read), $0.0125");
        assertThat(request.buildUrl()).isEqualTo("https://ci.example/job/rename/7/");
        // The branch really holds the change.
        String log = LocalGitRepositoryService.git(Path.of(specs.get(0)), "show", "cody/rename", "--", "README.md");
        assertThat(log).contains("+# changed by the model");
    }

    @Test
    void refusedRepositoriesAreSkippedWithoutBeingCloned() throws Exception {
        Path origin = LocalGitRepositoryService.createRepository(tmp.resolve("origin"), "secret");
        git.alias("other/secret", origin);
        List<String> specs = List.of("other/secret", origin.toString());
        AllowlistCheck onlyAcme = name -> name.startsWith("acme/") ? null
                : name + " is not in the allowed repositories (acme/*); add it to the allowlist to work on it";
        ScriptedAgent agent = new ScriptedAgent(ScriptedAgent::editReadme);

        BatchSummary summary = runner(agent, onlyAcme, Duration.ofMinutes(5), ProgressListener.NONE)
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 2, null), tmp.resolve("out"));

        assertThat(summary.repositories()).allSatisfy(e -> {
            assertThat(e.status()).isEqualTo(RepoStatus.SKIPPED);
            assertThat(e.result().error()).contains("is not in the allowed repositories");
        });
        assertThat(git.resolves.get()).isEqualTo(1); // owner/name is refused before it is even resolved
        assertThat(git.checkouts.get()).isZero();
        assertThat(agent.repositoriesRun).isEmpty();
        assertThat(summary.status()).isEqualTo(BatchStatus.COMPLETED);
    }

    @Test
    void aFailingRepositoryServiceKeepsTheUsageAlreadySpent() throws Exception {
        List<String> specs = repositories(1);
        LocalGitRepositoryService broken = new LocalGitRepositoryService(true) {
            @Override
            public io.jenkins.plugins.codybatch.engine.repo.Patch patch(
                    io.jenkins.plugins.codybatch.engine.repo.Checkout checkout) {
                throw new UnsupportedOperationException("diff of a submodule");
            }
        };
        DefaultRepositoryProcessor processor = new DefaultRepositoryProcessor(
                new ScriptedAgent(ScriptedAgent::editReadme), broken, AllowlistCheck.allowAll(), Clock.systemUTC());

        RepoResult result = processor.process(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), specs.get(0),
                Files.createDirectories(tmp.resolve("w")), tmp.resolve("out"));

        assertThat(result.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(result.error()).contains("internal error while computing the patch")
                .contains("diff of a submodule");
        assertThat(result.usage().totalTokens()).isEqualTo(1500);
        assertThat(ResultFiles.readResult(tmp.resolve("out"))).isEqualTo(result);
    }

    @Test
    void summaryJsonUsesTheDocumentedNames() throws Exception {
        List<String> specs = repositories(1);
        runner(new ScriptedAgent(ScriptedAgent::editReadme))
                .run(job(JobType.CODE_PATTERN_UPDATE, specs, 1, null), tmp.resolve("out"));
        JsonNode json = Json.MAPPER.readTree(tmp.resolve("out/summary.json").toFile());
        assertThat(json.fieldNames()).toIterable().containsExactly("format_version", "name", "type", "status",
                "cancelled", "attempt", "started", "finished", "total", "counts", "usage", "total_tokens", "cost",
                "files_changed", "pull_requests", "job", "repositories");
        assertThat(json.get("type").asText()).isEqualTo("code-pattern-update");
        assertThat(json.get("repositories").get(0).get("directory").asText()).isEqualTo("repos/repo-1");
        assertThat(json.get("job").get("limits").get("max_iterations").asInt()).isEqualTo(30);
    }

    @Test
    void directoryNamesAreKnownBeforeResolving() {
        Function<String, String> name = ResultFiles::directoryName;
        assertThat(name.apply("acme/app")).isEqualTo("acme__app");
        assertThat(name.apply("https://github.com/acme/app.git")).isEqualTo("acme__app");
        assertThat(name.apply("git@github.com:acme/app.git")).isEqualTo("acme__app");
        assertThat(name.apply("/srv/git/app/")).isEqualTo("app");
        assertThat(name.apply("..")).isEqualTo("repository");
    }
}
