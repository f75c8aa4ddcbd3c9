package io.jenkins.plugins.codybatch.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.TopLevelItem;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.results.Json;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The labelled fan-out over the stubs: a mocked build queue records what is scheduled, and the test plays
 * Jenkins' executors by running each scheduled task's executable on a node it picks.
 */
class QueueFanOutTest {

    @TempDir
    Path dir;

    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;
    private final Queue queue = mock(Queue.class);
    private final BlockingQueue<RepositoryQueueTask> waiting = new LinkedBlockingQueue<>();
    private final List<RepositoryQueueTask> scheduled = Collections.synchronizedList(new ArrayList<>());
    private final Map<Queue.Item, RepositoryQueueTask> items = new ConcurrentHashMap<>();
    private final ThreadLocal<Node> executorNode = new ThreadLocal<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<RepositoryQueueTask> startedTasks = Collections.synchronizedList(new ArrayList<>());
    private final List<Path> workDirs = Collections.synchronizedList(new ArrayList<>());
    private RepositoryProcessor processor = QueueFanOutTest::completed;

    @BeforeEach
    void setUp() throws Exception {
        build = new Fixtures.Build();
        when(build.run.getUrl()).thenReturn("job/nightly/7/");
        when(build.run.getNumber()).thenReturn(7);
        global = Fixtures.global();
        global.setAnthropicCredentialsId("anthropic");
        when(queue.schedule2(any(), anyInt(), anyList())).thenAnswer(inv -> {
            RepositoryQueueTask task = inv.getArgument(0);
            int inFlight = 1;
            synchronized (scheduled) {
                for (RepositoryQueueTask earlier : scheduled) {
                    inFlight += earlier.isFinished() ? 0 : 1;
                }
                scheduled.add(task);
            }
            maxInFlight.accumulateAndGet(inFlight, Math::max);
            Queue.WaitingItem item = mock(Queue.WaitingItem.class);
            items.put(item, task);
            waiting.add(task);
            return ScheduleResult.created(item);
        });
    }

    // ---- the queue task itself

    @Test
    void theTaskIsBoundToTheLabelNamedAfterBuildAndRepositoryAndOwnedByTheJob() throws Exception {
        Label linux = label("linux", false);
        Job<?, ?> job = mock(Job.class, withSettings().extraInterfaces(Queue.Task.class));
        doReturn(job).when(build.run).getParent();
        RepositoryQueueTask task = new RepositoryQueueTask(build.run, "acme/billing", linux, () -> null,
                node -> null, () -> {});

        assertThat(task).isInstanceOf(Queue.TransientTask.class);
        assertThat(task.getAssignedLabel()).isSameAs(linux);
        assertThat(task.getDisplayName()).contains("nightly #7", "acme/billing");
        assertThat(task.getName()).isEqualTo(task.getDisplayName());
        assertThat(task.getFullDisplayName()).isEqualTo(task.getDisplayName());
        assertThat(task.getUrl()).isEqualTo("job/nightly/7/cody-batch/");
        assertThat(task.isConcurrentBuild()).isFalse();
        assertThat(task.getCauseOfBlockage()).isNull();
        assertThat(task.getOwnerTask()).isSameAs(job);
        assertThat(task.createExecutable().getParent()).isSameAs(task);
        assertThat(task.toString()).contains("acme/billing", "nightly #7");

        doReturn(mock(Job.class)).when(build.run).getParent(); // a job that is not a queue task
        assertThat(task.getOwnerTask()).isSameAs(task);
    }

    @Test
    void readingAndCancellingTheTaskNeedTheJobsPermissions() {
        RepositoryQueueTask task = new RepositoryQueueTask(build.run, "acme/a", label("linux", false), () -> null,
                node -> null, () -> {});
        when(build.run.hasPermission(Item.READ)).thenReturn(true);
        when(build.run.hasPermission(Item.CANCEL)).thenReturn(false);
        assertThat(task.hasReadPermission()).isTrue();
        assertThat(task.hasAbortPermission()).isFalse();

        org.mockito.Mockito.doThrow(new SecurityException("Job/Cancel missing")).when(build.run)
                .checkPermission(Item.CANCEL);
        assertThatThrownBy(task::checkAbortPermission).hasMessageContaining("Job/Cancel");
    }

    // ---- scheduling through the queue

    @Test
    void everyRepositoryIsQueuedWithTheLabelAndAtMostParallelismAreInFlight() throws Exception {
        Job<?, ?> job = mock(Job.class, withSettings().extraInterfaces(TopLevelItem.class, Queue.Task.class));
        doReturn(job).when(build.run).getParent();
        List<String> repos = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            repos.add("acme/r" + i);
        }
        BatchOptions options = options(repos.toArray(String[]::new));
        options.setParallelism(3);
        Node agent = node("agent-1");

        Thread batch = runInBackground(options, new AtomicReference<>(), new AtomicReference<>());
        awaitWaiting(3); // parallelism is used
        for (int i = 0; i < 10; i++) {
            execute(nextWaiting(), agent);
        }
        batch.join();

        verify(queue, times(10)).schedule2(any(RepositoryQueueTask.class), anyInt(), anyList());
        assertThat(maxInFlight.get()).as("never more than parallelism queued or running").isEqualTo(3);
        assertThat(scheduled).extracting(t -> t.getAssignedLabel().getExpression()).containsOnly("linux");
        assertThat(build.action().getRepositories()).extracting(RepoEntry::getStatus).containsOnly(RepoStatus.COMPLETED);
        // worked in a folder of its own next to the job's workspace on the agent, which is removed afterwards
        Path agentFolder = dir.resolve("agent-1/workspace/job@cody-batch");
        assertThat(workDirs).hasSize(10).allMatch(p -> p.startsWith(agentFolder));
        assertThat(agentFolder).isEmptyDirectory();
        // files came back to the step's workspace and were archived from there
        Path patch = dir.resolve("ws/cody-batch/repos/acme__r4/patch.diff");
        assertThat(patch).hasContent("--- a/x\n+++ b/x\n");
        assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__r4/patch.diff",
                "cody-batch/repos/acme__r4/result.json", "cody-batch/summary.json");
        assertThat(build.log()).contains("acme/r4: running on agent-1", "labelled 'linux'");
    }

    @Test
    void aLabelNoAgentOrCloudHasStopsTheBuildBeforeAnythingIsQueued() {
        BatchOptions options = options("acme/a");
        options.setLabel("nowhere");
        assertThatThrownBy(() -> runner().run(options, build.run, workspace(), new EnvVars(), null, build.listener))
                .isInstanceOf(AbortException.class).hasMessageContaining("No agent or cloud matches the label 'nowhere'");
        verify(queue, never()).schedule2(any(), anyInt(), anyList());
    }

    @Test
    void aRefusedTaskFailsThatRepositoryWithTheReason() throws Exception {
        doReturn(ScheduleResult.refused()).when(queue).schedule2(any(), anyInt(), anyList());
        BatchReport report = runner().run(options("acme/a"), build.run, workspace(), new EnvVars(), null,
                build.listener);
        assertThat(report.repositories().get(0).getStatus()).isEqualTo(RepoStatus.FAILED);
        assertThat(report.repositories().get(0).getError()).contains("refused");
    }

    // ---- agent loss

    @Test
    void aRepositoryWhoseAgentIsLostIsRetriedOnAnotherAgent() throws Exception {
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        execute(nextWaiting(), lostNode("agent-1"));
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("(linux)&&!agent-1");
        execute(retry, node("agent-2"));
        batch.join();

        RepoEntry entry = build.action().getRepositories().get(0);
        assertThat(entry.getStatus()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(scheduled).hasSize(2);
        assertThat(build.log()).contains("acme/a: the agent was lost; trying once more", "running on agent-2");
    }

    @Test
    void aRepositoryLostTwiceFailsWithBothReasonsAndNoSecret() throws Exception {
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        execute(nextWaiting(), lostNode("agent-1"));
        execute(nextWaiting(), lostNode("agent-2"));
        batch.join();

        RepoEntry entry = build.action().getRepositories().get(0);
        assertThat(entry.getStatus()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.getError()).contains("lost twice", "agent agent-1", "agent agent-2", "Channel closed", "****")
                .doesNotContain(Fixtures.API_KEY);
        assertThat(build.log()).doesNotContain(Fixtures.API_KEY);
        assertThat(scheduled).hasSize(2);
    }

    @Test
    void anAgentThatWentOfflineBeforeTheRepositoryStartedCountsAsLost() throws Exception {
        Node offline = mock(Node.class);
        when(offline.getNodeName()).thenReturn("agent-1");
        when(offline.getRootPath()).thenReturn(null); // what Jenkins returns for an offline agent
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        execute(nextWaiting(), offline);
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("(linux)&&!agent-1");
        execute(retry, node("agent-2"));
        batch.join();
        assertThat(build.action().getRepositories().get(0).getStatus()).isEqualTo(RepoStatus.COMPLETED);
    }

    @Test
    void filesThatCannotBeCopiedBackCountAsALossAndTheReasonIsRecorded() throws Exception {
        Files.createDirectories(dir.resolve("ws/cody-batch"));
        Files.writeString(dir.resolve("ws/cody-batch/repos"), "a file where the folder should be");
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        execute(nextWaiting(), node("agent-1"));
        execute(nextWaiting(), node("agent-2"));
        batch.join();

        RepoEntry entry = build.action().getRepositories().get(0);
        assertThat(entry.getStatus()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.getError()).contains("lost twice", "could not be copied back");
    }

    @Test
    void anExecutorStoppedFromOutsideCountsAsLostAndIsRetried() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        processor = (job, spec, workDir, out) -> {
            if (calls.incrementAndGet() == 1) {
                working.countDown();
                new CountDownLatch(1).await(); // until its executor is interrupted
            }
            return completed(job, spec, workDir, out);
        };
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        RepositoryQueueTask first = nextWaiting();
        Thread executor = new Thread(() -> execute(first, node("agent-1")));
        executor.start();
        working.await();
        executor.interrupt(); // e.g. the executor's stop button, or the agent shutting down
        executor.join();
        execute(nextWaiting(), node("agent-2"));
        batch.join();

        assertThat(build.action().getRepositories().get(0).getStatus()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(build.log()).contains("trying once more");
    }

    @Test
    void anItemCancelledInTheQueueFailsItsRepositoryWithoutRetry() throws Exception {
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), new AtomicReference<>());
        RepositoryQueueTask task = nextWaiting();
        Queue.LeftItem left = mock(Queue.LeftItem.class);
        when(left.isCancelled()).thenReturn(true);
        when(left.getTask()).thenReturn(task);
        new RepositoryQueueTask.CancelledInQueue().onLeft(left);
        batch.join();

        RepoEntry entry = build.action().getRepositories().get(0);
        assertThat(entry.getStatus()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.getError()).contains("cancelled");
        assertThat(scheduled).hasSize(1);
    }

    // ---- abort

    @org.junit.jupiter.api.RepeatedTest(10) // repeated: it once caught a race between abort and the next repository starting
    void abortCancelsQueuedItemsInterruptsRunningOnesAndRecordsWhatDidNotRun() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        AtomicReference<Boolean> processorInterrupted = new AtomicReference<>(false);
        processor = (job, spec, workDir, out) -> {
            working.countDown();
            try {
                new CountDownLatch(1).await(); // until the build is aborted
            } catch (InterruptedException e) {
                processorInterrupted.set(true);
                throw e;
            }
            return RepoResult.failed(spec, "unreachable");
        };
        // the queue can still cancel an item no executor took
        when(queue.cancel(any(Queue.Item.class))).thenAnswer(inv -> !startedTasks.contains(items.get(inv.getArgument(0))));
        BatchOptions options = options("acme/a", "acme/b", "acme/c");
        options.setParallelism(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread batch = runInBackground(options, new AtomicReference<>(), thrown);
        awaitWaiting(2);
        RepositoryQueueTask running = nextWaiting();
        RepositoryQueueTask queued = nextWaiting();
        Thread executor = new Thread(() -> execute(running, node("agent-1")));
        executor.start();
        working.await();

        batch.interrupt(); // what aborting the build does
        batch.join();
        executor.join(TimeUnit.SECONDS.toMillis(30));

        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertThat(executor.isAlive()).isFalse();
        assertThat(processorInterrupted.get()).as("the running executable was interrupted").isTrue();
        Queue.Item queuedItem = items.entrySet().stream().filter(e -> e.getValue() == queued).findFirst()
                .orElseThrow().getKey();
        verify(queue).cancel(queuedItem);
        assertThat(scheduled).as("nothing more is queued after the abort").hasSize(2);
        CodyBatchAction action = build.action();
        assertThat(action.isAborted()).isTrue();
        String runningSpec = specOf(running);
        for (RepoEntry entry : action.getRepositories()) {
            if (entry.getSpec().equals(runningSpec)) {
                assertThat(entry.getStatus()).isEqualTo(RepoStatus.FAILED);
                assertThat(entry.getError()).isEqualTo(RepositoryScheduler.ABORTED_RUNNING);
            } else {
                assertThat(entry.getStatus()).as(entry.getSpec() + " never started").isEqualTo(RepoStatus.SKIPPED);
                assertThat(entry.getError()).contains("Not run");
            }
        }
    }

    // ---- helpers

    private CodyBatchRunner runner() {
        ProcessorFactory factory = (settings, batchJob) -> (job, spec, workDir, out) -> {
            workDirs.add(workDir);
            return processor.process(job, spec, workDir, out);
        };
        QueueFanOut.BuildQueue buildQueue = new QueueFanOut.BuildQueue(queue,
                expression -> label(expression, expression.equals("nowhere")), executorNode::get);
        return new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(), Fixtures.credentials(),
                () -> buildQueue);
    }

    private FilePath workspace() {
        return new FilePath(dir.resolve("ws").toFile());
    }

    private Thread runInBackground(BatchOptions options, AtomicReference<BatchReport> report,
            AtomicReference<Throwable> thrown) {
        CodyBatchRunner runner = runner();
        Thread thread = new Thread(() -> {
            try {
                report.set(runner.run(options, build.run, workspace(), new EnvVars(), null, build.listener));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        thread.start();
        return thread;
    }

    private static BatchOptions options(String... repositories) {
        BatchOptions options = new BatchOptions("Use SLF4J");
        options.setRepositories(List.of(repositories));
        options.setLabel("linux");
        return options;
    }

    /** Plays an executor of the node: runs the task's executable on this thread. */
    private void execute(RepositoryQueueTask task, Node node) {
        startedTasks.add(task);
        executorNode.set(node);
        try {
            task.createExecutable().run();
        } finally {
            executorNode.remove();
        }
    }

    private RepositoryQueueTask nextWaiting() throws InterruptedException {
        RepositoryQueueTask task = waiting.poll(30, TimeUnit.SECONDS);
        assertThat(task).as("a task was scheduled").isNotNull();
        return task;
    }

    /** Waits (bounded, as a hang guard) until n tasks wait in the queue. */
    private void awaitWaiting(int n) throws InterruptedException {
        for (int i = 0; i < 3000 && waiting.size() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(waiting).hasSize(n);
    }

    private static String specOf(RepositoryQueueTask task) {
        String name = task.getDisplayName();
        return name.substring(name.lastIndexOf(' ') + 1);
    }

    private static Label label(String expression, boolean empty) {
        Label label = mock(Label.class);
        when(label.getExpression()).thenReturn(expression);
        when(label.isEmpty()).thenReturn(empty);
        return label;
    }

    private Node node(String name) {
        Node node = mock(Node.class);
        when(node.getNodeName()).thenReturn(name);
        when(node.getRootPath()).thenReturn(new FilePath(dir.resolve(name).toFile()));
        when(node.getWorkspaceFor(any())).thenReturn(new FilePath(dir.resolve(name + "/workspace/job").toFile()));
        return node;
    }

    /** A node whose channel closes during the remote call, with the API key in the error (it must be masked). */
    private static Node lostNode(String name) {
        Node node = mock(Node.class);
        when(node.getNodeName()).thenReturn(name);
        FilePath root = mock(FilePath.class);
        when(root.child(anyString())).thenReturn(root);
        when(root.getRemote()).thenReturn("/home/jenkins/" + name);
        try {
            when(root.act(any())).thenThrow(new IOException("Channel closed: " + name + " disconnected while sending "
                    + Fixtures.API_KEY));
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        when(node.getRootPath()).thenReturn(root);
        return node;
    }

    private static RepoResult completed(io.jenkins.plugins.codybatch.engine.batch.BatchJob job, String spec,
            Path workDir, Path out) {
        try {
            Files.writeString(out.resolve("patch.diff"), "--- a/x\n+++ b/x\n");
            RepoResult result = new RepoResult(spec, RepoStatus.COMPLETED, null, 1, new Usage(10, 5, 0, 0), 0.01,
                    List.of("x"), null, "done", 10);
            Json.MAPPER.writeValue(out.resolve("result.json").toFile(), result);
            return result;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
