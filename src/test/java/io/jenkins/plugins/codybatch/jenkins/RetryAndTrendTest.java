package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.util.RunList;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.ResultsSchema;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.model.ParameterizedJobMixIn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;
import org.objenesis.ObjenesisStd;

/** "Retry failed repositories" over builds, and the job's trend of its batches. */
class RetryAndTrendTest {

    @TempDir
    Path dir;

    private final Job<?, ?> job = Fixtures.job();
    private PageRequest post;
    private CodyBatchGlobalConfiguration global;
    private final List<String> processed = new CopyOnWriteArrayList<>();
    /** The fake engine: repositories whose names hold "broken" or "gone" fail, the others complete. */
    private final ProcessorFactory factory = (settings, batchJob, jobSpend) -> (j, spec, workDir, out) -> {
        processed.add(spec);
        return spec.contains("broken") || spec.contains("gone") ? RepoResult.failed(spec, "still broken")
                : new RepoResult(spec, RepoStatus.COMPLETED, null, 1, new Usage(10, 5, 0, 0), 0.1, List.of(), null,
                        null, 0);
    };

    @BeforeEach
    void setUp() throws Exception {
        post = PageRequest.blank();
        global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
    }

    /** Build #number of the job, having run one batch per list of repositories. */
    private Fixtures.Build build(int number, List<String>... batches) throws Exception {
        Fixtures.Build build = new Fixtures.Build(dir.resolve("artifacts-" + number));
        doReturn(job).when(build.run).getParent();
        when(build.run.getNumber()).thenReturn(number);
        doReturn(build.run).when(job).getBuildByNumber(number);
        for (List<String> repositories : batches) {
            BatchOptions options = new BatchOptions("Use SLF4J");
            options.setRepositories(repositories);
            run(build, options);
        }
        return build;
    }

    private BatchReport run(Fixtures.Build build, BatchOptions options) throws Exception {
        return build.run(Fixtures.runner(global, factory, () -> null), options,
                Files.createDirectories(dir.resolve("workspace-" + build.run.getNumber())));
    }

    @Test
    void retrySchedulesABuildCarryingWhichBuildAndPageToRetry() throws Exception {
        Fixtures.Build earlier = build(12, List.of("acme/a"), List.of("acme/ok", "acme/broken"));
        CodyBatchAction second = earlier.batches().get(1);
        when(job.hasPermission(Item.BUILD)).thenReturn(true);
        when(earlier.run.isBuilding()).thenReturn(false);
        AtomicReference<Action[]> scheduled = new AtomicReference<>();
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            mixin.when(() -> ParameterizedJobMixIn.scheduleBuild2(eq(job), anyInt(), any(Action[].class)))
                    .thenAnswer(inv -> {
                        scheduled.set((Action[]) inv.getRawArguments()[2]);
                        return mock(Queue.Item.class);
                    });

            assertThat(second.isRetryable()).isTrue();
            second.doRetryFailed(post.req, post.rsp);
        }
        verify(job).checkPermission(Item.BUILD);
        assertThat(scheduled.get()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(RetryRequest.class,
                r -> assertThat(r.getFromBuild()).isEqualTo(12)));
        verify(post.rsp).sendRedirect("../../");
    }

    @Test
    void retryNeedsBuildPermissionSomethingToRetryAndAJobThatTakesBuilds() throws Exception {
        Fixtures.Build earlier = build(12, List.of("acme/broken"));
        CodyBatchAction failed = earlier.action();
        doThrow(new SecurityException("Build required")).when(job).checkPermission(Item.BUILD);
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            assertThatThrownBy(() -> failed.doRetryFailed(post.req, post.rsp)).hasMessage("Build required");
            mixin.verifyNoInteractions();
        }

        Job<?, ?> otherJob = Fixtures.job();
        Fixtures.Build allGood = build(13, List.of("acme/ok"));
        doReturn(otherJob).when(allGood.run).getParent();
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            allGood.action().doRetryFailed(post.req, post.rsp);
            mixin.verifyNoInteractions();
        }
        verify(post.rsp).sendError(eq(400), any());

        doReturn(otherJob).when(earlier.run).getParent();
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            failed.doRetryFailed(post.req, post.rsp); // scheduleBuild2 answers null: a disabled job
        }
        verify(post.rsp).sendError(eq(409), any());
    }

    @Test
    void theBuildTheRetryButtonStartsRunsEachStepsOwnFailedRepositories() throws Exception {
        build(12, List.of("acme/ok", "acme/first-broken"), List.of("acme/second-broken", "acme/second-gone"),
                List.of("acme/all-good"));
        Fixtures.Build retry = build(13);
        retry.actions.add(new RetryRequest(12));
        processed.clear();

        for (int step = 0; step < 3; step++) {
            run(retry, new BatchOptions("Use SLF4J")); // no repositories: the retry names them, step by step
        }

        assertThat(retry.batches()).extracting(CodyBatchAction::getUrlName)
                .containsExactly("cody-batch", "cody-batch-2", "cody-batch-3");
        assertThat(retry.batches().get(2).getTotal()).isZero();
        assertThat(processed).containsExactlyInAnyOrder("acme/first-broken", "acme/second-broken", "acme/second-gone");
        assertThat(retry.log()).contains("Nothing of this step failed in build #12; nothing to retry here.");
    }

    @Test
    void twoRetriesOfDifferentBuildsAreTwoQueuedBuildsButTheSameRetryIsOne() {
        RetryRequest retry = new RetryRequest(12);
        assertThat(retry.shouldSchedule(List.of(new RetryRequest(12)))).as("already queued").isFalse();
        assertThat(retry.shouldSchedule(List.of(new RetryRequest(11)))).isTrue();
        assertThat(retry.shouldSchedule(List.of())).as("a plain queued build").isTrue();
        assertThat(retry.shouldSchedule(List.of(mock(Action.class)))).isTrue();
        assertThat(retry).isInstanceOf(Queue.QueueAction.class);
    }

    @Test
    void aBatchCutOffByARestartIsRetriedLikeAnyOther() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        ProcessorFactory hanging = (settings, batchJob, jobSpend) -> (j, spec, workDir, out) -> {
            if (spec.equals("acme/slow")) {
                working.countDown();
                new CountDownLatch(1).await(); // Jenkins stops while this repository works
            }
            return new RepoResult(spec, RepoStatus.COMPLETED, null, 1, Usage.ZERO, 0, List.of(), null, null, 0);
        };
        Fixtures.Build earlier = build(12);
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of("acme/ok", "acme/slow"));
        Thread batch = new Thread(() -> {
            try {
                earlier.run(Fixtures.runner(global, hanging, () -> null), options,
                        Files.createDirectories(dir.resolve("workspace-12")));
            } catch (Exception e) {
                // interrupted below, as the JVM going down would end it
            }
        });
        batch.start();
        working.await();
        CodyBatchAction saved = earlier.action();
        awaitCompleted(saved, "acme/ok");
        CodyBatchAction loaded = restored(saved, earlier.run); // build.xml as it was when Jenkins stopped
        batch.interrupt();
        batch.join();
        earlier.actions.clear();
        earlier.actions.add(loaded);

        assertThat(loaded.isRunning()).isFalse();
        assertThat(loaded.getFailedRepositories()).extracting(e -> e.result().error()).containsExactly(
                "Jenkins restarted while this repository was running; use \"Retry failed repositories\" (or"
                        + " retryFailedFrom) to work on it");
        Fixtures.Build retry = build(13);
        processed.clear();
        BatchOptions retryOptions = new BatchOptions("Use SLF4J");
        retryOptions.setRetryFailedFrom(12);
        BatchReport report = run(retry, retryOptions);

        assertThat(processed).containsExactly("acme/slow");
        assertThat(report.result()).isEqualTo(Result.SUCCESS);
    }

    private static void awaitCompleted(CodyBatchAction action, String spec) throws InterruptedException {
        for (int i = 0; i < 3000; i++) {
            if (action.getSummary().repositories().stream()
                    .anyMatch(e -> e.spec().equals(spec) && e.status() == RepoStatus.COMPLETED)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(spec + " never completed");
    }

    /** The action as Jenkins reads it back from build.xml of a build that is not running: fields, then onLoad. */
    private static CodyBatchAction restored(CodyBatchAction saved, Run<?, ?> run) throws Exception {
        CodyBatchAction loaded = new ObjenesisStd().newInstance(CodyBatchAction.class);
        for (Field field : CodyBatchAction.class.getDeclaredFields()) {
            if (!Modifier.isTransient(field.getModifiers()) && !Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                field.set(loaded, field.get(saved));
            }
        }
        Run<?, ?> finished = mock(Run.class);
        when(finished.isBuilding()).thenReturn(false);
        loaded.onLoad(finished);
        loaded.onAttached(run);
        return loaded;
    }

    @Test
    void theTrendHasAPointPerBatchOfTheRecentBuilds() throws Exception {
        Fixtures.Build twoBatches = build(5, List.of("acme/ok", "acme/broken"), List.of("acme/ok"));
        when(twoBatches.run.getResult()).thenReturn(Result.UNSTABLE);
        Run<?, ?> without = mock(Run.class);
        when(without.getActions(CodyBatchAction.class)).thenReturn(List.of());
        @SuppressWarnings("unchecked")
        RunList<Run<?, ?>> builds = mock(RunList.class);
        when(builds.iterator()).thenAnswer(inv -> List.of(twoBatches.run, without).iterator());
        doReturn(builds).when(builds).limit(CodyBatchJobAction.BUILDS);
        Job<?, ?> trendJob = mock(Job.class);
        doReturn(builds).when(trendJob).getBuilds();
        doReturn(twoBatches.run).when(trendJob).getLastBuild();

        CodyBatchJobAction trend = new CodyBatchJobAction(trendJob);

        assertThat(trend.getTrend()).extracting(p -> p.build() + " " + p.page() + " " + p.name() + " " + p.result() + " "
                + p.counts().get(RepoStatus.COMPLETED) + "/" + p.counts().get(RepoStatus.FAILED) + " " + p.totalTokens()
                + " " + p.cost()).containsExactly("5 cody-batch nightly UNSTABLE 1/1 15 0.1", "5 cody-batch-2 nightly UNSTABLE 1/0 15 0.1");
        PageRequest json = PageRequest.blank();
        trend.doTrend(json.req, json.rsp);
        verify(trendJob).checkPermission(Item.READ);
        JsonNode points = Json.MAPPER.readTree(json.body());
        assertThat(ResultsSchema.problems("trend.schema.json", points)).isEmpty();
        assertThat(points).hasSize(2);
        assertThat(points.get(1).path("page").asText()).isEqualTo("cody-batch-2");
        assertThat(new CodyBatchJobAction.Factory().createFor(trendJob)).hasSize(1);

        Job<?, ?> quiet = mock(Job.class);
        doReturn(without).when(quiet).getLastBuild();
        assertThat(new CodyBatchJobAction.Factory().createFor(quiet)).isEmpty();
    }
}
