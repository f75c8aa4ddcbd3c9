package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Descriptor.FormException;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.FormValidation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchStatus;
import io.jenkins.plugins.codybatch.engine.batch.BatchSummary;
import io.jenkins.plugins.codybatch.engine.results.JobType;
import jenkins.model.Jenkins;
import org.mockito.MockedStatic;
import org.springframework.security.core.Authentication;
import java.util.stream.Collectors;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.mockito.ArgumentCaptor;

class CodyBatchStepTest {

    @Test
    void defaultsAreSafe() {
        CodyBatchStep step = new CodyBatchStep("Use SLF4J");
        assertThat(step.getPrompt()).isEqualTo("Use SLF4J");
        assertThat(step.isCreatePullRequests()).isFalse();
        assertThat(step.getType()).isEqualTo("code-pattern-update");
        assertThat(step.getResultWhenSomeFail()).isEqualTo("UNSTABLE");
        assertThat(step.getResultWhenAllFail()).isEqualTo("FAILURE");
        assertThat(step.getRepositories()).isEmpty();
        assertThat(step.getParallelism()).isZero();
        assertThat(step.getLabel()).isNull();
        assertThat(step.getRetryFailedFrom()).isZero();
    }

    @Test
    void settersReachTheOptions() {
        CodyBatchStep step = new CodyBatchStep("p");
        step.setRepositories(List.of(" acme/a ", "", "acme/b"));
        step.setModel("  ");
        step.setMaxCost(2.5);
        step.setLabels(List.of("automated"));
        step.setType("analysis");
        assertThat(step.options().getRepositories()).containsExactly("acme/a", "acme/b");
        assertThat(step.options().getModel()).isNull();
        assertThat(step.options().getMaxCost()).isEqualTo(2.5);
        assertThat(step.options().getLabels()).containsExactly("automated");
        assertThat(step.options().getType()).isEqualTo("analysis");
    }

    @Test
    void builderTakesListsAsLinesAndOffersTheSameOptionsAsTheStep() {
        CodyBatchBuilder builder = new CodyBatchBuilder("p");
        builder.setRepositories("acme/a\r\nacme/b\n\n");
        builder.setReviewers("alice, bob");
        assertThat(builder.options().getRepositories()).containsExactly("acme/a", "acme/b");
        assertThat(builder.getRepositories()).isEqualTo("acme/a\nacme/b");
        assertThat(builder.options().getReviewers()).containsExactly("alice", "bob");
        assertThat(setters(CodyBatchBuilder.class)).isEqualTo(setters(CodyBatchStep.class)).hasSize(40);
    }

    @Test
    void databindingAnnotationsArePresent() throws Exception {
        assertThat(CodyBatchStep.class.getConstructor(String.class).isAnnotationPresent(DataBoundConstructor.class)).isTrue();
        assertThat(CodyBatchBuilder.class.getConstructor(String.class).isAnnotationPresent(DataBoundConstructor.class))
                .isTrue();
        assertThat(CodyBatchStep.DescriptorImpl.class.getAnnotation(Symbol.class).value()).containsExactly("codyBatch");
        assertThat(CodyBatchGlobalConfiguration.class.getAnnotation(Symbol.class).value()).containsExactly("codyBatch");
    }

    @Test
    void descriptorDeclaresFunctionNameAndContext() {
        CodyBatchStep.DescriptorImpl descriptor = new CodyBatchStep.DescriptorImpl();
        assertThat(descriptor.getFunctionName()).isEqualTo("codyBatch");
        assertThat(Set.<Object>copyOf(descriptor.getRequiredContext()))
                .containsExactlyInAnyOrder(Run.class, TaskListener.class, FilePath.class, EnvVars.class, Launcher.class);
        assertThat(new CodyBatchBuilder.DescriptorImpl().isApplicable(null)).isTrue();
    }

    @Test
    void formValidationExplainsWhatToFix() {
        CodyBatchBuilder.DescriptorImpl d = new CodyBatchBuilder.DescriptorImpl();
        assertThat(d.doCheckPrompt("").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckPrompt("Do it").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckParallelism("65").getMessage()).contains("between 1 and 64");
        assertThat(d.doCheckParallelism("x").getMessage()).contains("whole number");
        assertThat(d.doCheckMaxCost("-1").getMessage()).contains("maxCost must be 0");
        assertThat(d.doCheckMaxCost("2.50").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckMaxTokensBudget("1e9").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckBranch("feature/../x").kind).isEqualTo(FormValidation.Kind.ERROR);
        assertThat(d.doCheckBranch("cody/update").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckRepositories("acme/a\n--upload-pack=x").getMessage()).contains("not starting with '-'");
        assertThat(d.doCheckLabel("linux").kind).isEqualTo(FormValidation.Kind.OK);
        assertThat(d.doCheckLabel("linux").getMessage()).contains("build-queue task", "parallelism");
        assertThat(d.doFillTypeItems()).extracting(o -> o.value).containsExactly("code-pattern-update", "analysis");
        assertThat(d.doFillResultWhenAllFailItems()).extracting(o -> o.value)
                .containsExactly("UNSTABLE", "FAILURE", "SUCCESS");
    }

    @Test
    void stepAndBuilderFormsGiveTheSameVerdicts() throws Exception {
        CodyBatchBuilder.DescriptorImpl builder = new CodyBatchBuilder.DescriptorImpl();
        CodyBatchStep.DescriptorImpl step = new CodyBatchStep.DescriptorImpl();
        List<String> checks = new ArrayList<>();
        for (Method method : CodyBatchStep.DescriptorImpl.class.getDeclaredMethods()) {
            if (method.getName().startsWith("doCheck")) {
                checks.add(method.getName());
                Method same = CodyBatchBuilder.DescriptorImpl.class.getMethod(method.getName(),
                        method.getParameterTypes());
                for (String input : new String[] {"", " ", "x", "-1", "65", "2.50", "feature/../x", "cody/update"}) {
                    FormValidation fromStep = (FormValidation) method.invoke(step, input);
                    FormValidation fromBuilder = (FormValidation) same.invoke(builder, input);
                    assertThat(fromStep.kind).as(method.getName() + "(" + input + ")").isEqualTo(fromBuilder.kind);
                    assertThat(fromStep.getMessage()).as(method.getName() + "(" + input + ")")
                            .isEqualTo(fromBuilder.getMessage());
                }
            }
        }
        assertThat(checks).contains("doCheckPrompt", "doCheckBranch", "doCheckMaxCost", "doCheckParallelism");
        assertThat(step.doCheckBranch(" ").kind).as("blank: the batch names the branch").isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void optionProblemsAreCollectedTogether() {
        BatchOptions options = new BatchOptions("p");
        options.setType("refactor");
        options.setResultWhenSomeFail("BROKEN");
        assertThat(OptionsCheck.problems(options)).anySatisfy(p -> assertThat(p).contains("Unknown job type 'refactor'"))
                .anySatisfy(p -> assertThat(p).contains("resultWhenSomeFail must be"))
                .anySatisfy(p -> assertThat(p).contains("No repositories"));
    }

    /** A finished batch of no repository, as the runner reports it. */
    private static BatchReport emptyReport() {
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of(), null, 0, null, 1, List.of(), null);
        return new BatchReport(BatchSummary.of(job, BatchStatus.COMPLETED, null, null, false, 1, "2026-12-01T10:00:00Z",
                "2026-12-01T10:01:00Z", List.of()), hudson.model.Result.SUCCESS, false, "cody-batch");
    }

    @Test
    void executionRunsOffTheCallingThreadAsTheBuildsUserAndReturnsTheMap() throws Exception {
        StepContext context = context();
        CodyBatchRunner runner = mock(CodyBatchRunner.class);
        BatchReport report = emptyReport();
        Thread caller = Thread.currentThread();
        Authentication user = mock(Authentication.class);
        when(runner.run(any(), any(), any(), any(), any(), any(), any())).thenAnswer(inv -> {
            assertThat(Thread.currentThread()).isNotSameAs(caller);
            return report;
        });

        boolean finishedSynchronously;
        try (MockedStatic<Jenkins> jenkins = mockStatic(Jenkins.class)) {
            // only the calling thread knows the build's user: it must be taken there
            jenkins.when(Jenkins::getAuthentication2).thenReturn(user);
            finishedSynchronously = new CodyBatchStep.Execution(context, new BatchOptions("p"), () -> runner).start();
        }

        assertThat(finishedSynchronously).isFalse();
        ArgumentCaptor<Object> result = ArgumentCaptor.forClass(Object.class);
        verify(context, timeout(30_000)).onSuccess(result.capture());
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) result.getValue();
        assertThat(map).containsEntry("result", "SUCCESS").containsEntry("total", 0);
        verify(runner).run(any(), any(), any(), any(), any(), any(), same(user));
        verify(context, never()).onFailure(any());
    }

    @Test
    void stopInterruptsTheBatchWhichRecordsWhereItStandsAndThenEndsTheStep() throws Exception {
        StepContext context = context();
        CodyBatchRunner runner = mock(CodyBatchRunner.class);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch recording = new CountDownLatch(1);
        CountDownLatch recorded = new CountDownLatch(1);
        InterruptedException aborted = new InterruptedException("Cody Batch was aborted");
        when(runner.run(any(), any(), any(), any(), any(), any(), any())).thenAnswer(inv -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                recording.countDown();
                recorded.await(); // the runner still records and archives what the repositories did
                throw aborted;
            }
            return null;
        });
        CodyBatchStep.Execution execution = new CodyBatchStep.Execution(context, new BatchOptions("p"), () -> runner);
        assertThat(execution.getStatus()).isEqualTo("not started");
        assertThat(execution.blocksRestart()).isFalse();
        execution.start();
        running.await();
        assertThat(execution.getStatus()).isEqualTo("working on repositories");
        assertThat(execution.blocksRestart()).as("a safe restart waits for the batch").isTrue();

        execution.stop(new Exception("stopped by user"));

        assertThat(recording.await(30, TimeUnit.SECONDS)).isTrue();
        verify(context, never()).onFailure(any()); // the step is not over while the batch records
        assertThat(execution.blocksRestart()).as("still writing to the workspace and the build").isTrue();
        assertThat(execution.getStatus()).isEqualTo("working on repositories");
        recorded.countDown();
        verify(context, timeout(30_000)).onFailure(aborted);
        verify(context, never()).onSuccess(any());
        for (int i = 0; i < 3000 && execution.blocksRestart(); i++) {
            Thread.sleep(10);
        }
        assertThat(execution.blocksRestart()).isFalse();
        assertThat(execution.getStatus()).isEqualTo("finished");
    }

    @Test
    void stopBeforeOrAfterTheBatchEndsTheStepAtOnce() throws Exception {
        StepContext context = context();
        CodyBatchStep.Execution notStarted = new CodyBatchStep.Execution(context, new BatchOptions("p"), () -> null);
        Exception cause = new Exception("stopped by user");
        notStarted.stop(cause);
        verify(context).onFailure(cause);

        StepContext finishedContext = context();
        CodyBatchRunner runner = mock(CodyBatchRunner.class);
        when(runner.run(any(), any(), any(), any(), any(), any(), any())).thenReturn(emptyReport());
        CodyBatchStep.Execution finished = new CodyBatchStep.Execution(finishedContext, new BatchOptions("p"),
                () -> runner);
        finished.start();
        verify(finishedContext, timeout(30_000)).onSuccess(any());
        for (int i = 0; i < 3000 && !"finished".equals(finished.getStatus()); i++) {
            Thread.sleep(10);
        }
        assertThat(finished.getStatus()).isEqualTo("finished");
        assertThat(finished.blocksRestart()).isFalse();
    }

    @Test
    void afterARestartTheStepFailsWithWhatToDo() {
        StepContext context = context();
        new CodyBatchStep.Execution(context, new BatchOptions("p"), () -> null).onResume();
        ArgumentCaptor<Throwable> failure = ArgumentCaptor.forClass(Throwable.class);
        verify(context).onFailure(failure.capture());
        assertThat(failure.getValue()).isInstanceOf(hudson.AbortException.class)
                .hasMessageContaining("Jenkins restarted while Cody Batch was running")
                .hasMessageContaining("Retry failed repositories").hasMessageContaining("retryFailedFrom");
    }

    private static StepContext context() {
        StepContext context = mock(StepContext.class);
        try {
            when(context.get(Run.class)).thenReturn(mock(Run.class));
            when(context.get(TaskListener.class)).thenReturn(mock(TaskListener.class));
            when(context.get(EnvVars.class)).thenReturn(new EnvVars());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return context;
    }

    private static Set<String> setters(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.isAnnotationPresent(DataBoundSetter.class))
                .map(Method::getName).collect(Collectors.toSet());
    }

    @Test
    void snippetGeneratorListFieldsAreReadAsLinesAndKeptAwayFromStaplersBinding() throws Exception {
        JSONObject form = new JSONObject();
        form.put("prompt", "Use SLF4J");
        form.put("repositories", "\nacme/a\r\n  acme/b  \n\n");
        form.put("labels", "automated, deps");
        form.put("reviewers", "\n");
        form.put("allowedRepositories", "acme/*");
        List<String> seenByStapler = new ArrayList<>();

        CodyBatchStep step = (CodyBatchStep) CodyBatchStep.DescriptorImpl.bindWithListFields(form, rest -> {
            for (String field : CodyBatchStep.DescriptorImpl.LIST_FIELDS.keySet()) {
                if (rest.opt(field) != null) {
                    seenByStapler.add(field);
                }
            }
            return new CodyBatchStep((String) rest.opt("prompt"));
        });

        assertThat(seenByStapler).isEmpty();
        assertThat(step.getPrompt()).isEqualTo("Use SLF4J");
        assertThat(step.getRepositories()).containsExactly("acme/a", "acme/b");
        assertThat(step.getLabels()).containsExactly("automated", "deps");
        assertThat(step.getReviewers()).isEmpty();
        assertThat(step.getAllowedRepositories()).containsExactly("acme/*");
    }

    @Test
    void aFormErrorFromTheRestOfTheBindingReachesTheUser() {
        JSONObject form = new JSONObject();
        form.put("repositories", "acme/a");
        FormException error = new FormException("bad number", "maxTokens");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CodyBatchStep.DescriptorImpl.bindWithListFields(form,
                rest -> { throw error; })).isSameAs(error);
    }

    @Test
    void listFieldsShownOnTheFormReadBackToTheSameLists() {
        CodyBatchStep.DescriptorImpl descriptor = new CodyBatchStep.DescriptorImpl();
        for (List<String> values : List.of(List.<String>of(), List.of("acme/a"), List.of("acme/a", "acme/*-service"))) {
            String shown = descriptor.joinLines(values);
            assertThat(shown).as("never empty, or f:textarea would show the List itself").isNotEmpty();
            assertThat(BatchOptions.lines(shown)).isEqualTo(values);
        }
        assertThat(BatchOptions.lines(descriptor.joinLines(null))).isEmpty();
    }

    @Test
    void everyListFieldIsOnTheSnippetFormAndIsAListSetter() throws Exception {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of(
                "src/main/resources/io/jenkins/plugins/codybatch/jenkins/CodyBatchStep/config.jelly"));
        for (String field : CodyBatchStep.DescriptorImpl.LIST_FIELDS.keySet()) {
            Method setter = CodyBatchStep.class.getMethod(
                    "set" + Character.toUpperCase(field.charAt(0)) + field.substring(1), List.class);
            assertThat(setter.isAnnotationPresent(DataBoundSetter.class)).as(field).isTrue();
            assertThat(page).contains("<f:entry field=\"" + field + "\"")
                    // the default equals the empty value, so that an empty list does not mark the section "Edited"
                    .contains("<f:textarea value=\"${descriptor.joinLines(instance." + field + ")}\""
                            + " default=\"${descriptor.joinLines(null)}\"/>");
        }
        long listSetters = Arrays.stream(CodyBatchStep.class.getMethods())
                .filter(m -> m.isAnnotationPresent(DataBoundSetter.class) && m.getParameterTypes()[0] == List.class).count();
        assertThat(CodyBatchStep.DescriptorImpl.LIST_FIELDS).hasSize((int) listSetters);
    }

    @Test
    void aBatchThatMadeTheBuildUnstableMarksItsStepWithAWarning(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        StepContext context = context();
        org.jenkinsci.plugins.workflow.graph.FlowNode node = mock(org.jenkinsci.plugins.workflow.graph.FlowNode.class);
        when(context.get(org.jenkinsci.plugins.workflow.graph.FlowNode.class)).thenReturn(node);
        Fixtures.Build build = new Fixtures.Build(dir.resolve("artifacts"));
        CodyBatchGlobalConfiguration global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
        ProcessorFactory factory = (settings, batch, jobSpend) -> (j, spec, workDir, out) -> spec.equals("acme/a")
                ? io.jenkins.plugins.codybatch.engine.results.RepoResult.failed(spec, "clone failed")
                : new io.jenkins.plugins.codybatch.engine.results.RepoResult(spec,
                        io.jenkins.plugins.codybatch.engine.results.RepoStatus.NO_CHANGES, null, 1,
                        io.jenkins.plugins.codybatch.engine.results.Usage.ZERO, 0, List.of(), null, "nothing to do", 1);
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of("acme/a", "acme/b"));
        BatchReport report = build.run(Fixtures.runner(global, factory, () -> null), options,
                java.nio.file.Files.createDirectories(dir.resolve("ws")));
        assertThat(report.result()).isEqualTo(hudson.model.Result.UNSTABLE);

        CodyBatchStep.Execution.markStep(context, report);
        ArgumentCaptor<hudson.model.Action> marked = ArgumentCaptor.forClass(hudson.model.Action.class);
        verify(node).addOrReplaceAction(marked.capture());
        org.jenkinsci.plugins.workflow.actions.WarningAction warning =
                (org.jenkinsci.plugins.workflow.actions.WarningAction) marked.getValue();
        assertThat(warning.getResult()).isEqualTo(hudson.model.Result.UNSTABLE);
        assertThat(warning.getMessage()).isEqualTo("1 of 2 repositories failed");

        org.jenkinsci.plugins.workflow.graph.FlowNode fine = mock(org.jenkinsci.plugins.workflow.graph.FlowNode.class);
        when(context.get(org.jenkinsci.plugins.workflow.graph.FlowNode.class)).thenReturn(fine);
        CodyBatchStep.Execution.markStep(context, new BatchReport(report.summary(), hudson.model.Result.SUCCESS, false,
                "cody-batch"));
        verify(fine, never()).addOrReplaceAction(any());
    }

    @Test
    void theBatchThreadsUseThePluginsClassLoaderNotTheCallersOne() throws Exception {
        ClassLoader script = new java.net.URLClassLoader(new java.net.URL[0]); // as the CPS VM thread's script loader
        Thread caller = Thread.currentThread();
        ClassLoader before = caller.getContextClassLoader();
        caller.setContextClassLoader(script);
        try {
            Thread thread = CodyBatchStep.Execution.newThread(() -> {});
            assertThat(thread.getContextClassLoader()).isSameAs(CodyBatchStep.class.getClassLoader()).isNotSameAs(script);
            assertThat(thread.isDaemon()).isTrue();
        } finally {
            caller.setContextClassLoader(before);
        }
    }

    @Test
    void afterARestartTheRunningBatchesPageIsMadeFinalSoItStopsRefreshingAndOffersTheRetry() throws Exception {
        StepContext context = context();
        Run<?, ?> run = context.get(Run.class);
        BatchJob job = new BatchJob("n", JobType.CODE_PATTERN_UPDATE, "p", List.of("acme/a"), null, 0, null, 1,
                List.of(), null);
        CodyBatchAction page = new CodyBatchAction("cody-batch", "n", BatchSummary.of(job, BatchStatus.RUNNING, null,
                null, false, 1, "2026-12-01T10:00:00Z", null,
                io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry.forSpecs(job.repositories())));
        when(run.getActions(CodyBatchAction.class)).thenReturn(List.of(page));
        assertThat(page.isRunning()).isTrue();

        new CodyBatchStep.Execution(context, new BatchOptions("p"), () -> null).onResume();

        assertThat(page.isRunning()).isFalse();
        assertThat(page.getFailedRepositories()).extracting(e -> e.result().error()).singleElement().asString()
                .startsWith("Jenkins restarted while this repository was pending");
        verify(context).onFailure(any(hudson.AbortException.class));
    }

    @Test
    void theFormsPreselectTheDefaultResultsSoASnippetOmitsThem() throws Exception {
        BatchOptions defaults = new BatchOptions("p");
        for (String form : List.of("CodyBatchStep", "CodyBatchBuilder")) {
            String page = java.nio.file.Files.readString(java.nio.file.Path.of(
                    "src/main/resources/io/jenkins/plugins/codybatch/jenkins/" + form + "/config.jelly"));
            // f:select shows its first option when neither the instance nor the tag gives a value
            assertThat(page).as(form).containsPattern("field=\"resultWhenSomeFail\"[^>]*>\\s*<f:select default=\""
                    + defaults.getResultWhenSomeFail() + "\"/>");
            assertThat(page).as(form).containsPattern("field=\"resultWhenAllFail\"[^>]*>\\s*<f:select default=\""
                    + defaults.getResultWhenAllFail() + "\"/>");
        }
    }

    @Test
    void aBuildStepSavedBeforeNewerOptionsExistedGetsTheirDefaultsWhenJenkinsReadsIt() throws Exception {
        // Jenkins' XStream builds the object without constructor or field initializers, then calls readResolve
        BatchOptions old = new org.objenesis.ObjenesisStd().newInstance(BatchOptions.class);
        java.lang.reflect.Method readResolve = BatchOptions.class.getDeclaredMethod("readResolve");
        readResolve.setAccessible(true);
        BatchOptions read = (BatchOptions) readResolve.invoke(old);

        BatchOptions fresh = new BatchOptions(null);
        assertThat(read.getResultWhenSomeFail()).isEqualTo(fresh.getResultWhenSomeFail());
        assertThat(read.getResultWhenAllFail()).isEqualTo(fresh.getResultWhenAllFail());
        assertThat(read.getType()).isEqualTo(fresh.getType());
        assertThat(read.getVerifyAttempts()).isEqualTo(fresh.getVerifyAttempts()).isPositive();
        assertThat(read.getRepositories()).isEmpty();
        assertThat(read.getAllowedRepositories()).isEmpty();
        assertThat(read.getLabels()).isEmpty();
        assertThat(read.getReviewers()).isEmpty();
        assertThat(read.getAssignees()).isEmpty();
        assertThat(ResultPolicy.of(2, 2, 0, read.getResultWhenSomeFail(), read.getResultWhenAllFail()))
                .isEqualTo(hudson.model.Result.FAILURE);
    }
}
