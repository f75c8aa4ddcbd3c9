package io.jenkins.plugins.codybatch.jenkins;

import static io.jenkins.plugins.codybatch.jenkins.QueueFanOutTest.label;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.security.ACL;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.springframework.security.core.Authentication;

/** One repository as a build-queue task: how Jenkins sees it, and how it ends. */
class RepositoryQueueTaskTest {

    private final Run<?, ?> run = mock(Run.class);
    private final Node agent = mock(Node.class);

    RepositoryQueueTaskTest() {
        when(run.getFullDisplayName()).thenReturn("nightly #7");
        when(run.getUrl()).thenReturn("job/nightly/7/");
    }

    private RepositoryQueueTask task(String page, Authentication authentication, RepositoryQueueTask.Body body,
            Runnable started) {
        return new RepositoryQueueTask(run, page, "acme/billing", label("linux", false), authentication, () -> agent,
                body, started);
    }

    @Test
    void itIsBoundToTheLabelNamedAfterBuildAndRepositoryAndGroupedWithTheJob() throws Exception {
        Label linux = label("linux", false);
        Job<?, ?> job = mock(Job.class, withSettings().extraInterfaces(Queue.Task.class));
        doReturn(job).when(run).getParent();
        RepositoryQueueTask task = new RepositoryQueueTask(run, "cody-batch-2", "acme/billing", linux, null,
                () -> null, node -> null, () -> {});

        assertThat(task).isInstanceOf(Queue.TransientTask.class);
        assertThat(task.getAssignedLabel()).isSameAs(linux);
        assertThat(task.getDisplayName()).isEqualTo("nightly #7 \u00bb Cody Batch \u00bb acme/billing");
        assertThat(task.getName()).isEqualTo(task.getDisplayName());
        assertThat(task.getFullDisplayName()).isEqualTo(task.getDisplayName());
        assertThat(task.getUrl()).as("the page of its batch").isEqualTo("job/nightly/7/cody-batch-2/");
        assertThat(task.isConcurrentBuild()).isFalse();
        assertThat(task.getCauseOfBlockage()).isNull();
        assertThat(task.getOwnerTask()).isSameAs(job);
        assertThat(task.createExecutable().getParent()).isSameAs(task);
        assertThat(task.toString()).isEqualTo("Cody Batch acme/billing of nightly #7");

        doReturn(mock(Job.class)).when(run).getParent(); // a job that is not a queue task
        assertThat(task.getOwnerTask()).isSameAs(task);
    }

    @Test
    void itIsExportedForTheQueueApiWithItsNameAndPage() throws Exception {
        // Jenkins' /queue/api/json serializes each item's task; a task class without @ExportedBean breaks it
        assertThat(RepositoryQueueTask.class.isAnnotationPresent(ExportedBean.class)).isTrue();
        assertThat(RepositoryQueueTask.class.getMethod("getName").isAnnotationPresent(Exported.class)).isTrue();
        assertThat(RepositoryQueueTask.class.getMethod("getUrl").isAnnotationPresent(Exported.class)).isTrue();
    }

    @Test
    void itRunsAsTheBuildsAuthenticationNeverAsSystem() {
        Authentication user = mock(Authentication.class);
        assertThat(task("cody-batch", user, node -> null, () -> {}).getDefaultAuthentication2()).isSameAs(user);
        assertThat(task("cody-batch", null, node -> null, () -> {}).getDefaultAuthentication2())
                .as("none captured: Jenkins' default for a task").isSameAs(ACL.SYSTEM2);
    }

    @Test
    void readingAndCancellingItNeedTheJobsPermissions() {
        RepositoryQueueTask task = task("cody-batch", null, node -> null, () -> {});
        when(run.hasPermission(Item.READ)).thenReturn(true);
        when(run.hasPermission(Item.CANCEL)).thenReturn(false);
        assertThat(task.hasReadPermission()).isTrue();
        assertThat(task.hasAbortPermission()).isFalse();
        doThrow(new SecurityException("Job/Cancel missing")).when(run).checkPermission(Item.CANCEL);
        assertThatThrownBy(task::checkAbortPermission).hasMessageContaining("Job/Cancel");
        ACL acl = mock(ACL.class);
        when(run.getACL()).thenReturn(acl);
        assertThat(task.getACL()).isSameAs(acl);
    }

    @Test
    void itsExecutableWorksTheRepositoryOnTheExecutorsNodeAndSaysWhenItStarted() throws Exception {
        RepoResult result = RepoResult.skipped("acme/billing", "done on the agent");
        AtomicInteger started = new AtomicInteger();
        AtomicReference<Node> workedOn = new AtomicReference<>();
        RepositoryQueueTask task = task("cody-batch", null, node -> {
            workedOn.set(node);
            assertThat(started.get()).as("started before the work").isEqualTo(1);
            return result;
        }, started::incrementAndGet);
        assertThat(task.isFinished()).isFalse();

        task.createExecutable().run();

        assertThat(task.await()).isSameAs(result);
        assertThat(workedOn.get()).isSameAs(agent);
        assertThat(started.get()).isEqualTo(1);
        assertThat(task.isFinished()).isTrue();
    }

    @Test
    void whatEndsTheExecutableDecidesWhetherTheRepositoryIsRetried() throws Exception {
        RepositoryQueueTask lost = task("cody-batch", null, node -> {
            throw new AgentLostException("agent-1", "agent agent-1: channel closed");
        }, () -> {});
        lost.createExecutable().run();
        assertThatThrownBy(lost::await).isInstanceOf(AgentLostException.class).hasMessage("agent agent-1: channel closed");

        RepositoryQueueTask copyFailed = task("cody-batch", null, node -> {
            throw new IOException("disk full");
        }, () -> {});
        copyFailed.createExecutable().run();
        assertThatThrownBy(copyFailed::await).isInstanceOf(IOException.class).hasMessage("disk full");

        RepositoryQueueTask bug = task("cody-batch", null, node -> {
            throw new IllegalStateException("bug");
        }, () -> {});
        bug.createExecutable().run();
        assertThatThrownBy(bug::await).isInstanceOf(AgentLostException.class)
                .hasMessage("its executor failed: java.lang.IllegalStateException: bug");
    }

    @Test
    void abortTakesAQueuedTaskOutOfTheQueueByTaskAndNeverStartsIt() throws Exception {
        Queue queue = mock(Queue.class);
        AtomicInteger worked = new AtomicInteger();
        RepositoryQueueTask task = task("cody-batch", null, node -> {
            worked.incrementAndGet();
            return null;
        }, () -> {});
        task.queued(mock(Queue.WaitingItem.class));
        when(queue.cancel(task)).thenReturn(true);

        task.abort(queue);

        verify(queue).cancel(task);
        verify(queue, never()).cancel(org.mockito.ArgumentMatchers.any(Queue.Item.class));
        task.createExecutable().run(); // an executor that took it anyway
        assertThat(worked.get()).isZero();
        assertThatThrownBy(task::await).isInstanceOf(AgentLostException.class);
    }

    @Test
    void abortInterruptsTheExecutorWorkingOnIt() throws Exception {
        Queue queue = mock(Queue.class); // cancel(task) is false: an executor has it
        CountDownLatch working = new CountDownLatch(1);
        RepositoryQueueTask task = task("cody-batch", null, node -> {
            working.countDown();
            new CountDownLatch(1).await();
            return null;
        }, () -> {});
        task.queued(mock(Queue.WaitingItem.class));
        Thread executor = new Thread(() -> task.createExecutable().run());
        executor.start();
        working.await();

        task.abort(queue);
        executor.join(30_000);

        assertThat(executor.isAlive()).isFalse();
        assertThat(task.isFinished()).isTrue();
    }

    @Test
    void anItemCancelledInTheQueueEndsTheWaitWithAReasonAndOnlyForOurTasks() throws Exception {
        RepositoryQueueTask task = task("cody-batch", null, node -> null, () -> {});
        Queue.LeftItem left = mock(Queue.LeftItem.class);
        when(left.isCancelled()).thenReturn(true);
        when(left.getTask()).thenReturn(task);
        Queue.LeftItem someoneElses = mock(Queue.LeftItem.class);
        when(someoneElses.isCancelled()).thenReturn(true);
        when(someoneElses.getTask()).thenReturn(mock(Queue.Task.class));

        new RepositoryQueueTask.CancelledInQueue().onLeft(someoneElses);
        assertThat(task.isFinished()).isFalse();
        new RepositoryQueueTask.CancelledInQueue().onLeft(left);

        assertThatThrownBy(task::await).isInstanceOf(IOException.class)
                .hasMessageContaining("build-queue item was cancelled before it started");
        assertThat(task.isFinished()).isTrue();
    }
}
