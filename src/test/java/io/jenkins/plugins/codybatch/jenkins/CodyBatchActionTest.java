package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.FilePath;
import hudson.Functions;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.BatchStatus;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.PullRequestRef;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.objenesis.ObjenesisStd;

/** The build page of one batch: what it serves, to whom, and what it keeps across a restart. */
class CodyBatchActionTest {

    @TempDir
    Path dir;

    private Path workspace;
    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;

    @BeforeEach
    void setUp() throws Exception {
        workspace = Files.createDirectories(dir.resolve("workspace"));
        build = new Fixtures.Build(dir.resolve("artifacts"));
        global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
    }

    /** acme/a changes a file and opens a pull request, acme/b fails. */
    private static RepoResult work(String spec, Path out) throws Exception {
        Files.writeString(out.resolve("transcript.jsonl"), "{\"event\":\"start\",\"repository\":\"" + spec + "\"}\n");
        if (spec.equals("acme/a")) {
            Files.writeString(out.resolve("patch.diff"), "--- a/pom.xml\n+++ b/pom.xml\n");
            return new RepoResult(spec, RepoStatus.COMPLETED, null, 4, new Usage(1000, 200, 0, 0), 0.5,
                    List.of("pom.xml"), new PullRequestRef("https://github.com/acme/a/pull/1", 1, "created"), "done", 10);
        }
        return RepoResult.failed(spec, "clone failed");
    }

    private CodyBatchAction finishedBatch() throws Exception {
        ProcessorFactory factory = (settings, job, jobSpend) -> (j, spec, workDir, out) -> {
            try {
                return work(spec, out);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of("acme/a", "acme/b"));
        build.run(Fixtures.runner(global, factory, () -> null), options, workspace);
        return build.action();
    }

    @Test
    void summaryServesTheSummaryJsonTheEngineWroteUnchanged() throws Exception {
        CodyBatchAction action = finishedBatch();

        PageRequest summary = PageRequest.summary(action);

        verify(build.run).checkPermission(Item.READ);
        assertThat(summary.contentType).isEqualTo("application/json;charset=UTF-8");
        assertThat(summary.headers).containsEntry("X-Content-Type-Options", "nosniff")
                .containsEntry("Cache-Control", "no-cache");
        assertThat(Json.MAPPER.readTree(summary.body()))
                .isEqualTo(Json.MAPPER.readTree(workspace.resolve("cody-batch/summary.json").toFile()))
                .isEqualTo(Json.MAPPER.readTree(build.artifactsDir.resolve("cody-batch/summary.json").toFile()));
        assertThat(action.getSummary().status()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(action.getTotal()).isEqualTo(2);
        assertThat(action.getCompleted()).isEqualTo(1);
        assertThat(action.getFailed()).isEqualTo(1);
        assertThat(action.getCost()).isEqualTo(0.5);
        assertThat(action.getCostText()).isEqualTo("$0.5000");
        assertThat(action.getType()).isEqualTo("code-pattern-update");
        assertThat(action.getFailedRepositories()).extracting(RepositoryEntry::spec).containsExactly("acme/b");
    }

    @Test
    void repoServesAnArchivedFileToWhoeverMayReadTheBuild() throws Exception {
        CodyBatchAction action = finishedBatch();

        PageRequest patch = PageRequest.repo(action, "/acme__a/patch.diff");

        verify(build.run).checkPermission(Item.READ);
        verify(build.run, never()).checkPermission(Run.ARTIFACTS);
        assertThat(patch.contentType).isEqualTo("text/plain;charset=UTF-8");
        assertThat(patch.headers).containsEntry("Content-Security-Policy", "sandbox; default-src 'none'")
                .containsEntry("X-Content-Type-Options", "nosniff");
        assertThat(patch.body()).isEqualTo("--- a/pom.xml\n+++ b/pom.xml\n");
        assertThat(PageRequest.repo(action, "/acme__a/result.json").contentType)
                .isEqualTo("application/json;charset=UTF-8");
        assertThat(Json.MAPPER.readValue(PageRequest.repo(action, "/acme__b/result.json").body(), RepoResult.class)
                .error()).isEqualTo("clone failed");
        assertThat(PageRequest.repo(action, "/acme__b/patch.diff").status).as("not written").isEqualTo(404);
    }

    @Test
    void whereJenkinsEnablesTheArtifactsPermissionTheFilesNeedIt() throws Exception {
        CodyBatchAction action = finishedBatch();
        try (MockedStatic<Functions> functions = mockStatic(Functions.class)) {
            functions.when(Functions::isArtifactsPermissionEnabled).thenReturn(true);
            doThrow(new SecurityException("Run/Artifacts missing")).when(build.run).checkPermission(Run.ARTIFACTS);

            assertThatThrownBy(() -> PageRequest.repo(action, "/acme__a/patch.diff"))
                    .hasMessage("Run/Artifacts missing");
            assertThatThrownBy(() -> PageRequest.summary(action)).hasMessage("Run/Artifacts missing");
        }
        verify(build.run, never()).checkPermission(Item.READ);
    }

    @Test
    void repoRefusesPathsOutsideTheBatchFiles() throws Exception {
        CodyBatchAction action = finishedBatch();
        Files.writeString(workspace.resolve("cody-batch/repos/acme__a/secret.txt"), "x");
        for (String path : List.of("/../../config.xml", "/acme__a/../../x/result.json", "/acme__a/secret.txt",
                "/unknown/result.json", "/acme__a", "/acme__a/result.json/extra", "/..%2F/result.json",
                "/../summary.json", "/acme__a/attempts/1/result.json", "")) {
            PageRequest request = PageRequest.repo(action, path);
            assertThat(request.status).as(path).isEqualTo(404);
            verify(request.rsp, never()).getOutputStream();
        }
    }

    @Test
    void everyEndpointChecksPermissionBeforeAnswering() throws Exception {
        CodyBatchAction action = finishedBatch();
        doThrow(new SecurityException("denied")).when(build.run).checkPermission(Item.READ);

        assertThatThrownBy(() -> PageRequest.summary(action)).hasMessage("denied");
        assertThatThrownBy(() -> PageRequest.repo(action, "/acme__a/patch.diff")).hasMessage("denied");
        assertThatThrownBy(() -> PageRequest.repo(action, "/unknown/x")).as("not even a 404").hasMessage("denied");
    }

    @Test
    void aRunningRepositoryServesItsLiveTranscriptMaskedOnlyWholeLinesAndNothingElse() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        ProcessorFactory factory = (settings, job, jobSpend) -> (j, spec, workDir, out) -> {
            try {
                Files.writeString(out.resolve("transcript.jsonl"), "{\"event\":\"request\",\"content\":\"hi\"}\n"
                        + "{\"event\":\"error\",\"message\":\"bad key " + Fixtures.API_KEY + "\"}\n"
                        + "{\"event\":\"respo"); // the engine is writing this line right now
                Files.writeString(out.resolve("patch.diff"), "--- half written\n");
                running.countDown();
                release.await();
                return work(spec, out);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of("acme/a"));
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread batch = new Thread(() -> {
            try {
                build.run(Fixtures.runner(global, factory, () -> null), options, workspace);
            } catch (Throwable t) {
                failed.set(t);
            }
        });
        batch.start();
        try {
            running.await();
            CodyBatchAction action = build.action();
            Fixtures.awaitStatus(action, "acme/a", RepoStatus.RUNNING);
            assertThat(action.isRunning()).isTrue();

            PageRequest live = PageRequest.repo(action, "/acme__a/transcript.jsonl");

            verify(build.run).checkPermission(Item.READ);
            assertThat(live.body()).isEqualTo("{\"event\":\"request\",\"content\":\"hi\"}\n"
                    + "{\"event\":\"error\",\"message\":\"bad key ****\"}\n");
            assertThat(live.headers).containsEntry("Cache-Control", "no-cache")
                    .containsEntry("Content-Security-Policy", "sandbox; default-src 'none'");
            assertThat(PageRequest.repo(action, "/acme__a/patch.diff").status).isEqualTo(404);
            assertThat(PageRequest.repo(action, "/acme__a/result.json").status).isEqualTo(404);
            assertThat(Json.MAPPER.readTree(PageRequest.summary(action).body()).path("status").asText())
                    .isEqualTo("RUNNING");
        } finally {
            release.countDown();
            batch.join();
        }
        assertThat(failed.get()).isNull();
        assertThat(PageRequest.repo(build.action(), "/acme__a/patch.diff").body())
                .as("once final: the archived files").isEqualTo("--- a/pom.xml\n+++ b/pom.xml\n");
    }

    /** A page whose acme/b is RUNNING, as the runner's summary shows it. */
    private CodyBatchAction runningPage() {
        List<RepositoryEntry> entries = RepositoryEntry.forSpecs(List.of("acme/a", "acme/b"));
        BatchSummary summary = BatchSummary.of(new io.jenkins.plugins.codybatch.engine.batch.BatchJob("nightly",
                        io.jenkins.plugins.codybatch.engine.results.JobType.CODE_PATTERN_UPDATE, "p",
                        List.of("acme/a", "acme/b"), null, 0, null, 2, List.of(), null),
                BatchStatus.RUNNING, null, null, false, 1, "2026-12-01T10:00:00Z", null,
                List.of(entries.get(0).with(RepoStatus.COMPLETED, RepoResult.skipped("acme/a", "x")),
                        entries.get(1).with(RepoStatus.RUNNING, null)));
        CodyBatchAction action = new CodyBatchAction("cody-batch", "nightly", summary);
        action.onAttached(build.run);
        return action;
    }

    @Test
    void withoutALiveFolderOrOnceItIsGoneARunningRepositoryServesNothing() throws Exception {
        Path outputRoot = workspace.resolve("cody-batch");
        Files.createDirectories(outputRoot.resolve("repos/acme__b"));
        Files.writeString(outputRoot.resolve("repos/acme__b/transcript.jsonl"), "{}\n");
        CodyBatchAction action = runningPage();
        // labelled fan-out: the repository runs on an agent, the controller has no live folder
        assertThat(PageRequest.repo(action, "/acme__b/transcript.jsonl").status).isEqualTo(404);

        action.servingLiveFrom(new FilePath(outputRoot.toFile()), Redactor.of());
        assertThat(PageRequest.repo(action, "/acme__b/transcript.jsonl").body()).isEqualTo("{}\n");
        action.stopServingLive();
        assertThat(PageRequest.repo(action, "/acme__b/transcript.jsonl").status).isEqualTo(404);
    }

    @Test
    void whatIsKeptInBuildXmlIsTheSummaryJsonAndItComesBackAfterARestart() throws Exception {
        CodyBatchAction action = finishedBatch();
        for (Field field : CodyBatchAction.class.getDeclaredFields()) {
            if (!Modifier.isTransient(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())) {
                assertThat(field.getType()).as(field.getName() + " is written to build.xml").isEqualTo(String.class);
            }
        }
        when(build.run.isBuilding()).thenReturn(false);

        CodyBatchAction loaded = restored(action);

        assertThat(loaded.getUrlName()).isEqualTo("cody-batch");
        assertThat(loaded.getSummary()).isEqualTo(action.getSummary());
        assertThat(Json.MAPPER.readTree(PageRequest.summary(loaded).body()))
                .isEqualTo(Json.MAPPER.readTree(workspace.resolve("cody-batch/summary.json").toFile()));
        assertThat(PageRequest.repo(loaded, "/acme__a/patch.diff").body()).isEqualTo("--- a/pom.xml\n+++ b/pom.xml\n");
    }

    @Test
    void aBatchStillRunningWhenJenkinsStoppedIsFinalAfterTheRestartWithTheUnfinishedFailed() throws Exception {
        CodyBatchAction action = runningPage();
        when(build.run.isBuilding()).thenReturn(false);

        CodyBatchAction loaded = restored(action);

        BatchSummary summary = loaded.getSummary();
        assertThat(summary.status()).isEqualTo(BatchStatus.FAILED);
        assertThat(summary.cancelled()).isTrue();
        assertThat(summary.stopped()).isEqualTo("Jenkins restarted during the batch");
        assertThat(summary.finished()).isNotNull();
        assertThat(summary.started()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(summary.repositories().get(0).status()).as("kept as it was").isEqualTo(RepoStatus.COMPLETED);
        assertThat(summary.repositories().get(1).status()).isEqualTo(RepoStatus.FAILED);
        assertThat(summary.repositories().get(1).result().error()).isEqualTo("Jenkins restarted while this repository"
                + " was running; use \"Retry failed repositories\" (or retryFailedFrom) to work on it");
        assertThat(summary.count(RepoStatus.RUNNING)).isZero();
        assertThat(loaded.isRunning()).isFalse();
        assertThat(loaded.getFailedRepositories()).extracting(RepositoryEntry::spec).containsExactly("acme/b");
        assertThat(Json.MAPPER.readTree(PageRequest.summary(loaded).body()).path("status").asText())
                .isEqualTo("FAILED");

        when(build.run.isBuilding()).thenReturn(true); // loaded while its build still runs: left alone
        assertThat(restored(runningPage()).isRunning()).isTrue();
    }

    /** The action as Jenkins reads it back from build.xml: its non-transient fields, no constructor, onLoad. */
    private CodyBatchAction restored(CodyBatchAction saved) throws Exception {
        CodyBatchAction loaded = new ObjenesisStd().newInstance(CodyBatchAction.class);
        for (Field field : CodyBatchAction.class.getDeclaredFields()) {
            if (!Modifier.isTransient(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                field.set(loaded, field.get(saved));
            }
        }
        loaded.onLoad(build.run);
        return loaded;
    }

    @Test
    void eachStepOfABuildGetsAPageOfItsOwn() {
        assertThat(CodyBatchAction.nextUrlName(build.run)).isEqualTo("cody-batch");
        build.actions.add(runningPage());
        assertThat(CodyBatchAction.nextUrlName(build.run)).isEqualTo("cody-batch-2");
        build.actions.add(runningPage());
        assertThat(CodyBatchAction.nextUrlName(build.run)).isEqualTo("cody-batch-3");
    }

    @Test
    void retryIsOfferedForAFinishedBatchWithFailuresToWhoeverMayBuild() throws Exception {
        Job<?, ?> job = Fixtures.job();
        doReturn(job).when(build.run).getParent();
        when(job.hasPermission(Item.BUILD)).thenReturn(true);
        assertThat(runningPage().isRetryable()).as("still running").isFalse();
        CodyBatchAction finished = finishedBatch();
        assertThat(finished.isRetryable()).isTrue();
        when(job.hasPermission(Item.BUILD)).thenReturn(false);
        assertThat(finished.isRetryable()).isFalse();
    }

    @Test
    void theViewerIsOfferedOnlyWhenItsAdjunctIsPackaged() throws Exception {
        CodyBatchAction action = runningPage();
        boolean packaged = getClass().getClassLoader().getResource(CodyBatchAction.VIEWER_ADJUNCT + ".js") != null
                && getClass().getClassLoader().getResource(CodyBatchAction.VIEWER_ADJUNCT + ".css") != null;
        assertThat(action.isViewerAvailable()).isEqualTo(packaged);
        String page = Files.readString(Path.of(
                "src/main/resources/io/jenkins/plugins/codybatch/jenkins/CodyBatchAction/index.jelly"));
        assertThat(page).contains("data-summary-url=\"${rootURL}/${it.run.url}${it.urlName}/${it.summaryPath}\"")
                .contains("data-repo-url=\"${rootURL}/${it.run.url}${it.urlName}/${it.repoPath}\"")
                .contains("<st:adjunct includes=\"" + CodyBatchAction.VIEWER_ADJUNCT.replace('/', '.') + "\"/>");
        assertThat(action.getSummaryPath()).isEqualTo("summary");
        assertThat(action.getRepoPath()).isEqualTo("repo/");
        assertThat(action.getRun()).isSameAs(build.run);
        assertThat(action.getDisplayName()).isEqualTo("Cody Batch: nightly");
        verify(build.run, never()).setResult(any());
    }

    @Test
    void itsApiAndTheBuildsApiExportTheCountsNotTheRepositories() throws Exception {
        CodyBatchAction action = finishedBatch();
        // Stapler serves cody-batch/api/json only when the action has getApi(); without it the page is 404
        assertThat(action.getApi().bean).isSameAs(action);
        // the build's api/json shows its actions one level down: only what is exported with visibility 2 reaches it
        for (String getter : List.of("getName", "getType", "isRunning", "isCancelled", "getTotal", "getCompleted",
                "getNoChanges", "getFailed", "getSkipped", "getTotalTokens", "getCost")) {
            org.kohsuke.stapler.export.Exported exported = CodyBatchAction.class.getMethod(getter)
                    .getAnnotation(org.kohsuke.stapler.export.Exported.class);
            assertThat(exported).as(getter).isNotNull();
            assertThat(exported.visibility()).as(getter).isEqualTo(2);
        }
        assertThat(List.of(CodyBatchAction.class.getMethods())).as("no per-repository list is exported")
                .noneMatch(m -> m.isAnnotationPresent(org.kohsuke.stapler.export.Exported.class)
                        && List.class.isAssignableFrom(m.getReturnType()));
        assertThat(action.getTotal()).isEqualTo(2);
        assertThat(action.getFailed()).isEqualTo(1);
    }
}
