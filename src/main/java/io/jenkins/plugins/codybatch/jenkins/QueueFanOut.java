package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Executor;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.labels.LabelAtom;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.agent.SharedSpend;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryEntry;
import io.jenkins.plugins.codybatch.engine.batch.RepositoryWorker;
import io.jenkins.plugins.codybatch.engine.claude.Redactor;
import io.jenkins.plugins.codybatch.engine.results.RepoResult;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * The labelled fan-out: each repository becomes a build-queue task of its own on an agent matching the label, so
 * clouds can provision agents for a large batch. On the agent it is worked in a folder of its own next to the job's
 * workspace; its files are then copied into the step's output folder, where they are archived as for the local
 * fan-out. An agent lost mid-way (disconnected, removed) gets the repository tried once more, preferably on another
 * agent. While a repository waits in the queue it says why now and then, and it gives up when no agent with the label
 * is online for too long. The batch runner keeps the rest of the policy (parallelism, timeouts, abort).
 */
final class QueueFanOut implements RepositoryWorker {

    /** How long a repository waits while no agent with the label is online and no cloud has it (system property). */
    static final Duration OFFLINE_TIMEOUT = Duration.ofSeconds(
            Long.getLong(QueueFanOut.class.getName() + ".offlineTimeoutSeconds", 600));

    /** How the fan-out waits: the offline bound, when a waiting repository says why, how often it looks. */
    record Waits(Duration offlineTimeout, Duration whyAfter, Duration whyEvery, Duration poll, Duration afterAbort) {
        static final Waits DEFAULT = new Waits(OFFLINE_TIMEOUT, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMillis(500), Duration.ofSeconds(20));
    }

    /** What the fan-out needs from Jenkins; tests pass their own. */
    record BuildQueue(Queue queue, Function<String, Label> labels, Supplier<Node> currentNode, Waits waits) {

        BuildQueue(Queue queue, Function<String, Label> labels, Supplier<Node> currentNode) {
            this(queue, labels, currentNode, Waits.DEFAULT);
        }

        static BuildQueue jenkins() {
            return new BuildQueue(Queue.getInstance(), expression -> Jenkins.get().getLabel(expression),
                    QueueFanOut::executorNode);
        }
    }

    private final BuildQueue buildQueue;
    private final String labelExpression;
    private final Run<?, ?> run;
    private final Authentication authentication;
    private final EngineSettings settings;
    private final ProcessorFactory factory;
    private final SharedSpend jobSpend;
    private final FilePath outputRoot;
    private final PrintStream log;
    private final Redactor mask;
    private final AgentFolders folders;
    private final AtomicLong finishedMillis = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();

    /** @param authentication the build's, under which the tasks run (null: Jenkins' default for the task) */
    QueueFanOut(BuildQueue buildQueue, String labelExpression, Run<?, ?> run, Authentication authentication,
            EngineSettings settings, ProcessorFactory factory, SharedSpend jobSpend, FilePath outputRoot,
            PrintStream log) {
        this.buildQueue = buildQueue;
        this.labelExpression = labelExpression;
        this.run = run;
        this.authentication = authentication;
        this.settings = settings;
        this.factory = factory;
        this.jobSpend = jobSpend;
        this.outputRoot = outputRoot;
        this.log = log;
        this.mask = EngineWiring.redactor(settings);
        this.folders = new AgentFolders(run, outputRoot.getName());
    }

    /** Says so when the step's own node has the label: its executor stays busy while the repositories wait. */
    void warnIfStepNodeHasTheLabel(Node stepNode) {
        String note = LabelChecks.stepNodeNote(buildQueue.labels().apply(labelExpression), labelExpression, stepNode);
        if (note != null) {
            log.println(CodyBatchRunner.PREFIX + note);
        }
    }

    @Override
    public RepoResult work(BatchJob job, RepositoryEntry entry, Runnable started)
            throws IOException, InterruptedException {
        String spec = entry.spec();
        try {
            return attempt(job, entry, labelExpression, started);
        } catch (AgentLostException first) {
            log.println(CodyBatchRunner.PREFIX + spec + ": " + first.getMessage() + "; trying once more");
            try {
                return attempt(job, entry, retryLabel(spec, first.node()), started);
            } catch (AgentLostException second) {
                throw new IOException("the agent was lost twice while working on it (first: " + first.getMessage()
                        + "; then: " + second.getMessage() + "). Check the agents, then retry the failed repositories");
            }
        }
    }

    /** The label without the node that was lost, when another agent or cloud has it. */
    private String retryLabel(String spec, String lostNode) {
        if (lostNode == null) {
            return labelExpression;
        }
        String elsewhere = "(" + labelExpression + ")&&!" + LabelAtom.escape(lostNode);
        Label label = buildQueue.labels().apply(elsewhere);
        if (label != null && !label.isEmpty()) {
            return elsewhere;
        }
        log.println(CodyBatchRunner.PREFIX + spec + ": no other agent has the label; the retry may use " + lostNode
                + " again");
        return labelExpression;
    }

    private RepoResult attempt(BatchJob job, RepositoryEntry entry, String expression, Runnable started)
            throws IOException, InterruptedException, AgentLostException {
        Label label = buildQueue.labels().apply(expression);
        RepositoryQueueTask task = new RepositoryQueueTask(run, outputRoot.getName(), entry.spec(), label, authentication,
                buildQueue.currentNode(), node -> workOn(node, job, entry), started, this::estimatedDuration);
        ScheduleResult scheduled = buildQueue.queue().schedule2(task, 0, List.of());
        if (scheduled == null || !scheduled.isAccepted() || scheduled.getItem() == null) {
            throw new IOException("the build queue refused its task (a plugin vetoed it); check the queue-related"
                    + " plugins, then retry the failed repositories");
        }
        task.queued(scheduled.getItem());
        log.println(CodyBatchRunner.PREFIX + entry.spec() + ": waiting in the build queue for an agent labelled '"
                + expression + "'");
        try {
            return awaitResult(task, label, expression, entry.spec());
        } catch (InterruptedException e) {
            task.abort(buildQueue.queue());
            task.awaitEnd(buildQueue.waits().afterAbort()); // its files come back first, so what it spent counts
            throw e;
        }
    }

    /**
     * Waits for the repository's result. While it waits in the queue it says why now and then; when no agent with the
     * label is online (and no cloud has it) for the offline bound, it leaves the queue and fails.
     */
    private RepoResult awaitResult(RepositoryQueueTask task, Label label, String expression, String spec)
            throws IOException, InterruptedException, AgentLostException {
        Waits waits = buildQueue.waits();
        long since = System.nanoTime();
        long nextWhy = since + waits.whyAfter().toNanos();
        long offlineSince = -1;
        while (true) {
            RepoResult result = task.await(waits.poll());
            if (result != null) {
                return result;
            }
            if (task.isOnExecutor()) {
                continue;
            }
            long now = System.nanoTime();
            if (now >= nextWhy) {
                Queue.Item item = buildQueue.queue().getItem(task);
                String why = item == null ? null : item.getWhy();
                log.println(CodyBatchRunner.PREFIX + spec + ": still waiting in the build queue after "
                        + minutesOrSeconds(Duration.ofNanos(now - since)) + (why == null ? "" : ": " + why));
                nextWhy = now + waits.whyEvery().toNanos();
            }
            if (label != null && label.isOffline() && label.getClouds().isEmpty()) {
                offlineSince = offlineSince < 0 ? now : offlineSince;
                if (now - offlineSince >= waits.offlineTimeout().toNanos() && !task.isOnExecutor()) {
                    task.abort(buildQueue.queue());
                    throw new IOException("no agent labelled '" + expression + "' was online for "
                            + minutesOrSeconds(waits.offlineTimeout()) + " while it waited in the build queue (and no"
                            + " cloud has the label); bring one online, then retry the failed repositories");
                }
            } else {
                offlineSince = -1;
            }
        }
    }

    static String minutesOrSeconds(Duration duration) {
        return duration.toMinutes() > 0 ? duration.toMinutes() + " min" : duration.toSeconds() + " s";
    }

    /** How long the repositories finished so far took on average, in milliseconds; -1 before the first. */
    private long estimatedDuration() {
        long count = finished.get();
        return count == 0 ? -1 : finishedMillis.get() / count;
    }

    /** Runs on the executor's thread: works the repository on its node and copies the files back. */
    private RepoResult workOn(Node node, BatchJob job, RepositoryEntry entry)
            throws InterruptedException, AgentLostException, IOException {
        long start = System.currentTimeMillis();
        String nodeName = nodeName(node);
        FilePath agentRoot = folders.of(node, entry);
        if (agentRoot == null) {
            throw lost(nodeName, "the agent is offline");
        }
        try {
            List<String> leftovers = folders.deleteLeftovers(agentRoot);
            if (!leftovers.isEmpty()) {
                log.println(CodyBatchRunner.PREFIX + "deleted what earlier builds left on " + nodeName + ": " + leftovers);
            }
        } catch (IOException e) {
            log.println(CodyBatchRunner.PREFIX + "could not delete what earlier builds left on " + nodeName + ": "
                    + mask.redact(String.valueOf(e.getMessage())));
        }
        log.println(CodyBatchRunner.PREFIX + entry.spec() + ": running on " + nodeName + " in " + agentRoot.getRemote());
        ProcessRepositoryCallable.Wire wire;
        try {
            wire = ProcessRepositoryCallable.run(agentRoot, job, entry, settings, factory, jobSpend);
        } catch (InterruptedException e) { // aborted or timed out: keep what it wrote there (its transcript counts)
            copyBackAfterInterrupt(agentRoot, entry, nodeName);
            throw e;
        } catch (IOException | RuntimeException e) { // a lost channel surfaces as either (RequestAbortedException)
            throw lost(nodeName, String.valueOf(e.getMessage()));
        }
        try {
            for (String file : wire.files()) {
                if (!OutputLayout.isRepositoryFile(file, entry.directory())) {
                    log.println(CodyBatchRunner.PREFIX + entry.spec() + ": ignored an unexpected file from " + nodeName
                            + ": " + mask.redact(file));
                    continue;
                }
                agentRoot.child(file).copyTo(outputRoot.child(file));
            }
        } catch (IOException e) {
            throw lost(nodeName, "it finished there, but its files could not be copied back: " + e.getMessage());
        }
        deleteQuietly(agentRoot, entry, nodeName);
        finishedMillis.addAndGet(System.currentTimeMillis() - start);
        finished.incrementAndGet();
        return wire.result();
    }

    private void copyBackAfterInterrupt(FilePath agentRoot, RepositoryEntry entry, String nodeName) {
        try {
            AgentFolders.copyKnownFiles(agentRoot, outputRoot, entry.directory());
            deleteQuietly(agentRoot, entry, nodeName);
        } catch (IOException | RuntimeException e) {
            log.println(CodyBatchRunner.PREFIX + entry.spec() + ": could not copy its files back from " + nodeName
                    + " after it was stopped: " + mask.redact(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteQuietly(FilePath agentRoot, RepositoryEntry entry, String nodeName) {
        try {
            agentRoot.deleteRecursive();
        } catch (IOException e) {
            log.println(CodyBatchRunner.PREFIX + entry.spec() + ": could not delete " + agentRoot.getRemote() + " on "
                    + nodeName + ": " + mask.redact(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private AgentLostException lost(String nodeName, String why) {
        return new AgentLostException(nodeName, mask.redact("agent " + nodeName + ": " + why));
    }

    /** The name that is also the node's own label; the built-in node's is "built-in". */
    static String nodeName(Node node) {
        String name = node.getNodeName();
        return name == null || name.isEmpty() ? "built-in" : name;
    }

    private static Node executorNode() {
        Executor executor = Executor.currentExecutor();
        if (executor == null) {
            throw new IllegalStateException("not running on an executor");
        }
        Node node = executor.getOwner().getNode();
        if (node == null) {
            throw new IllegalStateException("the executor's agent was removed");
        }
        return node;
    }
}
