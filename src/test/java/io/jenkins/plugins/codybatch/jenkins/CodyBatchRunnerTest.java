package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

class CodyBatchRunnerTest {

    @TempDir
    Path workspaceDir;

    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;
    private ProcessorFactory factory;
    /** A Jenkins where no agent or cloud has any label. */
    private final QueueFanOut.BuildQueue buildQueue = new QueueFanOut.BuildQueue(mock(hudson.model.Queue.class),
            expression -> null, () -> null);
    private final List<String> processed = Collections.synchronizedList(new ArrayList<>());
    private final List<BatchJob> jobs = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void setUp() throws Exception {
        build = new Fixtures.Build();
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
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
    }

    private static RepoResult behave(String spec, Path out) throws java.io.IOException {
        {
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
    }

    private BatchReport run(BatchOptions options) throws Exception {
        return new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(), Fixtures.credentials(),
                () -> buildQueue)
                .run(options, build.run, new FilePath(workspaceDir.toFile()), new EnvVars(), null, build.listener);
    }

    private static BatchOptions options(String... repositories) {
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of(repositories));
        return options;
    }

    @Test
    void runsEveryRepositoryArchivesItsFilesAndMarksTheBuildUnstableWhenSomeFail() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());

        BatchReport report = run(options("acme/changed", "acme/same", "acme/broken"));

        assertThat(processed).containsExactlyInAnyOrder("acme/changed", "acme/same", "acme/broken");
        assertThat(report.result()).isEqualTo(Result.UNSTABLE);
        verify(build.run).setResult(Result.UNSTABLE);
        assertThat(build.archivedPaths()).contains(
                "cody-batch/repos/acme__changed/patch.diff", "cody-batch/repos/acme__changed/result.json",
                "cody-batch/repos/acme__changed/transcript.jsonl", "cody-batch/repos/acme__same/result.json",
                "cody-batch/repos/acme__broken/result.json", "cody-batch/summary.json");
        for (String path : build.archivedPaths()) {
            assertThat(workspaceDir.resolve(path)).as("archived files exist in the workspace").isRegularFile();
        }
        assertThat(workspaceDir.resolve("cody-batch/work")).isEmptyDirectory();

        CodyBatchAction action = build.action();
        assertThat(action.isRunning()).isFalse();
        assertThat(action.getCompleted()).isEqualTo(1);
        assertThat(action.getNoChanges()).isEqualTo(1);
        assertThat(action.getFailed()).isEqualTo(1);
        assertThat(action.getTotalTokens()).isEqualTo(165);
        assertThat(action.getPullRequestUrls()).containsExactly("https://github.com/acme/changed/pull/4");

        Map<String, Object> map = report.toScriptMap();
        assertThat(map).containsEntry("total", 3).containsEntry("completed", 1L).containsEntry("failed", 1L)
                .containsEntry("result", "UNSTABLE").containsEntry("tokens", 165L);
        assertThat(map.get("pullRequests")).isEqualTo(List.of("https://github.com/acme/changed/pull/4"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> repos = (List<Map<String, Object>>) map.get("repositories");
        assertThat(repos.get(0)).containsEntry("patch", "cody-batch/repos/acme__changed/patch.diff")
                .containsEntry("status", "COMPLETED");
        assertThat(repos.get(1).get("patch")).isNull();
    }

    @Test
    void passesTheEffectiveSettingsToTheEngine() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
        BatchOptions options = options("acme/same");
        options.setMaxIterations(7);
        options.setMaxCost(1.5);
        options.setParallelism(2);

        run(options);

        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any());
        assertThat(settings.getValue().anthropicApiKey()).isEqualTo(Fixtures.API_KEY);
        assertThat(settings.getValue().model()).isEqualTo("claude-test-model");
        assertThat(settings.getValue().proxy()).as("no Jenkins proxy configured").isNull();
        BatchJob job = jobs.get(0);
        assertThat(job.prompt()).isEqualTo("Use SLF4J");
        assertThat(job.name()).isEqualTo("nightly #7");
        assertThat(job.limits().maxIterations()).isEqualTo(7);
        assertThat(job.limits().maxCost()).isEqualTo(1.5);
        assertThat(job.parallelism()).isEqualTo(2);
        assertThat(job.pullRequests()).as("no pull requests unless asked").isNull();
        assertThat(build.log()).doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void allFailedIsFailureByDefaultAndConfigurable() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
        assertThat(run(options("acme/broken", "acme/gone")).result()).isEqualTo(Result.FAILURE);

        BatchOptions lenient = options("acme/broken");
        lenient.setResultWhenAllFail("UNSTABLE");
        assertThat(run(lenient).result()).isEqualTo(Result.UNSTABLE);
    }

    @Test
    void allSucceededLeavesTheBuildResultAlone() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
        assertThat(run(options("acme/changed")).result()).isEqualTo(Result.SUCCESS);
        verify(build.run, never()).setResult(any());
    }

    @Test
    void repositoriesOutsideTheAllowlistAreSkippedAndNeverCloned() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
        global.setAllowedRepositories("acme/*\nother/docs");
        BatchOptions options = options("acme/same", "evil/repo", "other/docs", "https://example.com/x.git");
        options.setAllowedRepositories(List.of("acme/*")); // the job narrows: other/docs is out too

        run(options);

        assertThat(processed).containsExactly("acme/same");
        CodyBatchAction action = build.action();
        assertThat(action.getSkipped()).isEqualTo(3);
        assertThat(action.getRepositories()).filteredOn(e -> e.getSpec().equals("evil/repo")).singleElement()
                .satisfies(e -> assertThat(e.getError()).contains("evil/repo is not in the allowed repositories (acme/*, other/docs)"));
        assertThat(action.getRepositories()).filteredOn(e -> e.getSpec().equals("other/docs")).singleElement()
                .satisfies(e -> assertThat(e.getError()).contains("other/docs is not in the allowed repositories (acme/*)"));
        // the engine applies both lists again on the agent: the job's within the administrator's
        assertThat(jobs.get(0).allowedRepositories()).containsExactly("acme/*");
        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any());
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
        assertThatThrownBy(() -> run(labelled)).isInstanceOf(AbortException.class)
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
        assertThatThrownBy(() -> run(topicOnly)).isInstanceOf(AbortException.class).hasMessageContaining("set 'owner'");
        verifyNoInteractions(factory);
        assertThat(build.actions).isEmpty();
    }

    @Test
    void pullRequestOptionsReachTheEngine() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
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
        when(factory.create(any(), any())).thenReturn(processor());

        run(options("acme/leaky"));

        RepoEntry entry = build.action().getRepositories().get(0);
        assertThat(entry.getStatus()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.getError()).contains("****").doesNotContain(Fixtures.API_KEY);
        assertThat(build.log()).contains("acme/leaky: FAILED").doesNotContain(Fixtures.API_KEY);
        assertThat(Files.readString(workspaceDir.resolve("cody-batch/repos/acme__leaky/result.json")))
                .doesNotContain(Fixtures.API_KEY);
        assertThat(Files.readString(workspaceDir.resolve("cody-batch/summary.json"))).doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void whileARepositoryRunsOnTheStepsNodeThePageServesItsTranscriptSoFarMasked() throws Exception {
        // a previous build's transcript in the same workspace must not show as this build's
        Path stale = workspaceDir.resolve("cody-batch/repos/acme__live/transcript.jsonl");
        Files.createDirectories(stale.getParent());
        Files.writeString(stale, "{\"type\":\"previous build\"}\n");
        AtomicReference<String> served = new AtomicReference<>();
        when(factory.create(any(), any())).thenReturn((job, spec, workDir, out) -> {
            try {
                // the engine redacts its transcript; this line plays a key it missed
                Files.writeString(out.resolve("transcript.jsonl"), "{\"type\":\"request\",\"content\":\"key "
                        + Fixtures.API_KEY + "\"}\n{\"type\":\"resp");
                served.set(fetch(build.action(), "/acme__live/transcript.jsonl"));
                Files.writeString(out.resolve("transcript.jsonl"), "{\"type\":\"final\"}\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return new RepoResult(spec, RepoStatus.NO_CHANGES, null, 1, Usage.ZERO, 0, List.of(), null, null, 1);
        });

        run(options("acme/live"));

        assertThat(served.get()).isEqualTo("{\"type\":\"request\",\"content\":\"key ****\"}\n");
        assertThat(build.action().getRepositories().get(0).getStatus()).isEqualTo(RepoStatus.NO_CHANGES);
        assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__live/transcript.jsonl");
    }

    /** GET repo/... of the build page; the body, or null when it answered 404. */
    private static String fetch(CodyBatchAction action, String path) throws Exception {
        org.kohsuke.stapler.StaplerRequest2 req = mock(org.kohsuke.stapler.StaplerRequest2.class);
        org.kohsuke.stapler.StaplerResponse2 rsp = mock(org.kohsuke.stapler.StaplerResponse2.class);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        when(req.getRestOfPath()).thenReturn(path);
        when(rsp.getOutputStream()).thenReturn(new jakarta.servlet.ServletOutputStream() {
            @Override
            public void write(int c) {
                body.write(c);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(jakarta.servlet.WriteListener listener) {}
        });
        boolean[] notFound = new boolean[1];
        org.mockito.Mockito.doAnswer(invocation -> notFound[0] = true).when(rsp).sendError(404);
        action.doRepo(req, rsp);
        return notFound[0] ? null : body.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aGitHubAppWithoutInstallationIdStopsTheBuildBeforeAnyRepositoryRuns() throws Exception {
        CredentialsResolver.Lookup lookup = org.mockito.Mockito.mock(CredentialsResolver.Lookup.class);
        org.mockito.Mockito.doReturn(Fixtures.secretText("anthropic", Fixtures.API_KEY)).when(lookup)
                .find(org.mockito.ArgumentMatchers.eq("anthropic"), any(), any());
        org.mockito.Mockito.doReturn(CredentialsAndSettingsTest.userPass("123456", CredentialsAndSettingsTest.PEM))
                .when(lookup).find(org.mockito.ArgumentMatchers.eq("app"), any(), any());
        BatchOptions options = options("acme/a");
        options.setGithubCredentialsId("app");
        CodyBatchRunner runner = new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(),
                new CredentialsResolver(lookup), () -> null);
        FilePath workspace = new FilePath(workspaceDir.toFile());

        assertThatThrownBy(() -> runner.run(options, build.run, workspace, new EnvVars(), null, build.listener))
                .isInstanceOf(AbortException.class).hasMessageContaining("GitHub App 123456")
                .hasMessageContaining("gitHubAppInstallationId");
        verifyNoInteractions(factory);

        global.setGitHubAppInstallationId(777);
        when(factory.create(any(), any())).thenReturn(processor());
        runner.run(options, build.run, workspace, new EnvVars(), null, build.listener);
        ArgumentCaptor<EngineSettings> settings = ArgumentCaptor.forClass(EngineSettings.class);
        verify(factory).create(settings.capture(), any());
        assertThat(settings.getValue().gitHubAppInstallationId()).isEqualTo(777);
        assertThat(settings.getValue().gitHubAppId()).isEqualTo("123456");

        options.setGitHubAppInstallationId(888);
        runner.run(options, build.run, workspace, new EnvVars(), null, build.listener);
        verify(factory, org.mockito.Mockito.times(2)).create(settings.capture(), any());
        assertThat(settings.getValue().gitHubAppInstallationId()).as("the step's own id wins").isEqualTo(888);
    }

    @Test
    void retryRunsOnlyTheRepositoriesThatFailedInTheGivenBuild() throws Exception {
        when(factory.create(any(), any())).thenReturn(processor());
        run(options("acme/changed", "acme/broken", "acme/gone"));
        CodyBatchAction first = build.action();
        processed.clear();
        Job<?, ?> job = mock(Job.class);
        Run<?, ?> previous = mock(Run.class);
        when(previous.getAction(CodyBatchAction.class)).thenReturn(first);
        org.mockito.Mockito.doReturn(job).when(build.run).getParent();
        org.mockito.Mockito.doReturn(previous).when(job).getBuildByNumber(6);

        BatchOptions retry = new BatchOptions("Use SLF4J");
        retry.setRetryFailedFrom(6);
        run(retry);

        assertThat(processed).containsExactlyInAnyOrder("acme/broken", "acme/gone");

        BatchOptions missing = new BatchOptions("Use SLF4J");
        missing.setRetryFailedFrom(3);
        assertThatThrownBy(() -> run(missing)).isInstanceOf(AbortException.class).hasMessageContaining("#3");
    }

    @Test
    void abortStopsRunningRepositoriesRecordsTheRestAndThrows() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        when(factory.create(any(), any())).thenReturn((job, spec, workDir, out) -> {
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
        assertThat(action.isAborted()).isTrue();
        assertThat(action.isRunning()).isFalse();
        assertThat(action.getRepositories()).extracting(RepoEntry::getStatus)
                .containsExactly(RepoStatus.FAILED, RepoStatus.SKIPPED, RepoStatus.SKIPPED);
        assertThat(action.getRepositories().get(1).getError()).contains("Not run");
        assertThat(build.archivedPaths()).contains("cody-batch/summary.json");
    }

    @Test
    void outputFoldersAreUniquePerRepository() {
        assertThat(CodyBatchRunner.tasks(List.of("acme/a", "https://github.com/acme/a.git", "/srv/git/A", "x/a")))
                .extracting(RepoTask::dir).containsExactly("acme__a", "acme__a-2", "A", "x__a");
    }
}
