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

import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.util.RunList;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import jenkins.model.ParameterizedJobMixIn;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.mockito.MockedStatic;

class RetryAndTrendTest {

    private final Job<?, ?> job = mock(Job.class);
    private final Run<?, ?> run = mock(Run.class);
    private final StaplerResponse2 rsp = mock(StaplerResponse2.class);

    private CodyBatchAction finishedBatch(RepoStatus... statuses) {
        List<RepoTask> tasks = new java.util.ArrayList<>();
        for (int i = 0; i < statuses.length; i++) {
            tasks.add(new RepoTask("acme/r" + i, "acme__r" + i));
        }
        CodyBatchAction action = new CodyBatchAction("n", "code-pattern-update", tasks);
        for (int i = 0; i < statuses.length; i++) {
            action.finished(new RepoOutcome(tasks.get(i), new RepoResult("acme/r" + i, statuses[i], null, 1,
                    new Usage(10, 5, 0, 0), 0.1, List.of(), null, null, 0), List.of()));
        }
        action.completed("UNSTABLE", false);
        action.onAttached(run);
        doReturn(job).when(run).getParent();
        when(run.getNumber()).thenReturn(12);
        return action;
    }

    @Test
    void retrySchedulesABuildCarryingTheRetryRequest() throws Exception {
        CodyBatchAction action = finishedBatch(RepoStatus.COMPLETED, RepoStatus.FAILED);
        when(job.hasPermission(Item.BUILD)).thenReturn(true);
        AtomicReference<Action[]> scheduled = new AtomicReference<>();
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            mixin.when(() -> ParameterizedJobMixIn.scheduleBuild2(eq(job), anyInt(), any(Action[].class)))
                    .thenAnswer(inv -> {
                        scheduled.set((Action[]) inv.getRawArguments()[2]);
                        return mock(Queue.Item.class);
                    });

            assertThat(action.isRetryable()).isTrue();
            action.doRetryFailed(mock(StaplerRequest2.class), rsp);
        }
        verify(job).checkPermission(Item.BUILD);
        assertThat(scheduled.get()).anySatisfy(a -> assertThat(a).isInstanceOfSatisfying(RetryRequest.class,
                r -> assertThat(r.getFromBuild()).isEqualTo(12)));
        verify(rsp).sendRedirect("../../");
    }

    @Test
    void retryNeedsBuildPermissionAndSomethingToRetry() throws Exception {
        CodyBatchAction action = finishedBatch(RepoStatus.FAILED);
        doThrow(new SecurityException("Build required")).when(job).checkPermission(Item.BUILD);
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            assertThatThrownBy(() -> action.doRetryFailed(mock(StaplerRequest2.class), rsp)).hasMessage("Build required");
            mixin.verifyNoInteractions();
        }

        CodyBatchAction allGood = finishedBatch(RepoStatus.COMPLETED);
        Job<?, ?> otherJob = mock(Job.class);
        doReturn(otherJob).when(run).getParent();
        try (MockedStatic<ParameterizedJobMixIn> mixin = mockStatic(ParameterizedJobMixIn.class)) {
            allGood.doRetryFailed(mock(StaplerRequest2.class), rsp);
            mixin.verifyNoInteractions();
        }
        verify(rsp).sendError(eq(400), any());
    }

    @Test
    void theRetriedBuildRunsOnlyTheFailedRepositories() throws Exception {
        Fixtures.Build build = new Fixtures.Build();
        CodyBatchAction previous = finishedBatch(RepoStatus.COMPLETED, RepoStatus.FAILED, RepoStatus.FAILED);
        doReturn(job).when(build.run).getParent();
        doReturn(run).when(job).getBuildByNumber(12);
        when(run.getAction(CodyBatchAction.class)).thenReturn(previous);
        when(build.run.getAction(RetryRequest.class)).thenReturn(new RetryRequest(12));
        List<String> processed = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessorFactory factory = mock(ProcessorFactory.class);
        when(factory.create(any(), any())).thenReturn((j, spec, work, out) -> {
            processed.add(spec);
            return RepoResult.failed(spec, "still broken");
        });
        CodyBatchGlobalConfiguration global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");

        new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(), Fixtures.credentials(),
                () -> { throw new AssertionError("no labelled fan-out here"); })
                .run(new BatchOptions("p"), build.run, new hudson.FilePath(java.nio.file.Files.createTempDirectory("ws").toFile()),
                        new hudson.EnvVars(), null, build.listener);

        assertThat(processed).containsExactlyInAnyOrder("acme/r1", "acme/r2");
    }

    @Test
    void trendListsRecentBatchesOnly() throws Exception {
        Run<?, ?> withBatch = mock(Run.class);
        Run<?, ?> without = mock(Run.class);
        CodyBatchAction batch = finishedBatch(RepoStatus.COMPLETED, RepoStatus.FAILED);
        when(withBatch.getAction(CodyBatchAction.class)).thenReturn(batch);
        when(withBatch.getNumber()).thenReturn(5);
        @SuppressWarnings("unchecked")
        RunList<Run<?, ?>> builds = mock(RunList.class);
        when(builds.iterator()).thenAnswer(inv -> List.of(withBatch, without).iterator());
        doReturn(builds).when(builds).limit(CodyBatchJobAction.BUILDS);
        Job<?, ?> trendJob = mock(Job.class);
        doReturn(builds).when(trendJob).getBuilds();

        List<CodyBatchJobAction.Point> trend = new CodyBatchJobAction(trendJob).getTrend();

        assertThat(trend).containsExactly(new CodyBatchJobAction.Point(5, "UNSTABLE", 1, 0, 1, 0, 30, 0.2));
        assertThat(new CodyBatchJobAction.Factory().createFor(trendJob)).hasSize(1);

        Job<?, ?> quiet = mock(Job.class);
        @SuppressWarnings("unchecked")
        RunList<Run<?, ?>> none = mock(RunList.class);
        when(none.iterator()).thenAnswer(inv -> List.of(without).iterator());
        doReturn(none).when(none).limit(CodyBatchJobAction.BUILDS);
        doReturn(none).when(quiet).getBuilds();
        assertThat(new CodyBatchJobAction.Factory().createFor(quiet)).isEmpty();
    }
}
