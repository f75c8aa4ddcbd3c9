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

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Job;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.TopLevelItem;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.codybatch.engine.Host;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.BatchRunner;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryProcessor;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import io.jenkins.plugins.codybatch.engine.results.RepoStatus;
import io.jenkins.plugins.codybatch.engine.results.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.core.Authentication;

/**
 * The labelled fan-out over the stubs: a mocked build queue records what is scheduled, and the test plays
 * Jenkins' executors by running each scheduled task's executable on a node it picks. The task itself is in
 * {@link RepositoryQueueTaskTest}.
 */
class QueueFanOutTest {

    @TempDir
    Path dir;

    private Fixtures.Build build;
    private CodyBatchGlobalConfiguration global;
    private final Queue queue = mock(Queue.class);
    private final BlockingQueue<RepositoryQueueTask> waiting = new LinkedBlockingQueue<>();
    private final List<RepositoryQueueTask> scheduled = new CopyOnWriteArrayList<>();
    private final Map<Queue.Item, RepositoryQueueTask> items = new ConcurrentHashMap<>();
    private final ThreadLocal<Node> executorNode = new ThreadLocal<>();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<RepositoryQueueTask> startedTasks = new CopyOnWriteArrayList<>();
    private final List<Path> workDirs = new CopyOnWriteArrayList<>();
    private RepositoryProcessor processor = QueueFanOutTest::completed;
    /** Which label expressions some agent or cloud has: all but "nowhere", unless a test says otherwise. */
    private Function<String, Boolean> labelIsEmpty = expression -> expression.equals("nowhere");
    private Duration timeout = Duration.ofMinutes(5);
    private QueueFanOut.Waits waits = QueueFanOut.Waits.DEFAULT;
    /** Whether every agent with a label is offline (and no cloud has it). */
    private boolean offline;

    @BeforeEach
    void setUp() throws Exception {
        build = new Fixtures.Build(dir.resolve("artifacts"));
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
        // the queue can still cancel a task no executor took
        when(queue.cancel(any(Queue.Task.class))).thenAnswer(inv -> !startedTasks.contains(inv.getArgument(0)));
    }

    @Test
    void everyRepositoryIsQueuedWithTheLabelAsTheBuildAndAtMostParallelismAreInFlight() throws Exception {
        Job<?, ?> job = Fixtures.job(TopLevelItem.class, Queue.Task.class);
        doReturn(job).when(build.run).getParent();
        List<String> repos = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            repos.add("acme/r" + i);
        }
        BatchOptions options = options(repos.toArray(String[]::new));
        options.setParallelism(3);
        Node agent = node("agent-1");
        Authentication user = mock(Authentication.class);

        Thread batch = runInBackground(options, new AtomicReference<>(), new AtomicReference<>(), user);
        awaitWaiting(3); // parallelism is used
        for (int i = 0; i < 10; i++) {
            execute(nextWaiting(), agent);
        }
        batch.join();

        verify(queue, times(10)).schedule2(any(RepositoryQueueTask.class), anyInt(), anyList());
        assertThat(maxInFlight.get()).as("never more than parallelism queued or running").isEqualTo(3);
        assertThat(scheduled).extracting(t -> t.getAssignedLabel().getExpression()).containsOnly("linux");
        assertThat(scheduled).allSatisfy(t -> assertThat(t.getDefaultAuthentication2()).isSameAs(user));
        assertThat(scheduled).allSatisfy(t -> assertThat(t.getUrl()).isEqualTo("job/nightly/7/cody-batch/"));
        assertThat(build.action().getSummary().repositories()).extracting(RepositoryEntry::status)
                .containsOnly(RepoStatus.COMPLETED);
        // worked in a folder of its own next to the job's workspace on the agent, which is removed afterwards
        Path agentFolder = dir.resolve("agent-1/workspace/job@cody-batch");
        assertThat(workDirs).hasSize(10).allMatch(p -> p.startsWith(agentFolder))
                .anyMatch(p -> p.getParent().equals(agentFolder.resolve("7-cody-batch-acme__r4/work")));
        assertThat(agentFolder).isEmptyDirectory();
        // files came back to the step's workspace and were archived from there
        assertThat(dir.resolve("ws/cody-batch/repos/acme__r4/patch.diff")).hasContent("--- a/x\n+++ b/x\n");
        assertThat(build.archivedPaths()).contains("cody-batch/repos/acme__r4/patch.diff",
                "cody-batch/repos/acme__r4/result.json", "cody-batch/summary.json");
        assertThat(build.artifactsDir.resolve("cody-batch/repos/acme__r4/patch.diff")).hasContent("--- a/x\n+++ b/x\n");
        assertThat(build.log()).contains("acme/r4: waiting in the build queue for an agent labelled 'linux'",
                "acme/r4: running on agent-1", "on agents labelled 'linux' through the build queue");
    }

    @Test
    void aLabelNoAgentOrCloudHasStopsTheBuildBeforeAnythingIsQueued() {
        BatchOptions options = options("acme/a");
        options.setLabel("nowhere");
        assertThatThrownBy(() -> build.run(runner(), options, workspace())).isInstanceOf(AbortException.class)
                .hasMessageContaining("No agent or cloud matches the label 'nowhere'");
        verify(queue, never()).schedule2(any(), anyInt(), anyList());
    }

    @Test
    void aRefusedTaskFailsThatRepositoryWithTheReason() throws Exception {
        doReturn(ScheduleResult.refused()).when(queue).schedule2(any(), anyInt(), anyList());
        BatchReport report = build.run(runner(), options("acme/a"), workspace());
        RepositoryEntry entry = report.summary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).isEqualTo("could not be run: the build queue refused its task (a plugin"
                + " vetoed it); check the queue-related plugins, then retry the failed repositories");
    }

    // ---- agent loss

    @Test
    void aRepositoryWhoseAgentIsLostIsRetriedOnAnotherAgent() throws Exception {
        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), lostNode("agent-1", new IOException("Channel closed: agent-1 disconnected while sending "
                + Fixtures.API_KEY)));
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("(linux)&&!agent-1");
        execute(retry, node("agent-2"));
        batch.join();

        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(scheduled).hasSize(2);
        assertThat(build.log()).contains("acme/a: agent agent-1: Channel closed: agent-1 disconnected while sending"
                + " ****; trying once more", "running on agent-2").doesNotContain(Fixtures.API_KEY);
    }

    @Test
    void aRuntimeExceptionFromTheAgentChannelCountsAsLostAndIsRetriedElsewhere() throws Exception {
        Thread batch = runInBackground(options("acme/a"));
        // remoting reports an aborted call (the agent went away mid-call) with an unchecked exception
        execute(nextWaiting(), lostNode("agent-1", new IllegalStateException("hudson.remoting.RequestAbortedException:"
                + " java.nio.channels.ClosedChannelException")));
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("(linux)&&!agent-1");
        execute(retry, node("agent-2"));
        batch.join();

        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(build.log()).contains("acme/a: agent agent-1: hudson.remoting.RequestAbortedException:"
                + " java.nio.channels.ClosedChannelException; trying once more");
    }

    @Test
    void whenNoOtherAgentHasTheLabelTheRetryMayUseTheSameOne() throws Exception {
        labelIsEmpty = expression -> expression.contains("&&!");
        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), lostNode("agent-1", new IOException("Channel closed")));
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("linux");
        execute(retry, node("agent-1"));
        batch.join();

        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(build.log()).contains("acme/a: no other agent has the label; the retry may use agent-1 again");
    }

    @Test
    void aRepositoryLostTwiceFailsWithBothReasonsAndNoSecret() throws Exception {
        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), lostNode("agent-1", new IOException("Channel closed: " + Fixtures.API_KEY)));
        execute(nextWaiting(), lostNode("agent-2", new IllegalStateException("ChannelClosedException")));
        batch.join();

        RepositoryEntry entry = build.action().getSummary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).isEqualTo("could not be run: the agent was lost twice while working on it"
                + " (first: agent agent-1: Channel closed: ****; then: agent agent-2: ChannelClosedException). Check"
                + " the agents, then retry the failed repositories");
        assertThat(build.log()).doesNotContain(Fixtures.API_KEY);
        assertThat(scheduled).hasSize(2);
    }

    @Test
    void anAgentThatWentOfflineBeforeTheRepositoryStartedCountsAsLost() throws Exception {
        Node offline = mock(Node.class);
        when(offline.getNodeName()).thenReturn("agent-1");
        when(offline.getRootPath()).thenReturn(null); // what Jenkins returns for an offline agent
        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), offline);
        RepositoryQueueTask retry = nextWaiting();
        assertThat(retry.getAssignedLabel().getExpression()).isEqualTo("(linux)&&!agent-1");
        execute(retry, node("agent-2"));
        batch.join();
        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(build.log()).contains("agent agent-1: the agent is offline; trying once more");
    }

    @Test
    void filesThatCannotBeCopiedBackCountAsALossAndTheReasonIsRecorded() throws Exception {
        Thread batch = runInBackground(options("acme/a"));
        RepositoryQueueTask first = nextWaiting();
        // the step's folder for the repository is taken by a file once the runner prepared it
        Files.delete(dir.resolve("ws/cody-batch/repos/acme__a"));
        Files.writeString(dir.resolve("ws/cody-batch/repos/acme__a"), "a file where the folder should be");
        execute(first, node("agent-1"));
        execute(nextWaiting(), node("agent-2"));
        batch.join();

        RepositoryEntry entry = build.action().getSummary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).contains("lost twice", "could not be copied back");
    }

    @Test
    void onlyTheKnownFilesOfItsOwnFolderComeBackFromTheAgent() throws Exception {
        processor = (job, spec, workDir, out) -> {
            try {
                Files.writeString(out.resolve("transcript.jsonl"), "{}\n");
                Files.writeString(out.resolve("notes.txt"), "not a result file\n");
                Files.createDirectories(out.resolve("hooks"));
                Files.writeString(out.resolve("hooks/post-checkout"), "#!/bin/sh\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return completed(job, spec, workDir, out);
        };
        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), node("agent-1"));
        batch.join();

        Path folder = dir.resolve("ws/cody-batch/repos/acme__a");
        try (var files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("patch.diff", "transcript.jsonl", "result.json");
        }
        assertThat(build.archivedPaths()).containsExactlyInAnyOrder("cody-batch/repos/acme__a/patch.diff",
                "cody-batch/repos/acme__a/transcript.jsonl", "cody-batch/repos/acme__a/result.json",
                "cody-batch/summary.json");
        assertThat(build.log()).contains("acme/a: ignored an unexpected file from agent-1: repos/acme__a/notes.txt",
                "acme/a: ignored an unexpected file from agent-1: repos/acme__a/hooks/post-checkout");
    }

    @Test
    void theFilesAnAgentMaySendBackAreTheKnownNamesOfTheRepositorysFolder() {
        for (String name : List.of("patch.diff", "transcript.jsonl", "result.json", "report.md")) {
            assertThat(OutputLayout.isRepositoryFile("repos/acme__a/" + name, "repos/acme__a")).as(name).isTrue();
        }
        for (String file : List.of("repos/acme__a/notes.txt", "repos/acme__b/result.json", "repos/acme__ab/result.json",
                "repos/acme__a/../acme__b/result.json", "repos/acme__a/attempts/1/result.json", "summary.json",
                "../repos/acme__a/result.json", "repos/acme__a/", "repos/acme__a")) {
            assertThat(OutputLayout.isRepositoryFile(file, "repos/acme__a")).as(file).isFalse();
        }
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
        Thread batch = runInBackground(options("acme/a"));
        RepositoryQueueTask first = nextWaiting();
        Thread executor = new Thread(() -> execute(first, node("agent-1")));
        executor.start();
        working.await();
        executor.interrupt(); // e.g. the executor's stop button, or the agent shutting down
        executor.join();
        execute(nextWaiting(), node("agent-2"));
        batch.join();

        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(build.log()).contains("its executor was interrupted", "trying once more");
    }

    @Test
    void anItemCancelledInTheQueueFailsItsRepositoryWithoutRetry() throws Exception {
        Thread batch = runInBackground(options("acme/a"));
        RepositoryQueueTask task = nextWaiting();
        Queue.LeftItem left = mock(Queue.LeftItem.class);
        when(left.isCancelled()).thenReturn(true);
        when(left.getTask()).thenReturn(task);
        new RepositoryQueueTask.CancelledInQueue().onLeft(left);
        batch.join();

        RepositoryEntry entry = build.action().getSummary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).startsWith("could not be run: Its build-queue item was cancelled");
        assertThat(scheduled).hasSize(1);
    }

    @Test
    void theTimeoutCountsOnlyOnceAnAgentTookTheRepository() throws Exception {
        timeout = Duration.ofSeconds(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        processor = (job, spec, workDir, out) -> {
            if (spec.equals("acme/hangs")) {
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                    throw e;
                }
            }
            return completed(job, spec, workDir, out);
        };
        BatchOptions options = options("acme/waits", "acme/hangs");
        options.setParallelism(2);
        Thread batch = runInBackground(options);
        awaitWaiting(2);
        RepositoryQueueTask first = nextWaiting();
        RepositoryQueueTask second = nextWaiting();
        RepositoryQueueTask waits = first.getDisplayName().endsWith("acme/waits") ? first : second;
        RepositoryQueueTask hangs = waits == first ? second : first;
        Thread.sleep(1500); // longer than the timeout, in the queue
        Thread executor = new Thread(() -> execute(hangs, node("agent-1")));
        executor.start();
        assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("timed out on its agent").isTrue();
        execute(waits, node("agent-2"));
        batch.join();
        executor.join();

        List<RepositoryEntry> entries = build.action().getSummary().repositories();
        assertThat(entries.get(0).status()).isEqualTo(RepoStatus.COMPLETED);
        assertThat(entries.get(1).result().error()).startsWith("timed out after 1 s");
        verify(queue, never()).cancel(waits);
    }

    // ---- abort

    @org.junit.jupiter.api.RepeatedTest(5) // repeated: it once caught a race between abort and the next repository starting
    void abortCancelsQueuedTasksInterruptsRunningOnesAndRecordsWhatDidNotRun() throws Exception {
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
        BatchOptions options = options("acme/a", "acme/b", "acme/c");
        options.setParallelism(2);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread batch = runInBackground(options, new AtomicReference<>(), thrown, null);
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
        verify(queue).cancel(queued); // by task: the item may have moved on in the queue
        assertThat(scheduled).as("nothing more is queued after the abort").hasSize(2);
        CodyBatchAction action = build.action();
        assertThat(action.isCancelled()).isTrue();
        for (RepositoryEntry entry : action.getSummary().repositories()) {
            assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
            if (entry.spec().equals("acme/c")) {
                assertThat(entry.result().error()).startsWith("cancelled before it started");
            } else {
                assertThat(entry.result().error()).as(entry.spec()).startsWith("cancelled while running");
            }
        }
    }

    // ---- waiting in the queue

    @Test
    void aRepositoryWaitingWhileNoAgentWithTheLabelIsOnlineSaysWhyAndFailsAfterTheBound() throws Exception {
        waits = new QueueFanOut.Waits(Duration.ofSeconds(1), Duration.ofMillis(50), Duration.ofMinutes(5),
                Duration.ofMillis(20), Duration.ofSeconds(5));
        offline = true;
        Queue.Item item = mock(Queue.Item.class);
        when(item.getWhy()).thenReturn("All nodes of label \u2018linux\u2019 are offline");
        when(queue.getItem(any(Queue.Task.class))).thenReturn(item);

        BatchReport report = build.run(runner(), options("acme/a"), workspace());

        RepositoryEntry entry = report.summary().repositories().get(0);
        assertThat(entry.status()).isEqualTo(RepoStatus.FAILED);
        assertThat(entry.result().error()).isEqualTo("could not be run: no agent labelled 'linux' was online for 1 s"
                + " while it waited in the build queue (and no cloud has the label); bring one online, then retry the"
                + " failed repositories");
        verify(queue).cancel(scheduled.get(0)); // it left the queue
        assertThat(build.log()).contains("acme/a: still waiting in the build queue after 0 s: All nodes of label"
                + " \u2018linux\u2019 are offline");
    }

    @Test
    void anAgentComingOnlineInTimeTakesTheRepository() throws Exception {
        waits = new QueueFanOut.Waits(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMillis(20), Duration.ofSeconds(5));
        offline = true;
        Thread batch = runInBackground(options("acme/a"));
        RepositoryQueueTask task = nextWaiting();
        Thread.sleep(200);
        execute(task, node("agent-1")); // the agent connected and took it
        batch.join();
        assertThat(build.action().getSummary().repositories().get(0).status()).isEqualTo(RepoStatus.COMPLETED);
    }

    @Test
    void theStepsOwnNodeAsTheOnlyOneWithTheLabelAndOneExecutorIsAConfigurationProblem() {
        Node builtIn = mock(Node.class);
        when(builtIn.getNodeName()).thenReturn("");
        when(builtIn.getNumExecutors()).thenReturn(1);
        Label linux = label("linux", false);
        when(linux.getNodes()).thenReturn(java.util.Set.of(builtIn));
        QueueFanOut.BuildQueue buildQueue = new QueueFanOut.BuildQueue(queue, expression -> linux, () -> null);

        assertThat(LabelChecks.problem(buildQueue, "linux", builtIn)).isEqualTo("The step runs on built-in, the"
                + " only node labelled 'linux', and holds its only executor, so the repositories would wait for it"
                + " forever: give built-in more executors, another agent that label, or run the step on a node without"
                + " it.");
        when(builtIn.getNumExecutors()).thenReturn(2);
        assertThat(LabelChecks.problem(buildQueue, "linux", builtIn)).isNull();
        assertThat(LabelChecks.problem(buildQueue, "linux", null)).as("the step's node not known").isNull();

        // with more executors it works, and the log says why the step's node has one fewer for the repositories
        when(linux.contains(builtIn)).thenReturn(true);
        assertThat(LabelChecks.stepNodeNote(linux, "linux", builtIn)).isEqualTo("Note: this step holds an executor of"
                + " built-in, which is labelled 'linux' too; the repositories use its other executors and those of other"
                + " agents with the label.");
        assertThat(LabelChecks.stepNodeNote(linux, "linux", node("agent-1"))).isNull();
    }

    @Test
    void aRepositoryStoppedOnItsAgentKeepsWhatItsTranscriptThereShowsItSpent() throws Exception {
        CountDownLatch working = new CountDownLatch(1);
        processor = (job, spec, workDir, out) -> {
            try (io.jenkins.plugins.codybatch.engine.agent.Transcript transcript =
                    new io.jenkins.plugins.codybatch.engine.agent.Transcript(out.resolve("transcript.jsonl"),
                            new io.jenkins.plugins.codybatch.engine.claude.Redactor(List.of()))) {
                var response = io.jenkins.plugins.codybatch.engine.agent.Transcript.event("response").put("cost", 0.0048);
                response.set("usage", io.jenkins.plugins.codybatch.engine.results.Json.MAPPER.valueToTree(
                        new Usage(1200, 80, 0, 0)));
                transcript.write(response);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            working.countDown();
            new CountDownLatch(1).await(); // until the build is aborted
            return RepoResult.failed(spec, "unreachable");
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread batch = runInBackground(options("acme/a"), new AtomicReference<>(), thrown, null);
        RepositoryQueueTask task = nextWaiting();
        Thread executor = new Thread(() -> execute(task, node("agent-1")));
        executor.start();
        working.await();

        batch.interrupt(); // what aborting the build does
        batch.join();
        executor.join(TimeUnit.SECONDS.toMillis(30));

        RepositoryEntry entry = build.action().getSummary().repositories().get(0);
        assertThat(entry.result().error()).startsWith("cancelled while running");
        assertThat(entry.result().usage().totalTokens()).as("counted from the transcript copied back").isEqualTo(1280);
        assertThat(dir.resolve("ws/cody-batch/repos/acme__a/transcript.jsonl")).exists();
        assertThat(dir.resolve("agent-1/workspace/job@cody-batch/7-cody-batch-acme__a")).doesNotExist();
    }

    @Test
    void whatEarlierBuildsLeftOnTheAgentIsDeletedAndARunningBuildsFolderKept() throws Exception {
        Job<?, ?> job = Fixtures.job(TopLevelItem.class, Queue.Task.class);
        doReturn(job).when(build.run).getParent();
        hudson.model.Run<?, ?> running = mock(hudson.model.Run.class);
        when(running.isBuilding()).thenReturn(true);
        doReturn(running).when(job).getBuildByNumber(6);
        Path folder = dir.resolve("agent-1/workspace/job@cody-batch");
        Files.createDirectories(folder.resolve("5-cody-batch-acme__old/work/checkout"));
        Files.createDirectories(folder.resolve("6-cody-batch-acme__busy/work"));

        Thread batch = runInBackground(options("acme/a"));
        execute(nextWaiting(), node("agent-1"));
        batch.join();

        assertThat(folder.resolve("5-cody-batch-acme__old")).doesNotExist();
        assertThat(folder.resolve("6-cody-batch-acme__busy")).exists();
        assertThat(build.log()).contains("deleted what earlier builds left on agent-1: [5-cody-batch-acme__old]");
    }

    @Test
    void theExecutorsEstimateIsWhatTheBatchsFinishedRepositoriesTookOnAverage() throws Exception {
        BatchOptions options = options("acme/a", "acme/b");
        options.setParallelism(1);
        Thread batch = runInBackground(options);
        RepositoryQueueTask first = nextWaiting();
        assertThat(first.getEstimatedDuration()).as("nothing finished yet").isEqualTo(-1);
        execute(first, node("agent-1"));
        RepositoryQueueTask second = nextWaiting();
        assertThat(second.getEstimatedDuration()).isNotNegative();
        assertThat(second.createExecutable().getEstimatedDuration()).isEqualTo(second.getEstimatedDuration());
        execute(second, node("agent-1"));
        batch.join();
    }

    // ---- helpers

    private CodyBatchRunner runner() {
        ProcessorFactory factory = (settings, batchJob, jobSpend) -> (job, spec, workDir, out) -> {
            workDirs.add(workDir);
            return processor.process(job, spec, workDir, out);
        };
        QueueFanOut.BuildQueue buildQueue = new QueueFanOut.BuildQueue(queue, expression -> {
            Label label = label(expression, labelIsEmpty.apply(expression));
            when(label.isOffline()).thenReturn(offline);
            return label;
        }, executorNode::get, waits);
        return new CodyBatchRunner(global, factory, EngineWiring.repositoryResolver(), Fixtures.credentials(),
                () -> buildQueue, new BatchRunner.Options(timeout, Duration.ofSeconds(10), Duration.ofMillis(20),
                        Host.JENKINS));
    }

    private Path workspace() {
        return dir.resolve("ws");
    }

    private Thread runInBackground(BatchOptions options) {
        return runInBackground(options, new AtomicReference<>(), new AtomicReference<>(), null);
    }

    private Thread runInBackground(BatchOptions options, AtomicReference<BatchReport> report,
            AtomicReference<Throwable> thrown, Authentication authentication) {
        CodyBatchRunner runner = runner();
        Thread thread = new Thread(() -> {
            try {
                report.set(build.run(runner, options, workspace(), authentication));
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

    static Label label(String expression, boolean empty) {
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

    /** A node whose channel breaks during the remote call with the given error. */
    private static Node lostNode(String name, Exception error) {
        Node node = mock(Node.class);
        when(node.getNodeName()).thenReturn(name);
        FilePath root = mock(FilePath.class);
        when(root.child(anyString())).thenReturn(root);
        when(root.getRemote()).thenReturn("/home/jenkins/" + name);
        when(root.getChannel()).thenReturn(FilePath.localChannel); // exports an object as itself
        try {
            when(root.act(any())).thenThrow(error);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
        when(node.getRootPath()).thenReturn(root);
        return node;
    }

    private static RepoResult completed(BatchJob job, String spec, Path workDir, Path out) {
        try {
            Files.writeString(out.resolve("patch.diff"), "--- a/x\n+++ b/x\n");
            return new RepoResult(spec, RepoStatus.COMPLETED, null, 1, new Usage(10, 5, 0, 0), 0.01, List.of("x"),
                    null, "done", 10);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
