package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/** The shared runner of the step and the builder, on the step's node (no label), with a scripted engine. */
class CodyBatchRunnerTest {

    @TempDir
    Path dir;

    private Path workspace;
    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;
    private ProcessorFactory factory;
    private final List<String> processed = new CopyOnWriteArrayList<>();
    private final List<BatchJob> jobs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        build = new Fixtures.Build(dir.resolve("artifacts"));
        global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
        global.setDefaultModel("claude-test-model");
        factory = mock(ProcessorFactory.class);
    }

    /** A processor that behaves per repository name, writing the files the engine writes. */
    private RepositoryProcessor processor() {
        return (job, spec, workDir, out) -> {
            processed.add(spec);
            jobs.add(job);
            assertThat(workDir).isDirectory().isEmptyDirectory();
            try {
                return behave(spec, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static RepoResult behave(String spec, Path out) throws IOException {
        RepoResult result = switch (spec) {
            case "acme/changed" -> {
                Files.writeString(out.resolve("patch.diff"), "--- a/x\n+++ b/x\n");
                yield new RepoResult(spec, RepoStatus.COMPLETED, null, 3, new Usage(100, 50, 0, 0), 0.25,
                        List.of("x"), new PullRequestRef("https://github.com/acme/changed/pull/4", 4, "created"),
                        "done", 1000);
            }
            case "acme/same" -> new RepoResult(spec, RepoStatus.NO_CHANGES, null, 2, new Usage(10, 5, 0, 0), 0.01,
                    List.of(), null, "nothing to do", 500);
            case "acme/leaky" -> throw new IllegalStateException("request failed with key " + Fixtures.API_KEY);
            default -> RepoResult.failed(spec, "clone failed");
        };
        Files.writeString(out.resolve("transcript.jsonl"), "{}\n");
        Json.MAPPER.writeValue(out.resolve("result.json").toFile(), result);
        return result;
    }

    private BatchReport run(BatchOptions options) throws Exception {
        return build.run(Fixtures.runner(global, factory, () -> {
            throw new AssertionError("no labelled fan-out here");
        }), options, workspace);
    }

    private static BatchOptions options(String... repositories) {
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of(repositories));
        return options;
    }

    private static RepositoryEntry entry(CodyBatchAction action, String spec) {
        return action.getSummary().repositories().stream().filter(e -> e.spec().equals(spec)).findFirst().orElseThrow();
    }

    @Test
    void runsEveryRepositoryArchivesItsFilesAndMarksTheBuildUnstableWhenSomeFail() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());

        BatchReport report = run(options("acme/changed", "acme/same", "acme/broken"));

        assertThat(processed).containsExactlyInAnyOrder("acme/changed", "acme/same", "acme/broken");
        assertThat(report.result()).isEqualTo(Result.UNSTABLE);
        verify(build.run).setResult(Result.UNSTABLE);
        assertThat(build.archivedPaths()).containsExactlyInAnyOrder(
                "cody-batch/repos/acme__changed/patch.diff", "cody-batch/repos/acme__changed/result.json",
                "cody-batch/repos/acme__changed/transcript.jsonl", "cody-batch/repos/acme__same/result.json",
                "cody-batch/repos/acme__same/transcript.jsonl", "cody-batch/repos/acme__broken/result.json",
                "cody-batch/repos/acme__broken/transcript.jsonl", "cody-batch/summary.json");
        for (String path : build.archivedPaths()) {
            assertThat(build.artifactsDir.resolve(path)).as("archived under the same path")
                    .hasSameTextualContentAs(workspace.resolve(path));
        }
        assertThat(workspace.resolve("cody-batch/work")).isEmptyDirectory();

        CodyBatchAction action = build.action();
        assertThat(action.getUrlName()).isEqualTo("cody-batch");
        assertThat(action.isRunning()).isFalse();
        assertThat(action.getCompleted()).isEqualTo(1);
        assertThat(action.getNoChanges()).isEqualTo(1);
        assertThat(action.getFailed()).isEqualTo(1);
        assertThat(action.getTotalTokens()).isEqualTo(165);
        assertThat(action.getSummary()).isEqualTo(Json.MAPPER.readValue(
                workspace.resolve("cody-batch/summary.json").toFile(), BatchSummary.class));
        assertThat(entry(action, "acme/changed").result().outputs().patch()).isEqualTo("patch.diff");

        Map<String, Object> map = report.toScriptMap();
        assertThat(map).containsEntry("total", 3).containsEntry("completed", 1).containsEntry("failed", 1)
                .containsEntry("result", "UNSTABLE").containsEntry("tokens", 165L).containsEntry("aborted", false);
        assertThat(map.get("stopped")).isNull();
        assertThat(map.get("pullRequests")).isEqualTo(List.of("https://github.com/acme/changed/pull/4"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> repos = (List<Map<String, Object>>) map.get("repositories");
        assertThat(repos.get(0)).containsEntry("patch", "cody-batch/repos/acme__changed/patch.diff")
                .containsEntry("status", "COMPLETED").containsEntry("spec", "acme/changed");
        assertThat(repos.get(1).get("patch")).isNull();
        assertThat(repos.get(2)).containsEntry("error", "clone failed");
        assertThat(build.log()).contains("[cody-batch] Working on 3 repositories, 4 at a time, in "
                        + workspace.resolve("cody-batch"), "[cody-batch] acme/broken: FAILED - clone failed",
                "[cody-batch] Done: 1 failed, 1 completed, 1 without changes, 0 skipped; 165 tokens, $0.2600");
    }

    @Test
    void eachRepositoryIsArchivedAsSoonAsItEndsAndSummaryJsonAtTheEnd() throws Exception {
        List<String> archivedWhileSecondRan = new CopyOnWriteArrayList<>();
        RepositoryProcessor engine = processor();
        when(factory.create(any(), any(), any())).thenReturn((job, spec, workDir, out) -> {
            if (spec.equals("acme/same")) {
                archivedWhileSecondRan.addAll(build.archivedPaths());
            }
            return engine.process(job, spec, workDir, out);
        });
        BatchOptions options = options("acme/changed", "acme/same");
        options.setParallelism(1);

        run(options);

        assertThat(archivedWhileSecondRan).containsExactlyInAnyOrder("cody-batch/repos/acme__changed/patch.diff",
                "cody-batch/repos/acme__changed/result.json", "cody-batch/repos/acme__changed/transcript.jsonl");
        assertThat(build.artifactsDir.resolve("cody-batch/repos/acme__changed/result.json"))
                .as("the final result.json, written before archiving")
                .hasSameTextualContentAs(workspace.resolve("cody-batch/repos/acme__changed/result.json"));
        assertThat(build.archived.get(build.archived.size() - 1)).containsOnlyKeys("cody-batch/summary.json");
        assertThat(Json.MAPPER.readValue(build.artifactsDir.resolve("cody-batch/summary.json").toFile(),
                BatchSummary.class).finished()).as("archived once final").isNotNull();
    }

    @Test
    void passesTheEffectiveSettingsToTheEngine() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        BatchOptions options = options("acme/same");
        options.setMaxIterations(7);
        options.setMaxCost(1.5);
        options.setParallelism(2);

        run(options);

        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any(), any());
        assertThat(settings.getValue().anthropicApiKey()).isEqualTo(Fixtures.API_KEY);
        assertThat(settings.getValue().model()).isEqualTo("claude-test-model");
        assertThat(settings.getValue().proxy()).as("no Jenkins proxy configured").isNull();
        BatchJob job = jobs.get(0);
        assertThat(job.prompt()).isEqualTo("Use SLF4J");
        assertThat(job.name()).as("the job's name: every build works on the same pull requests").isEqualTo("nightly");
        assertThat(job.repositories()).as("an agent gets its own repository only").containsExactly("acme/same");
        assertThat(job.limits().maxIterations()).isEqualTo(7);
        assertThat(job.limits().maxCost()).isEqualTo(1.5);
        assertThat(job.parallelism()).isEqualTo(2);
        assertThat(job.settings().timeoutSeconds()).isEqualTo(300);
        assertThat(job.pullRequests()).as("no pull requests unless asked").isNull();
        assertThat(build.log()).doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void allFailedIsFailureByDefaultAndConfigurable() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        assertThat(run(options("acme/broken", "acme/gone")).result()).isEqualTo(Result.FAILURE);

        BatchOptions lenient = options("acme/broken");
        lenient.setResultWhenAllFail("UNSTABLE");
        assertThat(run(lenient).result()).isEqualTo(Result.UNSTABLE);
    }

    @Test
    void allSucceededLeavesTheBuildResultAlone() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        assertThat(run(options("acme/changed")).result()).isEqualTo(Result.SUCCESS);
        verify(build.run, never()).setResult(any());
    }

    @Test
    void repositoriesOutsideTheAllowlistAreSkippedAndNeverCloned() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        global.setAllowedRepositories("acme/*\nother/docs");
        BatchOptions options = options("acme/same", "evil/repo", "other/docs", "https://example.com/x.git");
        options.setAllowedRepositories(List.of("acme/*")); // the job narrows: other/docs is out too

        run(options);

        assertThat(processed).containsExactly("acme/same");
        CodyBatchAction action = build.action();
        assertThat(action.getSkipped()).isEqualTo(3);
        assertThat(entry(action, "evil/repo").result().error())
                .contains("evil/repo is not in the allowed repositories (acme/*, other/docs)");
        assertThat(entry(action, "other/docs").result().error())
                .contains("other/docs is not in the allowed repositories (acme/*)");
        assertThat(entry(action, "https://example.com/x.git").result().error()).contains("is not a GitHub owner/name");
        // the engine applies both lists again on the agent: the job's within the administrator's
        assertThat(jobs.get(0).allowedRepositories()).containsExactly("acme/*");
        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any(), any());
        assertThat(settings.getValue().allowedRepositories()).containsExactly("acme/*", "other/docs");
    }

    @Test
    void configurationProblemsStopTheBuildBeforeAnythingRuns() {
        BatchOptions noPrompt = options("acme/a");
        noPrompt.setPrompt(" ");
        noPrompt.setParallelism(500);
        assertThatThrownBy(() -> run(noPrompt)).isInstanceOf(AbortException.class)
                .hasMessageContaining("prompt is empty").hasMessageContaining("parallelism must be between");

        BatchOptions labelled = options("acme/a");
        labelled.setLabel("linux");
        CodyBatchRunner noAgents = Fixtures.runner(global, factory, () -> new QueueFanOut.BuildQueue(
                mock(hudson.model.Queue.class), expression -> null, () -> null));
        assertThatThrownBy(() -> build.run(noAgents, labelled, workspace)).isInstanceOf(AbortException.class)
                .hasMessageContaining("No agent or cloud matches the label 'linux'");

        BatchOptions prs = options("acme/a");
        prs.setCreatePullRequests(true);
        assertThatThrownBy(() -> run(prs)).isInstanceOf(AbortException.class)
                .hasMessageContaining("createPullRequests needs GitHub credentials");

        global.setAnthropicCredentialsId(null);
        assertThatThrownBy(() -> run(options("acme/a"))).isInstanceOf(AbortException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");

        BatchOptions selection = options();
        selection.setOwner("acme");
        global.setAnthropicCredentialsId("anthropic");
        assertThatThrownBy(() -> run(selection)).isInstanceOf(AbortException.class)
                .hasMessageContaining("Could not select repositories").hasMessageContaining("needs GitHub credentials");

        BatchOptions topicOnly = options();
        topicOnly.setTopic("java");
        assertThatThrownBy(() -> run(topicOnly)).isInstanceOf(AbortException.class).hasMessageContaining("topic narrows the repositories of an owner; add owner.");
        verifyNoInteractions(factory);
        assertThat(build.actions).isEmpty();
    }

    @Test
    void pullRequestOptionsReachTheEngine() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        BatchOptions options = options("acme/changed");
        options.setCreatePullRequests(true);
        options.setGithubCredentialsId("github");
        options.setDraft(true);
        options.setLabels(List.of("automated"));
        options.setBranch("cody/slf4j");
        options.setSkipCi(true);

        run(options);

        BatchJob job = jobs.get(0);
        assertThat(job.createPullRequests()).isTrue();
        assertThat(job.pullRequests().draft()).isTrue();
        assertThat(job.pullRequests().labels()).containsExactly("automated");
        assertThat(job.pullRequests().branch()).isEqualTo("cody/slf4j");
        assertThat(job.pullRequests().skipCi()).isTrue();
    }

    @Test
    void secretsNeverReachTheLogTheResultOrTheBuildPage() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());

        run(options("acme/leaky"));

        RepositoryEntry entry = build.action().getSummary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).contains("****").doesNotContain(Fixtures.API_KEY);
        assertThat(build.log()).contains("acme/leaky: FAILED").doesNotContain(Fixtures.API_KEY);
        assertThat(Files.readString(workspace.resolve("cody-batch/repos/acme__leaky/result.json")))
                .doesNotContain(Fixtures.API_KEY);
        assertThat(Files.readString(workspace.resolve("cody-batch/summary.json"))).doesNotContain(Fixtures.API_KEY);
        assertThat(PageRequest.summary(build.action()).body()).contains("****").doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void whileARepositoryRunsOnTheStepsNodeThePageServesItsTranscriptSoFarMasked() throws Exception {
        // a previous build's transcript in the same workspace must not show as this build's
        Path stale = workspace.resolve("cody-batch/repos/acme__live/transcript.jsonl");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "{\"type\":\"previous build\"}\n");
        AtomicReference<String> served = new AtomicReference<>();
        AtomicReference<String> patchServed = new AtomicReference<>();
        when(factory.create(any(), any(), any())).thenReturn((job, spec, workDir, out) -> {
            try {
                // the engine redacts its transcript; this line plays a key it missed
                Files.writeString(out.resolve("transcript.jsonl"), "{\"type\":\"request\",\"content\":\"key "
                        + Fixtures.API_KEY + "\"}\n{\"type\":\"resp");
                Files.writeString(out.resolve("patch.diff"), "--- half written\n");
                Fixtures.awaitStatus(build.action(), "acme/live", RepoStatus.RUNNING);
                served.set(PageRequest.repo(build.action(), "/acme__live/transcript.jsonl").body());
                patchServed.set(PageRequest.repo(build.action(), "/acme__live/patch.diff").status + "");
                Files.writeString(out.resolve("transcript.jsonl"), "{\"type\":\"final\"}\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new RepoResult(spec, RepoStatus.NO_CHANGES, null, 1, Usage.ZERO, 0, List.of(), null, null, 1);
        });

        run(options("acme/live"));

        assertThat(served.get()).isEqualTo("{\"type\":\"request\",\"content\":\"key ****\"}\n");
        assertThat(patchServed.get()).as("only the transcript is served live").isEqualTo("404");
        assertThat(entry(build.action(), "acme/live").status()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(PageRequest.repo(build.action(), "/acme__live/transcript.jsonl").body())
                .as("once final, from the archive").isEqualTo("{\"type\":\"final\"}\n");
        assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__live/transcript.jsonl");
    }

    @Test
    void twoStepsInOneBuildGetPagesFoldersAndArtifactsOfTheirOwn() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());

        BatchReport first = run(options("acme/changed", "acme/broken"));
        BatchOptions secondOptions = options("acme/same");
        secondOptions.setName("second batch");
        BatchReport second = run(secondOptions);

        assertThat(build.batches()).extracting(CodyBatchAction::getUrlName).containsExactly("cody-batch", "cody-batch-2");
        CodyBatchAction page1 = build.batches().get(0);
        CodyBatchAction page2 = build.batches().get(1);
        assertThat(page1.getTotal()).isEqualTo(2);
        assertThat(page2.getTotal()).isEqualTo(1);
        assertThat(page2.getDisplayName()).isEqualTo("Cody Batch: second batch");
        assertThat(Json.MAPPER.readTree(PageRequest.summary(page1).body()))
                .isEqualTo(Json.MAPPER.readTree(workspace.resolve("cody-batch/summary.json").toFile()));
        assertThat(Json.MAPPER.readTree(PageRequest.summary(page2).body()))
                .isEqualTo(Json.MAPPER.readTree(workspace.resolve("cody-batch-2/summary.json").toFile()));
        assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__changed/patch.diff",
                "cody-batch/summary.json", "cody-batch-2/repos/acme__same/result.json", "cody-batch-2/summary.json");
        assertThat(build.archivedPaths()).noneMatch(p -> p.startsWith("cody-batch-2/repos/acme__changed"));
        assertThat(PageRequest.repo(page1, "/acme__changed/patch.diff").body()).isEqualTo("--- a/x\n+++ b/x\n");
        assertThat(PageRequest.repo(page2, "/acme__changed/patch.diff").status).isEqualTo(404);
        assertThat(PageRequest.repo(page2, "/acme__same/result.json").body()).contains("\"NO_CHANGES\"");
        assertThat(first.toScriptMap().get("repositories").toString()).contains("cody-batch/repos/acme__changed/patch.diff");
        assertThat(second.page()).isEqualTo("cody-batch-2");
    }

    @Test
    void aGitHubAppWithoutInstallationIdStopsTheBuildBeforeAnyRepositoryRuns() throws Exception {
        CredentialsResolver.Lookup lookup = mock(CredentialsResolver.Lookup.class);
        doReturn(Fixtures.secretText("anthropic", Fixtures.API_KEY)).when(lookup)
                .find(org.mockito.ArgumentMatchers.eq("anthropic"), any(), any());
        doReturn(CredentialsAndSettingsTest.userPass("123456", CredentialsAndSettingsTest.PEM))
                .when(lookup).find(org.mockito.ArgumentMatchers.eq("app"), any(), any());
        BatchOptions options = options("acme/a");
        options.setGithubCredentialsId("app");
        CodyBatchRunner runner = new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(),
                new CredentialsResolver(lookup), () -> null, Fixtures.RUNNER);

        assertThatThrownBy(() -> build.run(runner, options, workspace)).isInstanceOf(AbortException.class)
                .hasMessageContaining("GitHub App 123456").hasMessageContaining("gitHubAppInstallationId");
        verifyNoInteractions(factory);

        global.setGitHubAppInstallationId(777);
        when(factory.create(any(), any(), any())).thenReturn(processor());
        build.run(runner, options, workspace);
        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any(), any());
        assertThat(settings.getValue().gitHubAppInstallationId()).isEqualTo(777);
        assertThat(settings.getValue().gitHubAppId()).isEqualTo("123456");

        options.setGitHubAppInstallationId(888);
        build.run(runner, options, workspace);
        verify(factory, times(2)).create(settings.capture(), any(), any());
        assertThat(settings.getValue().gitHubAppInstallationId()).as("the step's own id wins").isEqualTo(888);
    }

    /** Makes build #6 of the same job the one given, with the batch pages of {@code earlier}. */
    private void previousBuild(Fixtures.Build earlier) {
        Job<?, ?> job = Fixtures.job();
        doReturn(job).when(build.run).getParent();
        doReturn(earlier.run).when(job).getBuildByNumber(6);
    }

    @Test
    void retryFailedFromRunsOnlyTheRepositoriesThatFailedInTheGivenBuild() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        Fixtures.Build earlier = new Fixtures.Build(dir.resolve("artifacts-6"));
        earlier.run(Fixtures.runner(global, factory, () -> null), options("acme/changed", "acme/broken", "acme/gone"),
                Files.createDirectories(dir.resolve("workspace-6")));
        processed.clear();
        previousBuild(earlier);

        BatchOptions retry = new BatchOptions("Use SLF4J");
        retry.setRetryFailedFrom(6);
        run(retry);

        assertThat(processed).containsExactlyInAnyOrder("acme/broken", "acme/gone");
        assertThat(build.action().getSummary().job().repositories()).containsExactly("acme/broken", "acme/gone");

        BatchOptions missing = new BatchOptions("Use SLF4J");
        missing.setRetryFailedFrom(3);
        assertThatThrownBy(() -> run(missing)).isInstanceOf(AbortException.class).hasMessageContaining("#3")
                .hasMessageContaining("does not exist or did not run this Cody Batch step");
    }

    @Test
    void retryFailedFromReadsThePageOfTheSameStepInTheGivenBuild() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        Fixtures.Build earlier = new Fixtures.Build(dir.resolve("artifacts-6"));
        Path earlierWorkspace = Files.createDirectories(dir.resolve("workspace-6"));
        CodyBatchRunner runner = Fixtures.runner(global, factory, () -> null);
        earlier.run(runner, options("acme/changed", "acme/first-broken"), earlierWorkspace);
        earlier.run(runner, options("acme/same", "acme/second-broken", "acme/second-gone"), earlierWorkspace);
        processed.clear();
        previousBuild(earlier);

        BatchOptions retryFirst = new BatchOptions("Use SLF4J");
        retryFirst.setRetryFailedFrom(6);
        run(retryFirst);
        assertThat(processed).containsExactly("acme/first-broken");

        processed.clear();
        BatchOptions retrySecond = new BatchOptions("Use SLF4J");
        retrySecond.setRetryFailedFrom(6);
        run(retrySecond);
        assertThat(processed).containsExactlyInAnyOrder("acme/second-broken", "acme/second-gone");
        assertThat(build.batches()).extracting(CodyBatchAction::getUrlName).containsExactly("cody-batch", "cody-batch-2");

        BatchOptions third = new BatchOptions("Use SLF4J");
        third.setRetryFailedFrom(6);
        assertThatThrownBy(() -> run(third)).isInstanceOf(AbortException.class)
                .hasMessageContaining("did not run this Cody Batch step");
    }

    @Test
    void abortStopsRunningRepositoriesRecordsTheRestAndThrows() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        when(factory.create(any(), any(), any())).thenReturn((job, spec, workDir, out) -> {
            running.countDown();
            new CountDownLatch(1).await(); // until the build is aborted
            return RepoResult.failed(spec, "unreachable");
        });
        BatchOptions options = options("acme/a", "acme/b", "acme/c");
        options.setParallelism(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread buildThread = new Thread(() -> {
            try {
                run(options);
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        buildThread.start();
        running.await();
        buildThread.interrupt();
        buildThread.join();

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        CodyBatchAction action = build.action();
        assertThat(action.isCancelled()).isTrue();
        assertThat(action.isRunning()).isFalse();
        List<RepositoryEntry> entries = action.getSummary().repositories();
        assertThat(entries).extracting(RepositoryEntry::status)
                .containsExactly(RepoStatus.FAILED, RepoStatus.FAILED, RepoStatus.FAILED);
        assertThat(entries.get(0).result().error()).startsWith("cancelled while running; use \"Retry failed repositories\"");
        assertThat(entries.get(1).result().error()).startsWith("cancelled before it started; use \"Retry failed");
        assertThat(action.getFailedRepositories()).hasSize(3);
        assertThat(build.archivedPaths()).contains("cody-batch/summary.json", "cody-batch/repos/acme__a/result.json");
        assertThat(build.log()).contains("(aborted)");
        verify(build.run, never()).setResult(any());
    }

    @Test
    void aStepNodeWhoseChannelBreaksFailsTheRepositoryWithTheReasonMasked() throws Exception {
        FilePath broken = mock(FilePath.class);
        when(broken.getChannel()).thenReturn(FilePath.localChannel); // exports an object as itself
        when(broken.act(any())).thenThrow(new IllegalStateException("channel closed while sending " + Fixtures.API_KEY));
        EngineSettings settings = new EngineSettings(Fixtures.API_KEY, null, null, 0, Map.of(), null, null, null, null,
                0, List.of(), null);
        NodeWorker worker = new NodeWorker(broken, settings, factory, SharedSpend.NONE);

        BatchJob job = new BatchJob("n", io.jenkins.plugins.codybatch.engine.results.JobType.CODE_PATTERN_UPDATE, "p",
                List.of("acme/a"), null, 0, null, 1, List.of(), null);

        assertThatThrownBy(() -> worker.work(job, new RepositoryEntry("acme/a", "repos/acme__a", RepoStatus.PENDING,
                null), () -> {})).isInstanceOf(IOException.class)
                .hasMessage("the node holding the workspace could not run it (channel closed while sending ****)");
    }

    @Test
    void checkoutsAnInterruptedEarlierBatchLeftInTheWorkspaceAreDeleted() throws Exception {
        when(factory.create(any(), any(), any())).thenReturn(processor());
        Path leftover = Files.createDirectories(workspace.resolve("cody-batch/work/acme__same-1234/src"));
        Files.writeString(leftover.resolve("Main.java"), "class Main {}\n");

        run(options("acme/same"));

        assertThat(workspace.resolve("cody-batch/work/acme__same-1234")).doesNotExist();
        assertThat(build.log()).contains("Deleted checkouts an interrupted earlier batch left in "
                + workspace.resolve("cody-batch/work"));

        build.logBytes.reset();
        run(options("acme/same")); // the empty folder a finished batch leaves is no leftover
        assertThat(build.log()).doesNotContain("Deleted checkouts");
    }
}
