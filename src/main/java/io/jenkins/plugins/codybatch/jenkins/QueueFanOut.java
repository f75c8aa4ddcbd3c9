package io.jenkins.plugins.codybatch.jenkins;

import hudson.FilePath;
import hudson.model.Executor;
import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.model.labels.LabelAtom;
import hudson.model.queue.ScheduleResult;
import io.jenkins.plugins.codybatch.engine.EngineSettings;
import io.jenkins.plugins.codybatch.engine.batch.BatchJob;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import jenkins.model.Jenkins;

/**
 * The labelled fan-out: a {@link RepositoryScheduler.Worker} that runs each repository as its own build-queue
 * task on an agent matching the label. The scheduler keeps the policy (at most {@code parallelism} in flight,
 * one retry when the agent is lost, abort); this class only turns one attempt into a queue task and waits for
 * it. On the agent the repository is worked in its own folder next to the job's workspace; its files are then
 * copied into the step's output folder, so archiving and the summary work as for the local fan-out.
 */
final class QueueFanOut implements RepositoryScheduler.Worker {

    /** What the fan-out needs from Jenkins; tests pass mocks. */
    record BuildQueue(Queue queue, Function<String, Label> labels, Supplier<Node> currentNode) {

        static BuildQueue jenkins() {
            return new BuildQueue(Queue.getInstance(), expression -> Jenkins.get().getLabel(expression),
                    QueueFanOut::executorNode);
        }
    }

    static final String AGENT_FOLDER_SUFFIX = "@cody-batch";
    private static final String PREFIX = "[cody-batch] ";

    private final BuildQueue buildQueue;
    private final String labelExpression;
    private final Run<?, ?> run;
    private final BatchJob job;
    private final EngineSettings settings;
    private final ProcessorFactory factory;
    private final FilePath outputRoot;
    private final PrintStream log;
    /** The node a repository's last attempt was lost on, so its retry prefers another one. */
    private final Map<RepoTask, String> lostOn = new ConcurrentHashMap<>();

    QueueFanOut(BuildQueue buildQueue, String labelExpression, Run<?, ?> run, BatchJob job, EngineSettings settings,
            ProcessorFactory factory, FilePath outputRoot, PrintStream log) {
        this.buildQueue = buildQueue;
        this.labelExpression = labelExpression;
        this.run = run;
        this.job = job;
        this.settings = settings;
        this.factory = factory;
        this.outputRoot = outputRoot;
        this.log = log;
    }

    /** A configuration problem with the label (no agent or cloud has it, so tasks would wait forever), or null. */
    static String labelProblem(BuildQueue buildQueue, String expression) {
        Label label = buildQueue.labels().apply(expression);
        if (label == null || label.isEmpty()) {
            return "No agent or cloud matches the label '" + expression + "': fix the label expression (or the"
                    + " global default agent label), or give an agent that label.";
        }
        return null;
    }

    @Override
    public RepoOutcome run(RepoTask task, int attempt, Runnable started)
            throws InterruptedException, RepositoryScheduler.WorkerLostException, IOException {
        Label label = labelFor(task);
        RepositoryQueueTask queueTask = new RepositoryQueueTask(run, task.spec(), label, buildQueue.currentNode(),
                node -> work(task, node), started);
        ScheduleResult scheduled = buildQueue.queue().schedule2(queueTask, 0, List.of());
        if (scheduled == null || !scheduled.isAccepted() || scheduled.getItem() == null) {
            throw new IOException("The build queue refused its task (a plugin vetoed it); check the queue-related"
                    + " plugins, then retry the failed repositories.");
        }
        queueTask.queued(scheduled.getItem());
        log.println(PREFIX + task.spec() + ": waiting in the build queue for an agent labelled '"
                + label.getExpression() + "'");
        try {
            return queueTask.await();
        } catch (InterruptedException e) {
            queueTask.abort(buildQueue.queue());
            throw e;
        }
    }

    /** The label, or for a retry the label without the node that was lost, when another agent or cloud has it. */
    private Label labelFor(RepoTask task) {
        String lost = lostOn.get(task);
        if (lost != null) {
            Label elsewhere = buildQueue.labels().apply("(" + labelExpression + ")&&!" + LabelAtom.escape(lost));
            if (elsewhere != null && !elsewhere.isEmpty()) {
                return elsewhere;
            }
            log.println(PREFIX + task.spec() + ": no other agent has the label; the retry may use " + lost + " again");
        }
        return buildQueue.labels().apply(labelExpression);
    }

    /** Runs on the executor's thread: works the repository on its node and copies the files back. */
    private RepoOutcome work(RepoTask task, Node node)
            throws InterruptedException, RepositoryScheduler.WorkerLostException, IOException {
        String nodeName = nodeName(node);
        FilePath agentRoot = agentRoot(node, task);
        if (agentRoot == null) {
            throw lost(task, nodeName, "the agent is offline");
        }
        log.println(PREFIX + task.spec() + ": running on " + nodeName + " in " + agentRoot.getRemote());
        ProcessRepositoryCallable.Wire wire;
        try {
            wire = agentRoot.act(new ProcessRepositoryCallable(job, task, settings, factory));
        } catch (IOException e) {
            throw lost(task, nodeName, String.valueOf(e.getMessage()));
        }
        try {
            outputRoot.child(OutputLayout.REPOS).child(task.dir()).deleteRecursive(); // an earlier build's files
            for (String file : wire.files()) {
                agentRoot.child(file).copyTo(outputRoot.child(file));
            }
        } catch (IOException e) {
            throw lost(task, nodeName, "it finished there, but its files could not be copied back: " + e.getMessage());
        }
        try {
            agentRoot.deleteRecursive();
        } catch (IOException e) {
            log.println(PREFIX + task.spec() + ": could not delete " + agentRoot.getRemote() + " on " + nodeName + ": "
                    + EngineWiring.redactor(settings).redact(String.valueOf(e.getMessage())));
        }
        return wire.toOutcome(task);
    }

    /** A folder of its own per repository next to the job's workspace on the node (or under the node's root). */
    private FilePath agentRoot(Node node, RepoTask task) {
        String folder = run.getNumber() + "-" + task.dir();
        if (run.getParent() instanceof TopLevelItem item) {
            FilePath workspace = node.getWorkspaceFor(item);
            return workspace == null ? null : workspace.withSuffix(AGENT_FOLDER_SUFFIX).child(folder);
        }
        FilePath root = node.getRootPath();
        return root == null ? null : root.child("cody-batch").child(folder);
    }

    private RepositoryScheduler.WorkerLostException lost(RepoTask task, String nodeName, String why) {
        lostOn.put(task, nodeName);
        return new RepositoryScheduler.WorkerLostException(EngineWiring.redactor(settings).redact("agent " + nodeName + ": " + why), null);
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
